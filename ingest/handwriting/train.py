"""Train the digit reader on generated data and write `digits.npz`.

    python -m vanban.ingest.handwriting.train [--n 50000] [--epochs 8] [--seed 7]

Deterministic for a seed; ~2 minutes on 2 cores. Prints the accuracy on a held-out generated
set."""

from __future__ import annotations

import argparse
import time

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from vanban.ingest.handwriting import model, segment, synth

JUNK_TEXT = "/:.-()SốQĐUBNDHKTgyhntáăGVXCL%&|\\"


def _junk(rng: np.random.Generator) -> np.ndarray:
    """Something that is not a digit: a printed letter or slash, a scribble, half a digit."""
    kind = rng.random()
    if kind < 0.45:
        fs = synth.fonts()
        img = Image.new("L", (96, 96), 0)
        font = ImageFont.truetype(fs[int(rng.integers(len(fs)))], 48) if fs \
            else ImageFont.load_default()
        ImageDraw.Draw(img).text((20, 10), JUNK_TEXT[int(rng.integers(len(JUNK_TEXT)))],
                                 fill=255, font=font)
        return np.asarray(img, dtype=np.float32) / 255
    if kind < 0.75:
        img = Image.new("L", (80, 80), 0)
        pts = [tuple(rng.uniform(10, 70, 2)) for _ in range(int(rng.integers(4, 9)))]
        ImageDraw.Draw(img).line(pts, fill=255, width=int(rng.integers(2, 7)))
        return np.asarray(img, dtype=np.float32) / 255
    g = synth.draw_digit(int(rng.integers(10)), rng)  # a fragment of a digit
    h, w = g.shape
    if rng.random() < 0.5:
        return g[: h // 3 + 1] if rng.random() < 0.5 else g[2 * h // 3:]
    return g[:, : w // 3 + 1]


def dataset(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    xs = np.zeros((n, 784), dtype=np.float32)
    ys = np.zeros(n, dtype=np.int64)
    for i in range(n):
        r = rng.random()
        if r < 0.08:
            y, g = model.JUNK, _junk(rng)
        else:
            y = int(rng.integers(10))
            g = synth.print_digit(y, rng) if r < 0.2 else synth.draw_digit(y, rng)
        if rng.random() < 0.3:  # a scan's grain and broken strokes
            g = g * (rng.random(g.shape) > rng.uniform(0, 0.15))
        xs[i] = segment.normalise(g).reshape(-1)
        ys[i] = y
    return xs, ys


def train(n: int, epochs: int, seed: int, hidden: int = 256) -> tuple[np.ndarray, ...]:
    t0 = time.time()
    x, y = dataset(n, seed)
    xv, yv = dataset(n // 10, seed + 1)
    print(f"data: {n} + {n // 10} in {time.time() - t0:.0f} s")
    rng = np.random.default_rng(seed)
    params = [rng.normal(0, np.sqrt(2 / 784), (784, hidden)).astype(np.float32),
              np.zeros(hidden, np.float32),
              rng.normal(0, np.sqrt(2 / hidden), (hidden, 11)).astype(np.float32),
              np.zeros(11, np.float32)]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    lr, b1, b2, step = 1e-3, 0.9, 0.999, 0
    for ep in range(epochs):
        order = rng.permutation(n)
        for s in range(0, n, 128):
            idx = order[s:s + 128]
            xb, yb = x[idx], y[idx]
            h, p = model.forward(xb, tuple(params))
            g = p.copy()
            g[np.arange(len(yb)), yb] -= 1
            g /= len(yb)
            gw2 = h.T @ g
            gb2 = g.sum(0)
            gh = (g @ params[2].T) * (h > 0)
            gw1 = xb.T @ gh
            gb1 = gh.sum(0)
            step += 1
            for i, gr in enumerate((gw1, gb1, gw2, gb2)):
                m[i] = b1 * m[i] + (1 - b1) * gr
                v[i] = b2 * v[i] + (1 - b2) * gr * gr
                mh = m[i] / (1 - b1 ** step)
                vh = v[i] / (1 - b2 ** step)
                params[i] -= lr * mh / (np.sqrt(vh) + 1e-8)
        lr *= 0.8
        acc = (model.forward(xv, tuple(params))[1].argmax(1) == yv).mean()
        print(f"epoch {ep + 1}: held-out accuracy {acc:.4f} ({time.time() - t0:.0f} s)")
    return tuple(params)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="train the handwritten digit reader")
    ap.add_argument("--n", type=int, default=50000)
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", default=str(model.WEIGHTS))
    a = ap.parse_args(argv)
    w1, bb1, w2, bb2 = train(a.n, a.epochs, a.seed)
    np.savez_compressed(a.out, w1=w1.astype(np.float16), b1=bb1.astype(np.float16),
                        w2=w2.astype(np.float16), b2=bb2.astype(np.float16))
    print(f"wrote {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
