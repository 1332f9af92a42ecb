#!/usr/bin/python3
"""Small fixtures for auditing an ONNX CNN on image data (issue 15 point 3): IDX files, a folder of PNGs per class, and a
CNN exported by Debian's python3-torch that expects normalized pixels, (v / 255 - 0.5) / 0.5.

    /usr/bin/python3 scripts/onnx-image-fixture.py --out DIR [--rows 300] [--test-rows 100] [--seed 1]

Reads Debian's dataset-fashion-mnist (no download). Writes into DIR:
  images.idx, labels.idx              the first --rows training images and their labels (IDX, uncompressed)
  test-images.idx, test-labels.idx    the first --test-rows images of t10k and their labels
  test-folder/<class>/<i>.png         the same test images as PNG files, one folder per class (0..9)
  cnn.onnx                            conv(1->4,3x3)-ReLU-maxpool(2)-linear(676->10), input 'pixels' [N,1,28,28],
                                      trained for a few hundred steps on 3,000 other training images
  torch.txt                           torch's own accuracy of the model on the test images (the oracle of the CLI test)
"""
import argparse
import importlib
import os
import sys

import numpy as np
import torch

# the IDX reader and the data's place are fashion-cnn.py's (its name has a dash: imported by importlib)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
idx = importlib.import_module("fashion-cnn").idx


def write_idx(path, array):
    array = np.ascontiguousarray(array, dtype=np.uint8)
    with open(path, "wb") as f:
        f.write(bytes([0, 0, 0x08, array.ndim]))
        for d in array.shape:
            f.write(int(d).to_bytes(4, "big"))
        f.write(array.tobytes())


class Cnn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.c = torch.nn.Conv2d(1, 4, 3)
        self.fc = torch.nn.Linear(4 * 13 * 13, 10)

    def forward(self, x):
        x = torch.nn.functional.max_pool2d(torch.relu(self.c(x)), 2)
        return self.fc(x.flatten(1))


def normalized(images):
    return (torch.tensor(images, dtype=torch.float32).unsqueeze(1) / 255.0 - 0.5) / 0.5


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--rows", type=int, default=300)
    p.add_argument("--test-rows", type=int, default=100)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    torch.manual_seed(a.seed)
    train_x, train_y = idx("train-images-idx3-ubyte.gz"), idx("train-labels-idx1-ubyte.gz")
    test_x, test_y = idx("t10k-images-idx3-ubyte.gz"), idx("t10k-labels-idx1-ubyte.gz")
    write_idx(os.path.join(a.out, "images.idx"), train_x[:a.rows])
    write_idx(os.path.join(a.out, "labels.idx"), train_y[:a.rows])
    tx, ty = test_x[:a.test_rows], test_y[:a.test_rows]
    write_idx(os.path.join(a.out, "test-images.idx"), tx)
    write_idx(os.path.join(a.out, "test-labels.idx"), ty)
    from PIL import Image
    for i, (img, label) in enumerate(zip(tx, ty)):
        folder = os.path.join(a.out, "test-folder", str(int(label)))
        os.makedirs(folder, exist_ok=True)
        Image.fromarray(img, mode="L").save(os.path.join(folder, "%04d.png" % i))

    model = Cnn()
    fit_x = normalized(train_x[a.rows:a.rows + 3000])
    fit_y = torch.tensor(train_y[a.rows:a.rows + 3000], dtype=torch.long)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    for step in range(300):
        i = torch.randint(0, len(fit_y), (64,))
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(fit_x[i]), fit_y[i]).backward()
        opt.step()
    model.eval()
    with torch.no_grad():
        acc = float((model(normalized(tx)).argmax(1).numpy() == ty).mean())
    torch.onnx.export(model, normalized(tx[:2]), os.path.join(a.out, "cnn.onnx"), input_names=["pixels"],
                      output_names=["logits"], dynamic_axes={"pixels": {0: "N"}, "logits": {0: "N"}}, opset_version=13)
    with open(os.path.join(a.out, "torch.txt"), "w") as f:
        f.write("%.6f\n" % acc)
    print("accuracy on the %d test images: %.4f" % (len(ty), acc))


if __name__ == "__main__":
    main()
