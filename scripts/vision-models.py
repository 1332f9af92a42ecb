#!/usr/bin/python3
"""Builds the vision model set of issue 12 and the float64 references its checks use.

Run with Debian's python3-torch 1.13 and python3-torchvision 0.14 (no download: random weights from a seed):

    /usr/bin/python3 scripts/vision-models.py --out DIR [--models squeezenet1_1,resnet18] [--opsets 13,17]

For each model NAME it writes into DIR (which should be outside git: target/ or /tmp):
  NAME-opN.onnx       the model in eval mode exported by torch.onnx at opset N, batch dimension symbolic
  NAME.input.f32      one seeded input image [1, 3, H, W], float32 little-endian
  NAME.logits.f64     the model's logits for that image computed in float64 (model.double()), little-endian
  NAME.grad.f64       d logit[target] / d input in float64 (torch autograd), [3 * H * W] little-endian
  NAME.properties     the target class, input shape and per opset the file or the export error (for the Java check)
and DIR/manifest.json: per model the input shape, the target class (the float64 top class), the opsets exported,
file sizes, any export error with its exact message, PyTorch's own float32 gradient error against the float64
one (what float32 allows at this input), and float64 central differences beside the autograd gradient at the
largest component and two random ones, each at two step sizes (1e-6 and 5e-7): they show the float64 oracle is
itself right (float32 differences could not: one ulp of a logit of 10 over 2h is as large as most gradient
components). A coordinate counts only where the two step sizes agree: where they do not, a ReLU or max-pool kink
lies within h of it (Inception v3) and the difference quotient, not autograd, is off.

Weights: torchvision's own initializers under torch.manual_seed(seed). BatchNorm running statistics are then
measured on a few seeded random batches (train mode, no gradient), as training would leave them; with the
initial statistics (mean 0, variance 1) deep ResNets' logits grow to 1e19 and every check is about overflow.
Models already present in DIR's manifest with their files are not rebuilt (--force rebuilds).
"""
import argparse
import json
import os
import sys
import time
import traceback

import numpy as np
import torch
import torchvision

# name -> (constructor, input side); Inception v3 expects 299x299, the rest 224x224.
MODELS = {
    "resnet18": (lambda **kw: torchvision.models.resnet18(**kw, weights=None), 224),
    "resnet50": (lambda **kw: torchvision.models.resnet50(**kw, weights=None), 224),
    "densenet121": (lambda **kw: torchvision.models.densenet121(**kw, weights=None), 224),
    "mobilenet_v2": (lambda **kw: torchvision.models.mobilenet_v2(**kw, weights=None), 224),
    "mobilenet_v3_large": (lambda **kw: torchvision.models.mobilenet_v3_large(**kw, weights=None), 224),
    "shufflenet_v2_x1_0": (lambda **kw: torchvision.models.shufflenet_v2_x1_0(**kw, weights=None), 224),
    "squeezenet1_1": (lambda **kw: torchvision.models.squeezenet1_1(**kw, weights=None), 224),
    "efficientnet_b0": (lambda **kw: torchvision.models.efficientnet_b0(**kw, weights=None), 224),
    "vgg16": (lambda **kw: torchvision.models.vgg16(**kw, weights=None), 224),
    "googlenet": (lambda **kw: torchvision.models.googlenet(**kw, weights=None, aux_logits=False, init_weights=True), 224),
    "inception_v3": (lambda **kw: torchvision.models.inception_v3(**kw, weights=None, aux_logits=False, init_weights=True), 299),
    "convnext_tiny": (lambda **kw: torchvision.models.convnext_tiny(**kw, weights=None), 224),
    "vit_b_16": (lambda **kw: torchvision.models.vit_b_16(**kw, weights=None), 224),
}

IMAGENET_MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
IMAGENET_STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)


def image(gen, side, n=1):
    """A seeded 'photo': smooth colour gradients plus noise in [0, 1], normalized as torchvision's models expect."""
    ys = torch.linspace(0, 1, side).view(1, 1, side, 1)
    xs = torch.linspace(0, 1, side).view(1, 1, 1, side)
    phase = torch.rand(n, 3, 1, 1, generator=gen) * 6.28
    smooth = 0.5 + 0.4 * torch.sin(6.0 * xs + 4.0 * ys + phase)
    noisy = (smooth + 0.1 * torch.rand(n, 3, side, side, generator=gen)).clamp(0, 1)
    return (noisy - IMAGENET_MEAN) / IMAGENET_STD


