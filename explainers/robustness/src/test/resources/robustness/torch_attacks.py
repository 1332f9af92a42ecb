"""The same attacks in PyTorch, as a PyTorch engineer writes them: FGSM (L-inf) and PGD (L2, no random start, its first
step FGSM's) on the
Carlini-Wagner margin max_{j != y} z_j - z_y, a row frozen at the first iterate that leaves its class, values clipped
to [lo, hi]. Exports the small MLP it attacks to ONNX, so Lucent attacks the very same weights.
Usage: torch_attacks.py OUT_DIR"""
import sys
import torch

out = sys.argv[1]
torch.manual_seed(3)
net = torch.nn.Sequential(torch.nn.Linear(6, 16), torch.nn.Tanh(), torch.nn.Linear(16, 16), torch.nn.ReLU(), torch.nn.Linear(16, 4))
net.eval()
x0 = torch.rand(40, 6) * 2 - 1
y = net(x0).argmax(1)  # attack each row away from its own decision
lo, hi = -1.5, 1.5
torch.onnx.export(net, x0[:1], out + "/mlp.onnx", input_names=["x"], output_names=["logits"],
                  dynamic_axes={"x": {0: "n"}, "logits": {0: "n"}}, opset_version=13)


def margin(z, y):
    others = z.clone()
    others[torch.arange(len(y)), y] = -float("inf")
    return others.max(1).values - z[torch.arange(len(y)), y]


def attack(x0, y, eps, steps, alpha, norm):
    x = x0.clone()
    done = torch.zeros(len(y), dtype=torch.bool)
    best = x0.clone()
    for t in range(steps + 1):
        x = x.detach().requires_grad_(True)
        m = margin(net(x), y)
        newly = (m > 0) & ~done
        best[newly] = x.detach()[newly]
        done |= newly
        if t == steps:
            break
        g, = torch.autograd.grad(m.sum(), x)
        with torch.no_grad():
            a = eps if t == 0 else alpha  # the first step is FGSM's, the whole budget
            if norm == "linf":
                u = (x - x0 + a * g.sign()).clamp(-eps, eps)
            else:
                n = g.norm(dim=1, keepdim=True)
                u = x - x0 + torch.where(n > 0, a * g / n.clamp_min(1e-30), torch.zeros_like(g))
                un = u.norm(dim=1, keepdim=True)
                u = torch.where(un > eps, u * eps / un, u)
            xn = (x0 + u).clamp(lo, hi)
            x = torch.where(done[:, None], x.detach(), xn)
    best[~done] = x.detach()[~done]
    return best


fgsm = attack(x0, y, 0.3, 1, 0.3, "linf")
pgd = attack(x0, y, 0.8, 10, 2.5 * 0.8 / 10, "l2")
for name, t in [("x", x0), ("fgsm", fgsm), ("pgd", pgd)]:
    with open(out + "/" + name + ".txt", "w") as f:
        for row in t.tolist():
            f.write(",".join(repr(v) for v in row) + "\n")
with open(out + "/y.txt", "w") as f:
    f.write(",".join(str(int(v)) for v in y.tolist()) + "\n")
