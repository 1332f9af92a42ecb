#!/usr/bin/python3
"""The second peer, outside the JVM: EngineBenchmark's workloads in plain PyTorch (Debian's python3-torch), timed with
torch.utils.benchmark, on the very weights and data the Java sides use (written by dev.lucent.bench.WorkloadsExport).
It first checks that the losses agree with Lucent's, then prints one markdown row a workload: median time a call,
with the interquartile range of torch.utils.benchmark's blocks.

    java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar dev.lucent.bench.WorkloadsExport /tmp/workloads
    /usr/bin/python3 benchmarks/torch_peer.py /tmp/workloads --threads 1
    /usr/bin/python3 benchmarks/torch_peer.py /tmp/workloads --threads 2

With --serve it times nothing by itself: dev.lucent.bench.EnginePairedRuns starts it and, round by round, asks it
for one slice of a workload between its own Lucent and DJL slices (a line "NAME<TAB>REPS" on stdin; the answer,
one line on stdout, is the seconds a call took, timed by torch.utils.benchmark's Timer.timeit over REPS calls), so
the Python peer is paired with the Java sides as they are with each other. It answers "ready" once the check passed.

Written as a PyTorch engineer writes it: nn.Linear / nn.Conv2d modules, F.cross_entropy, torch.optim.SGD with
zero_grad() (set_to_none=False in 1.13: the gradients' memory is reused, as on the Java sides), inference under
torch.inference_mode(), input gradients with torch.autograd.grad on a frozen copy of the model (no weight gradients),
torch.set_num_threads for intra-op threads and one inter-op thread.
"""
import argparse
import os
import sys

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("data", help="folder written by dev.lucent.bench.WorkloadsExport")
parser.add_argument("--threads", type=int, default=1, help="intra-op threads (torch.set_num_threads), and BLAS threads")
parser.add_argument("--min-run-time", type=float, default=2.0, help="seconds of timing a workload (blocked_autorange)")
parser.add_argument("--only", default="", help="run only the workloads whose name contains this")
parser.add_argument("--serve", action="store_true", help="time slices asked for on stdin (EnginePairedRuns)")
args = parser.parse_args()
if args.threads < 1:
    sys.exit(f"torch_peer.py: --threads must be at least 1, got {args.threads}")
if not os.path.isfile(os.path.join(args.data, "lucent-losses.txt")):
    sys.exit(f"torch_peer.py: {args.data} holds no lucent-losses.txt: write it with dev.lucent.bench.WorkloadsExport first")
# Debian's torch multiplies matrices in the system BLAS (OpenBLAS), which takes its thread count from the
# environment when it loads and ignores torch.set_num_threads: set it before torch is imported.
os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)
os.environ["OMP_NUM_THREADS"] = str(args.threads)

import copy  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch.utils.benchmark import Timer  # noqa: E402

torch.set_num_threads(args.threads)
torch.set_num_interop_threads(1)


def load(name, *shape, dtype="<f4"):
    return torch.from_numpy(np.fromfile(os.path.join(args.data, name), dtype=dtype).reshape(shape).copy())


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1, self.l2, self.l3 = nn.Linear(784, 256), nn.Linear(256, 128), nn.Linear(128, 10)

    def forward(self, x):
        return self.l3(F.relu(self.l2(F.relu(self.l1(x)))))


class Cnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1, self.c2, self.fc = nn.Conv2d(1, 16, 3), nn.Conv2d(16, 32, 3), nn.Linear(32 * 5 * 5, 10)

    def forward(self, x):
        h = F.max_pool2d(F.relu(self.c1(x)), 2)
        h = F.max_pool2d(F.relu(self.c2(h)), 2)
        return self.fc(h.flatten(1))


def mlp():
    m = Mlp()
    with torch.no_grad():  # Lucent stores linear weights [in, out]; nn.Linear holds [out, in]
        for layer, w, b, i, o in ((m.l1, "w1", "b1", 784, 256), (m.l2, "w2", "b2", 256, 128), (m.l3, "w3", "b3", 128, 10)):
            layer.weight.copy_(load(w + ".f32", i, o).t())
            layer.bias.copy_(load(b + ".f32", o))
    return m


def cnn():
    m = Cnn()
    with torch.no_grad():
        m.c1.weight.copy_(load("conv1.f32", 16, 1, 3, 3)); m.c1.bias.copy_(load("conv1b.f32", 16))
        m.c2.weight.copy_(load("conv2.f32", 32, 16, 3, 3)); m.c2.bias.copy_(load("conv2b.f32", 32))
        m.fc.weight.copy_(load("fc.f32", 800, 10).t()); m.fc.bias.copy_(load("fcb.f32", 10))
    return m