def build(name, seed, classes=None):
    ctor, side = MODELS[name]
    torch.manual_seed(seed)
    model = ctor(**({"num_classes": classes} if classes else {}))
    if name.startswith("vit"):  # torchvision zero-initializes ViT's head: every logit and gradient would be 0
        torch.nn.init.normal_(model.heads.head.weight, std=0.02)
    if any(isinstance(m, torch.nn.modules.batchnorm._BatchNorm) for m in model.modules()):
        for m in model.modules():
            if isinstance(m, torch.nn.modules.batchnorm._BatchNorm):
                m.reset_running_stats()
                m.momentum = None  # cumulative average over the calibration batches
        gen = torch.Generator().manual_seed(seed + 1)
        model.train()
        with torch.no_grad():
            for _ in range(3):
                model(image(gen, side, 4))
    model.eval()
    return model, side


def export(model, x, path, opset):
    # Traced with gradients on: under no_grad, torch 1.13's MultiheadAttention (ViT) takes its fused fast path,
    # aten::_native_multi_head_attention, which torch.onnx cannot export.
    torch.onnx.export(model, x, path, opset_version=opset, input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}}, do_constant_folding=True)


# Central differences at two step sizes: where a ReLU or max-pool switch lies within h of the coordinate, the
# difference quotient mixes the two sides of the kink and the two step sizes give different values (the kink's
# share of the step differs); off kinks the network is smooth there and both agree far below the bounds checked.
# With 1e-5 against 1e-6, Inception v3 flagged 3 of 4 coordinates whose 1e-6 quotient was right to 1e-9: kinks
# between 1e-6 and 1e-5 away; so the second step is half the first, and a flag means the 1e-6 value is affected.
STEPS = (1e-6, 5e-7)
AGREE = 1e-6  # of the largest gradient component: what the two steps must agree to for the coordinate to count
# (rounding alone leaves about 1e-16 |logit| / h, 1e-8 to 3e-7 of the largest component here; a kink, 1e-3)


def references(model, x32, out, name, seed):
    """Float64 logits and input gradient of the top class; central differences at a few coordinates."""
    m64 = model.double()
    x = x32.double().clone().requires_grad_(True)
    logits = m64(x)
    target = int(logits[0].argmax())
    logits[0, target].backward()
    grad = x.grad.detach().reshape(-1).numpy()
    logits.detach().numpy().astype("<f8").tofile(os.path.join(out, name + ".logits.f64"))
    grad.astype("<f8").tofile(os.path.join(out, name + ".grad.f64"))
    rng = np.random.default_rng(seed)
    coords = [int(np.abs(grad).argmax())] + [int(c) for c in rng.integers(grad.size, size=2)]  # the largest, 2 random
    max_grad = float(np.abs(grad).max())
    checks = []
    with torch.no_grad():
        flat = x.detach().reshape(-1)

        def central(c, h):
            plus = flat.clone(); plus[c] += h
            minus = flat.clone(); minus[c] -= h
            return (float(m64(plus.view_as(x))[0, target]) - float(m64(minus.view_as(x))[0, target])) / (2 * h)

        for c in coords:
            d = [central(c, h) for h in STEPS]
            checks.append({"index": int(c), "autograd": float(grad[c]), "central": d[0], "central_steps": dict(zip(map(str, STEPS), d)),
                           "steps_agree": abs(d[0] - d[1]) <= AGREE * max_grad})
    model.float()
    return target, float(np.abs(logits.detach().numpy()).max()), max_grad, checks


def float32_error(model, x32, target, grad64_file):
    """How far PyTorch's own float32 gradient is from the float64 one (largest error over largest component): what
    float32 arithmetic allows at this input. Near ReLU/ReLU6 kinks float32 and float64 can take different sides,
    so in some models this is well above float32's epsilon."""
    x = x32.clone().float().requires_grad_(True)
    model.float()(x)[0, target].backward()
    g64 = np.fromfile(grad64_file, dtype="<f8")
    return float(np.abs(x.grad.reshape(-1).double().numpy() - g64).max() / np.abs(g64).max())


