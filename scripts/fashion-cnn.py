#!/usr/bin/python3
"""The inputs of the image-audit benchmark (issue 15 point 4): a small Fashion-MNIST CNN as ONNX and a CSV of pixels.

Run with Debian's python3-torch 1.13 (no download: the data is Debian's dataset-fashion-mnist):

    /usr/bin/python3 scripts/fashion-cnn.py --out DIR [--rows 10000] [--train-rows 20000] [--epochs 2] [--seed 1]

Writes into DIR (outside git: target/ or /tmp):
  fashion-cnn.onnx   conv(1->8,3x3)-ReLU-maxpool-conv(8->16,3x3)-ReLU-maxpool-linear(400->10), trained with Adam on the
                     first --train-rows images of the training set; input [N, 1, 28, 28] of raw pixels 0..255 (the
                     graph divides by 255 itself, so the CSV needs no preprocessing); output 10 class logits
  fashion.csv        the first --rows images of the test set (t10k), one row each: p0..p783 (row-major pixels,
                     0..255) then `label` (0..9), for `lucent audit --model fashion-cnn.onnx --data fashion.csv --label label`
and prints the CNN's accuracy on those rows.
"""
import argparse
import gzip
import os

import numpy as np
import torch

DATA = "/usr/share/datasets/fashion-mnist"


def idx(name):
    with gzip.open(os.path.join(DATA, name), "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


class Cnn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = torch.nn.Conv2d(1, 8, 3)
        self.c2 = torch.nn.Conv2d(8, 16, 3)
        self.fc = torch.nn.Linear(16 * 5 * 5, 10)

    def forward(self, x):
        x = x / 255.0
        x = torch.nn.functional.max_pool2d(torch.relu(self.c1(x)), 2)
        x = torch.nn.functional.max_pool2d(torch.relu(self.c2(x)), 2)
        return self.fc(torch.flatten(x, 1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--rows", type=int, default=10000)
    ap.add_argument("--train-rows", type=int, default=20000)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    torch.manual_seed(a.seed)
    xs = torch.tensor(idx("train-images-idx3-ubyte.gz")[:a.train_rows], dtype=torch.float32).unsqueeze(1)
    ys = torch.tensor(idx("train-labels-idx1-ubyte.gz")[:a.train_rows], dtype=torch.long)
    model = Cnn()
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    for _ in range(a.epochs):
        perm = torch.randperm(len(xs))
        for i in range(0, len(xs), 64):
            b = perm[i:i + 64]
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(xs[b]), ys[b]).backward()
            opt.step()
    model.eval()
    tx = idx("t10k-images-idx3-ubyte.gz")[:a.rows]
    ty = idx("t10k-labels-idx1-ubyte.gz")[:a.rows]
    with torch.no_grad():
        acc = (model(torch.tensor(tx, dtype=torch.float32).unsqueeze(1)).argmax(1).numpy() == ty).mean()
    torch.onnx.export(model, torch.zeros(1, 1, 28, 28), os.path.join(a.out, "fashion-cnn.onnx"), opset_version=13,
                      input_names=["image"], output_names=["logits"],
                      dynamic_axes={"image": {0: "N"}, "logits": {0: "N"}})
    with open(os.path.join(a.out, "fashion.csv"), "w") as f:
        f.write(",".join("p%d" % i for i in range(784)) + ",label\n")
        for img, y in zip(tx.reshape(len(tx), -1), ty):
            f.write(",".join(map(str, img.tolist())) + ",%d\n" % y)
    print("fashion-cnn: accuracy %.4f on the %d rows of fashion.csv" % (acc, len(ty)))


if __name__ == "__main__":
    main()
