"""A throwaway PostgreSQL server for the tests and benchmarks: initdb into a temporary folder,
listening only on a unix socket in that folder, stopped and removed afterwards.

PostgreSQL refuses to run as root; as root (CI) the server runs as the user `vanbanpg`,
created here with `useradd` when missing. Without Debian's postgresql package, `skip_reason`
says so and the tests that need it skip with that reason.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

PG_USER = "vanbanpg"


def bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def skip_reason() -> str | None:
    if bin_dir() is None:
        return "không có PostgreSQL (apt-get install postgresql; `make setup` cài nó)"
    try:
        import psycopg  # noqa: F401
        import psycopg_pool  # noqa: F401
    except ImportError:
        return "không có psycopg / psycopg_pool (pip install -e '.[test]')"
    return None


def _sbin(tool: str) -> str:
    """An administration tool by full path: root's PATH may lack /usr/sbin (a bare CI shell)."""
    found = shutil.which(tool) or next(
        (p for d in ("/usr/sbin", "/sbin", "/usr/bin", "/bin") if os.access(p := f"{d}/{tool}",
                                                                             os.X_OK)), None)
    return found or tool


class Server:
    """One PostgreSQL cluster in a temporary folder (socket only, no TCP port)."""

    def __init__(self, fast: bool = True):
        bins = bin_dir()
        assert bins is not None
        self.bins = bins
        self.dir = Path(tempfile.mkdtemp(prefix="vanban-pg-"))
        self.data = self.dir / "data"
        self.root = os.geteuid() == 0
        if self.root:
            if subprocess.run(["id", PG_USER], capture_output=True).returncode != 0:
                subprocess.run([_sbin("useradd"), "--system", "--no-create-home", PG_USER],
                               check=True, capture_output=True)
            shutil.chown(self.dir, PG_USER, PG_USER)
            os.chmod(self.dir, 0o755)
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "vanban",
                  "-E", "UTF8", "--locale=C")
        opts = f"-k {self.dir} -c listen_addresses='' -c max_connections=50"
        if fast:  # tests: no fsync; the benchmark measures a durable server
            opts += " -F -c synchronous_commit=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", opts, "-l", str(self.dir / "log"),
                  "-w", "start")
        self._n = 0

    def _run(self, tool: str, *args: str) -> None:
        cmd = [str(self.bins / tool), *args]
        if self.root:
            cmd = [_sbin("runuser"), "-u", PG_USER, "--", *cmd]
        res = subprocess.run(cmd, capture_output=True, text=True)
        if res.returncode != 0:
            raise RuntimeError(f"{tool} failed: {res.stdout}\n{res.stderr}")

    def url(self, db: str = "postgres") -> str:
        return f"postgresql://vanban@/{db}?host={self.dir}"

    def new_database(self) -> str:
        """A fresh empty database; its URL."""
        import psycopg

        self._n += 1
        name = f"t{os.getpid()}_{self._n}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
