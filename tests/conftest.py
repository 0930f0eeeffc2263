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
