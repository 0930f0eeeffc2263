"""The digit readers, run in numpy. The first (`WEIGHTS`, `digits.npz`) is a multilayer
perceptron (784-256-11, ReLU, softmax) trained by `train.py` on generated digits. The second
(`SECOND`, `digits_cnn.npz`) is a small convolutional network (two 3x3 convolutions with
max-pooling, 16 and 32 channels, then 1568-128-11) trained by `training/digits_cnn.py` on
generated digits and real handwritten ones: it reads looped and crossed digits the generator
lacks, but its probabilities are less sharp, so it confirms the first reader rather than
replacing it (see `ingest.fields.handwritten`). Both are float16, under 0.4 MB each.
Class 10 is "not a digit" (printed letters, slashes, stroke debris): a glyph read as that
class, or with a low probability, makes the whole value null rather than wrong."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

WEIGHTS = Path(__file__).with_name("digits.npz")
SECOND = Path(__file__).with_name("digits_cnn.npz")
JUNK = 10
CNN_SHAPE = (16, 32, 128)  # channels of the two convolutions, width of the hidden layer
_MLP_KEYS = ("w1", "b1", "w2", "b2")
_CNN_KEYS = ("c1w", "c1b", "c2w", "c2b", "f1w", "f1b", "f2w", "f2b")


@cache
def weights(path: Path = WEIGHTS) -> tuple[np.ndarray, ...]:
    with np.load(path) as z:
        keys = _CNN_KEYS if "c1w" in z.files else _MLP_KEYS
        return tuple(z[k].astype(np.float32) for k in keys)


def available(path: Path = WEIGHTS) -> bool:
    return path.exists()


def forward(x: np.ndarray, params: tuple[np.ndarray, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Hidden activations and class probabilities of a batch of flattened 28x28 images by the
    perceptron."""
    w1, b1, w2, b2 = params
    h = np.maximum(0.0, x @ w1 + b1)
    return h, _softmax(h @ w2 + b2)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=1, keepdims=True)


def _conv_pool(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """A 3x3 convolution (padding 1) of a batch (n, c, h, w), ReLU, 2x2 max-pooling."""
    n, c, h, wd = x.shape
    cols = sliding_window_view(np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1))), (3, 3), axis=(2, 3))
    cols = cols.transpose(0, 2, 3, 1, 4, 5).reshape(n * h * wd, c * 9)
    y = np.maximum(0.0, cols @ w.reshape(len(w), -1).T + b)
    y = y.reshape(n, h, wd, len(w)).transpose(0, 3, 1, 2)
    return y.reshape(n, len(w), h // 2, 2, wd // 2, 2).max(axis=(3, 5))


def cnn(x: np.ndarray, params: tuple[np.ndarray, ...]) -> np.ndarray:
    """Class probabilities of a batch of 28x28 images (n, 28, 28) by the convolutional net
    (the layers of `training/digits_cnn.py`, in PyTorch's layout)."""
    c1w, c1b, c2w, c2b, f1w, f1b, f2w, f2b = params
    h = _conv_pool(x[:, None], c1w, c1b)
    h = _conv_pool(h, c2w, c2b).reshape(len(x), -1)
    h = np.maximum(0.0, h @ f1w.T + f1b)
    return _softmax(h @ f2w.T + f2b)


def classify(images: list[np.ndarray], path: Path = WEIGHTS) -> np.ndarray:
    """Class probabilities (n x 11) of normalised 28x28 glyph images by the reader whose
    weights are at `path`."""
    if not images:
        return np.zeros((0, 11), dtype=np.float32)
    x = np.stack([im.reshape(28, 28) for im in images]).astype(np.float32)
    params = weights(path)
    if len(params) == len(_CNN_KEYS):
        return cnn(x, params)
    return forward(x.reshape(len(x), -1), params)[1]
