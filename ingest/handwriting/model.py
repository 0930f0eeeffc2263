"""The digit reader: a small multilayer perceptron (784-256-11, ReLU, softmax) in numpy,
trained by `train.py` on generated digits and shipped as `digits.npz` (float16, ~0.4 MB).
Class 10 is "not a digit" (printed letters, slashes, stroke debris): a glyph read as that
class, or with a low probability, makes the whole value null rather than wrong."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np

WEIGHTS = Path(__file__).with_name("digits.npz")
JUNK = 10


@cache
def weights() -> tuple[np.ndarray, ...]:
    with np.load(WEIGHTS) as z:
        return tuple(z[k].astype(np.float32) for k in ("w1", "b1", "w2", "b2"))


def available() -> bool:
    return WEIGHTS.exists()


def forward(x: np.ndarray, params: tuple[np.ndarray, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Hidden activations and class probabilities of a batch of flattened 28x28 images."""
    w1, b1, w2, b2 = params
    h = np.maximum(0.0, x @ w1 + b1)
    z = h @ w2 + b2
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return h, p / p.sum(axis=1, keepdims=True)


def classify(images: list[np.ndarray]) -> np.ndarray:
    """Class probabilities (n x 11) of normalised 28x28 glyph images."""
    if not images:
        return np.zeros((0, 11), dtype=np.float32)
    x = np.stack([im.reshape(-1) for im in images]).astype(np.float32)
    return forward(x, weights())[1]
