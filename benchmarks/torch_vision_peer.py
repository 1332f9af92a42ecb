#!/usr/bin/python3
"""The PyTorch side of VisionModelPairs (issue 12): one torchvision model of scripts/vision-models.py, rebuilt from
the same seed (the same weights as the ONNX file the Java sides import), on the same input image the script wrote,
timed one slice a request as torch_peer.py --serve does:

    /usr/bin/python3 benchmarks/torch_vision_peer.py DIR MODEL --threads 1 --serve

DIR is the folder scripts/vision-models.py wrote (MODEL.input.f32, MODEL.logits.f64, manifest.json with the seed).
Before answering "ready" it checks its float32 logits against the script's float64 ones (within 1e-4 of the largest
logit, the bound VisionModelsTest holds Lucent to) and refuses to time otherwise. Requests: "forward<TAB>REPS" and
"gradient<TAB>REPS"; the answer is the seconds a call took (torch.utils.benchmark's Timer, as torch_peer.py).

Written as a PyTorch engineer runs a model for inference and for input gradients: eval mode; forward under
torch.inference_mode(); the input gradient with the weights frozen (requires_grad_(False), so backward computes
the input's gradient only, as Lucent's inputGradient and Captum's saliency need) through torch.autograd.grad of
logit[0], the unit VisionModelBenchmark differentiates; default (NCHW) memory format, eager mode, no TorchScript.
torch.set_num_threads and OpenBLAS's thread count set to --threads, one inter-op thread.
"""
import argparse
import importlib.util
import json
import os
import sys

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("dir", help="folder written by scripts/vision-models.py")
parser.add_argument("model", help="model name, as in scripts/vision-models.py")
parser.add_argument("--threads", type=int, default=1)
parser.add_argument("--serve", action="store_true", help="time slices asked for on stdin (the only mode)")
args = parser.parse_args()
if args.threads < 1:
    sys.exit(f"torch_vision_peer.py: --threads must be at least 1, got {args.threads}")
os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)  # read when the BLAS loads: before torch is imported
os.environ["OMP_NUM_THREADS"] = str(args.threads)

import numpy as np  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(args.threads)
torch.set_num_interop_threads(1)

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("vision_models", os.path.join(here, "..", "scripts", "vision-models.py"))
vision = importlib.util.module_from_spec(spec)
spec.loader.exec_module(vision)

manifest_file = os.path.join(args.dir, "manifest.json")
if not os.path.isfile(manifest_file):
    sys.exit(f"torch_vision_peer.py: {args.dir} holds no manifest.json: run scripts/vision-models.py --out {args.dir} first")
facts = json.load(open(manifest_file)).get(args.model)
if facts is None:
    sys.exit(f"torch_vision_peer.py: {args.model} is not in {manifest_file}: run scripts/vision-models.py --models {args.model}")
model, side = vision.build(args.model, facts["seed"])
model.requires_grad_(False)
x = torch.from_numpy(np.fromfile(os.path.join(args.dir, args.model + ".input.f32"), dtype="<f4")).view(*facts["input_shape"])
with torch.inference_mode():
    logits = model(x)
want = np.fromfile(os.path.join(args.dir, args.model + ".logits.f64"), dtype="<f8")
off = float(np.abs(logits.reshape(-1).double().numpy() - want).max() / np.abs(want).max())
print(f"{args.model}: PyTorch {torch.__version__} float32 logits vs the float64 reference: {off:.2g} of the largest",
      file=sys.stderr)
if off > 1e-4:
    sys.exit(f"torch_vision_peer.py: {args.model}'s logits differ from the float64 reference by {off:.3g} of the largest"
             " (not the same weights or input?): not timing")


def forward():
    with torch.inference_mode():
        return model(x)


def gradient():
    xg = x.detach().requires_grad_()
    (g,) = torch.autograd.grad(model(xg)[0, 0], xg)
    return g


from peer_serve import serve  # noqa: E402

serve("torch_vision_peer.py", (("forward", forward), ("gradient", gradient)), args.threads)
