from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpus" / "samples"
SHARED = Path(os.environ.get("VANBAN_SHARED", ROOT.parent / "shared"))


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared không có")
    return SHARED


def seed(n: int) -> Path:
    return next(SAMPLES.glob(f"{n:03d}_*.txt"))


def variant(text: str, i: int) -> str:
    """Another document made from a sample: every number shifted, so it is not a near-duplicate
    of the sample (same template, other figures, as next year's report would be)."""
    import re

    return re.sub(r"\d+", lambda m: str(int(m.group(0)) + 7 * (i + 1)), text)


@pytest.fixture(scope="session")
def pg_server():
    """A throwaway PostgreSQL server for the session (skips, saying why, without one)."""
    from tests import pg

    reason = pg.skip_reason()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI phải chạy các bài kiểm tra PostgreSQL: {reason}")
        pytest.skip(reason)
    server = pg.Server()
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server) -> str:
    """A fresh empty PostgreSQL database for one test."""
    return pg_server.new_database()