def write_facts(path, entry):
    """The facts the Java check reads (java.util.Properties; the JDK has no JSON reader)."""
    lines = ["target=%d" % entry["target"], "input_shape=%s" % ",".join(map(str, entry["input_shape"])),
             "central_vs_autograd=%r" % entry["central_vs_autograd"], "central_agreeing=%d" % entry["central_agreeing"],
             "central_checked=%d" % len(entry["central_differences"]), "max_abs_grad=%r" % entry["max_abs_grad"],
             "float32_grad_error=%r" % entry["float32_grad_error"]]
    for op, v in sorted(entry["opsets"].items()):
        lines.append("op%s=%s" % (op, v.get("file") or "export failed: " + v["export_error"]))
    with open(path, "w") as f:
        f.write("\n".join(l.replace("\\", "\\\\") for l in lines) + "\n")


def audit_csv(path, side, rows):
    """An image data set as the CLI reads it: scikit-learn's digits (../shared/datasets/digits.csv.gz, 8x8, 0..16)
    upscaled to side x side, grey copied to RGB, normalized with ImageNet's mean and std; one row per image
    (channel, row, column order, as [3, side, side] flattened), then the digit as the label (unit j of the model)."""
    import gzip
    here = os.path.dirname(os.path.abspath(__file__))
    digits = np.loadtxt(gzip.open(os.path.join(here, "..", "..", "shared", "datasets", "digits.csv.gz")), delimiter=",")
    per_class = max(1, rows // 10)
    chosen = np.concatenate([np.flatnonzero(digits[:, -1] == d)[:per_class] for d in range(10)])
    img = torch.from_numpy(digits[chosen, :64] / 16.0).float().view(-1, 1, 8, 8)
    img = torch.nn.functional.interpolate(img, size=(side, side), mode="bilinear", align_corners=False).repeat(1, 3, 1, 1)
    img = ((img - IMAGENET_MEAN) / IMAGENET_STD).reshape(len(chosen), -1).numpy()
    with open(path, "w") as f:
        f.write(",".join("p%d" % i for i in range(img.shape[1])) + ",label\n")
        for row, label in zip(img, digits[chosen, -1].astype(int)):
            f.write(",".join("%.4g" % v for v in row) + ",%d\n" % label)


def audit_folder(path, side, rows, seed):
    """Image folders as the CLI reads them with `--pixels imagenet`: PATH/train and PATH/test, one sub-folder per digit
    (0..9, units 0..9 of the model), PNG files of side x side RGB bytes: scikit-learn's digits upscaled, each tinted by a
    seeded colour so the three channels differ. `rows` images in each of train and test, spread over the ten digits."""
    import gzip
    from PIL import Image
    here = os.path.dirname(os.path.abspath(__file__))
    digits = np.loadtxt(gzip.open(os.path.join(here, "..", "..", "shared", "datasets", "digits.csv.gz")), delimiter=",")
    per_class = max(1, rows // 10)
    gen = np.random.default_rng(seed)
    for split, offset in (("train", 0), ("test", per_class)):
        for d in range(10):
            os.makedirs(os.path.join(path, split, str(d)), exist_ok=True)
            for i, r in enumerate(np.flatnonzero(digits[:, -1] == d)[offset:offset + per_class]):
                img = torch.from_numpy(digits[r, :64] / 16.0).float().view(1, 1, 8, 8)
                img = torch.nn.functional.interpolate(img, size=(side, side), mode="bilinear", align_corners=False)[0, 0]
                tint = torch.from_numpy(gen.uniform(0.3, 1.0, 3)).float().view(3, 1, 1)
                rgb = (img.clamp(0, 1) * tint * 255).round().byte().permute(1, 2, 0).numpy()
                Image.fromarray(rgb, "RGB").save(os.path.join(path, split, str(d), "%d-%03d.png" % (d, i)))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", required=True, help="output directory (outside git)")
    p.add_argument("--models", default=",".join(MODELS), help="comma-separated names; default all: " + ",".join(MODELS))
    p.add_argument("--opsets", default="13,17")
    p.add_argument("--seed", type=int, default=12)
    p.add_argument("--force", action="store_true", help="rebuild models already in the manifest")
    p.add_argument("--audit-csv", metavar="FILE", help="instead: write an image data set for `lucent audit` to FILE")
    p.add_argument("--audit-folder", metavar="DIR", help="instead: write PNG image folders DIR/train and DIR/test for "
                   "`lucent audit --data DIR/train --test DIR/test --pixels imagenet`")
    p.add_argument("--audit-model", metavar="NAME", help="instead: export NAME at --side pixels as DIR/NAME-<side>px-op<N>.onnx, "
                   "without references (for audit tests)")
    p.add_argument("--classes", type=int, help="with --audit-model: output units (default the model's 1000)")
    p.add_argument("--side", type=int, default=224, help="with --audit-csv, --audit-folder or --audit-model: image side (299 for inception_v3)")
    p.add_argument("--rows", type=int, default=60, help="with --audit-csv or --audit-folder: images (per split), spread over the ten digits")
    a = p.parse_args()
    if a.audit_csv:
        audit_csv(a.audit_csv, a.side, a.rows)
        return
    if a.audit_folder:
        audit_folder(a.audit_folder, a.side, a.rows, a.seed)
        return
    if a.audit_model:  # one model at --side, no references: what an audit test needs, in seconds
        model, _ = build(a.audit_model, a.seed, a.classes)
        os.makedirs(a.out, exist_ok=True)
        for o in (int(o) for o in a.opsets.split(",")):
            export(model, image(torch.Generator().manual_seed(a.seed + 2), a.side), os.path.join(a.out, "%s-%dpx-op%d.onnx" % (a.audit_model, a.side, o)), o)
        return
    names = [n for n in a.models.split(",") if n]
    unknown = [n for n in names if n not in MODELS]
    if unknown:
        sys.exit("vision-models: unknown model(s) %s; known: %s" % (", ".join(unknown), ", ".join(MODELS)))
    opsets = [int(o) for o in a.opsets.split(",")]
    os.makedirs(a.out, exist_ok=True)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    manifest_path = os.path.join(a.out, "manifest.json")
    manifest = json.load(open(manifest_path)) if os.path.exists(manifest_path) else {}
    for name in names:
        old = manifest.get(name)
        t0 = time.time()
        if (not a.force and old and old.get("seed") == a.seed and all("file" in old.get("opsets", {}).get(str(o), {}) for o in opsets)
                and os.path.exists(os.path.join(a.out, name + ".grad.f64")) and "central_agreeing" in old):
            print("%s: up to date" % name, flush=True)
            continue
        model, side = build(name, a.seed)
        x = image(torch.Generator().manual_seed(a.seed + 2), side)
        x.numpy().astype("<f4").tofile(os.path.join(a.out, name + ".input.f32"))
        entry = {"seed": a.seed, "input_shape": [1, 3, side, side], "opsets": {},
                 "parameters": sum(p.numel() for p in model.parameters())}
        for op in opsets:
            path = os.path.join(a.out, "%s-op%d.onnx" % (name, op))
            try:
                export(model, x, path, op)
                entry["opsets"][str(op)] = {"file": os.path.basename(path), "bytes": os.path.getsize(path)}
            except Exception as e:  # recorded with its exact message: the set reports what cannot be exported
                entry["opsets"][str(op)] = {"export_error": "%s: %s" % (type(e).__name__, str(e).splitlines()[0] if str(e) else "")}
                traceback.print_exc()
        target, max_logit, max_grad, checks = references(model, x, a.out, name, a.seed)
        entry.update(target=target, max_abs_logit=max_logit, max_abs_grad=max_grad, central_differences=checks)
        # the oracle's check counts only the coordinates where both step sizes agree (no kink within h)
        agreeing = [c for c in checks if c["steps_agree"]]
        entry["central_agreeing"] = len(agreeing)
        entry["central_vs_autograd"] = max((abs(c["central"] - c["autograd"]) for c in agreeing), default=float("nan")) / max_grad
        entry["float32_grad_error"] = float32_error(model, x, entry["target"], os.path.join(a.out, name + ".grad.f64"))
        manifest[name] = entry
        write_facts(os.path.join(a.out, name + ".properties"), entry)
        with open(manifest_path + ".tmp", "w") as f:
            json.dump(manifest, f, indent=1, sort_keys=True)
        os.replace(manifest_path + ".tmp", manifest_path)
        print("%s: %.1f s, target %d, max |logit| %.3g, max |grad| %.3g, central differences vs autograd %.2g"
              " (at the %d of %d coordinates where steps %s agree),"
              " PyTorch float32 gradient vs float64 %.2g (both relative to max |grad|), opsets %s"
              % (name, time.time() - t0, entry["target"], entry["max_abs_logit"], entry["max_abs_grad"],
                 entry["central_vs_autograd"], entry["central_agreeing"], len(entry["central_differences"]), STEPS,
                 entry["float32_grad_error"],
                 {k: ("ok" if "file" in v else v["export_error"]) for k, v in entry["opsets"].items()}), flush=True)

if __name__ == "__main__":
    main()
