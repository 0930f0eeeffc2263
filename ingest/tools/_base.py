"""What every external-tool wrapper shares: find the program, read its version once, run it
with a time limit, and turn every way it can fail into a typed error with a Vietnamese message."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from vanban.ingest.errors import ToolMissing, ToolTimeout

PROBE_TIMEOUT = 15  # seconds for `--version`: a tool that cannot say its version is broken
_VERSION = re.compile(r"(\d+(?:\.\d+)+)")


@dataclass(frozen=True)
class ToolStatus:
    """One line of `vanban check`'s tool listing."""

    name: str
    found: bool
    version: str | None
    minimum: str | None
    ok: bool
    message_vi: str


def version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", version))


@dataclass(frozen=True)
class Tool:
    """One program: how to ask its version and what to tell the user to install."""

    name: str
    version_args: tuple[str, ...]
    minimum: str | None
    package: str  # the Debian package(s) to install, for the message
    purpose_vi: str  # what vanban needs it for

    def path(self) -> str | None:
        return _which(self.name)

    def version(self) -> str | None:
        """The version the program reports (cached: asked once per process)."""
        return _version(self.name, self.version_args)

    def status(self) -> ToolStatus:
        exe = self.path()
        if exe is None:
            return ToolStatus(self.name, False, None, self.minimum, False,
                              f"không tìm thấy {self.name} ({self.purpose_vi}); "
                              f"cài gói {self.package}")
        version = self.version()
        if self.minimum and (version is None
                             or version_tuple(version) < version_tuple(self.minimum)):
            shown = version or "không rõ"
            return ToolStatus(self.name, True, version, self.minimum, False,
                              f"{self.name} phiên bản {shown} quá cũ (cần từ {self.minimum}); "
                              f"cài bản mới của gói {self.package}")
        return ToolStatus(self.name, True, version, self.minimum, True,
                          f"{self.name} {version or ''} sẵn sàng ({self.purpose_vi})".replace(
                              "  ", " "))

    def require(self, what_vi: str) -> str:
        """The program's path, or ToolMissing saying what it was needed for."""
        exe = self.path()
        if exe is None:
            raise ToolMissing(f"không tìm thấy {self.name} để {what_vi} (cài gói {self.package})",
                              tool=self.name)
        return exe

    def run(self, args: Sequence[str], timeout: float, what_vi: str,
            env: Mapping[str, str] | None = None,
            stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        """Run the program; its exit code is left to the caller (it means different things
        per tool). Raises ToolMissing if it is not installed, ToolTimeout past `timeout`."""
        exe = self.require(what_vi)
        try:
            return subprocess.run([exe, *args], capture_output=True, timeout=timeout,
                                  env=dict(env) if env is not None else None, check=False,
                                  input=stdin)
        except subprocess.TimeoutExpired as exc:
            raise ToolTimeout(f"{what_vi} quá thời gian cho phép", tool=self.name) from exc
        except OSError as exc:  # found on PATH but not runnable (permissions, broken binary)
            raise ToolMissing(f"không chạy được {self.name} để {what_vi} ({exc.strerror})",
                              tool=self.name) from exc


@cache
def _which(name: str) -> str | None:
    return shutil.which(name)


@cache
def _version(name: str, args: tuple[str, ...]) -> str | None:
    exe = _which(name)
    if exe is None:
        return None
    try:
        proc = subprocess.run([exe, *args], capture_output=True, timeout=PROBE_TIMEOUT,
                              check=False)
    except (subprocess.TimeoutExpired, OSError):
        return None
    out = (proc.stdout + b"\n" + proc.stderr).decode("utf-8", "replace")
    for line in out.splitlines():
        if "version" in line.lower() or line.lower().startswith(name):
            m = _VERSION.search(line)
            if m:
                return m.group(1)
    return None


def clear_cache() -> None:
    """Forget the probes (after installing a tool in a running process, and in tests)."""
    _which.cache_clear()
    _version.cache_clear()