x256 = load("x256.f32", 256, 784)
labels256 = load("labels256.i32", 256, dtype="<i4").long()
mat_a, mat_b = load("matA.f32", 64, 784), load("matB.f32", 784, 256)


def train_step(model, optimizer, x, y):
    optimizer.zero_grad()
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    optimizer.step()
    return loss.item()


def input_gradients(frozen, x, y):
    x = x.detach().requires_grad_()
    (g,) = torch.autograd.grad(frozen(x).gather(1, y.unsqueeze(1)).sum(), x)
    return g


alphas = ((torch.arange(50, dtype=torch.float32) + 0.5) / 50).view(50, 1)  # Riemann middle points, as the Java sides
image, label = x256[:1], int(labels256[0])


def integrated_gradients(frozen):
    path = (alphas * image).requires_grad_()
    (g,) = torch.autograd.grad(frozen(path)[:, label].sum(), path)
    return g.mean(0) * image[0]


def inference(model, x):
    with torch.inference_mode():
        return model(x)


# the check: the same losses as Lucent's on the same weights and data
expected = dict(line.split() for line in open(os.path.join(args.data, "lucent-losses.txt")))
m, x64, y64 = mlp(), x256[:64], labels256[:64]
opt = torch.optim.SGD(m.parameters(), lr=0.01)
worst = 0.0
for step in range(1, 6):
    loss = train_step(m, opt, x64, y64)
    want = float(expected[f"mlp_step{step}"])
    worst = max(worst, abs(loss - want))
    print(f"MLP loss at SGD step {step}, batch 64: Lucent {want:.6f}, PyTorch {torch.__version__} {loss:.6f}", file=sys.stderr)
c = cnn()
loss = train_step(c, torch.optim.SGD(c.parameters(), lr=0.01), x64.view(64, 1, 28, 28), y64)
print(f"CNN loss at step 1, batch 64: Lucent {float(expected['cnn_step1']):.6f}, PyTorch {loss:.6f}", file=sys.stderr)
worst = max(worst, abs(loss - float(expected["cnn_step1"])))
out_diff = (inference(mlp(), x64) - load("lucent_inference64.f32", 64, 10)).abs().max().item()
print(f"inference b64: max |Lucent - PyTorch| = {out_diff:.3g}", file=sys.stderr)
if worst > 1e-5 or out_diff > 1e-4:
    sys.exit(f"torch_peer.py: PyTorch and Lucent disagree (loss by {worst:.3g}, outputs by {out_diff:.3g}): not timing")

workloads = []
for n in (1, 64, 256):
    x, y = x256[:n].contiguous(), labels256[:n].contiguous()
    images = x.view(n, 1, 28, 28)
    tm, tc = mlp(), cnn()
    om, oc = torch.optim.SGD(tm.parameters(), lr=0.01), torch.optim.SGD(tc.parameters(), lr=0.01)
    frozen = mlp().requires_grad_(False)
    workloads += [
        (f"MLP train step, batch {n}", lambda tm=tm, om=om, x=x, y=y: train_step(tm, om, x, y)),
        (f"small CNN train step, batch {n}", lambda tc=tc, oc=oc, i=images, y=y: train_step(tc, oc, i, y)),
        (f"inference, batch {n}", lambda f=frozen, x=x: inference(f, x)),
        (f"input gradients, batch {n}", lambda f=frozen, x=x, y=y: input_gradients(f, x, y)),
    ]
frozen = mlp().requires_grad_(False)
workloads += [
    ("integrated gradients, 50 steps, 1 image", lambda: integrated_gradients(frozen)),
    ("matmul 64x784 by 784x256", lambda: torch.mm(mat_a, mat_b)),
]


if args.serve:
    from peer_serve import serve  # noqa: E402

    serve("torch_peer.py", workloads, args.threads)
    sys.exit(0)

threads = "1 thread" if args.threads == 1 else f"{args.threads} threads"
print(f"| workload | PyTorch {torch.__version__} (Python) median | interquartile range |")
print("|---|---|---|")
for name, work in workloads:
    if args.only.lower() not in name.lower():
        continue
    m = Timer(stmt="work()", globals={"work": work}, num_threads=args.threads).blocked_autorange(min_run_time=args.min_run_time)
    fmt = (lambda s: f"{s * 1e3:.2f} ms") if m.median >= 1e-3 else (lambda s: f"{s * 1e6:.1f} us")
    extra = f" ({2 * 64 * 784 * 256 / m.median / 1e9:.1f} GFLOP/s)" if name.startswith("matmul") else ""
    print(f"| {name}, {threads} | {fmt(m.median)}{extra} | {fmt(m.iqr)} |", flush=True)
