#!/usr/bin/python3
"""Exports the torchvision models VisionModelBenchmark runs (random weights, no download) to ONNX, opset 13.

    /usr/bin/python3 benchmarks/scripts/export-vision-models.py benchmarks/target/vision-models
"""
import os
import sys

import torch
import torchvision

MODELS = {
    'resnet18': torchvision.models.resnet18,
    'resnet50': torchvision.models.resnet50,
    'mobilenet_v2': torchvision.models.mobilenet_v2,
    'shufflenet_v2': torchvision.models.shufflenet_v2_x1_0,
    'squeezenet1_1': torchvision.models.squeezenet1_1,
    'densenet121': torchvision.models.densenet121,
}

out = sys.argv[1] if len(sys.argv) > 1 else 'benchmarks/target/vision-models'
os.makedirs(out, exist_ok=True)
torch.manual_seed(0)
for name, make in MODELS.items():
    model = make(weights=None).eval()
    # eval mode: torch.onnx folds each Conv->BatchNorm pair into the conv, as a deployed model would be
    torch.onnx.export(model, torch.randn(1, 3, 224, 224), os.path.join(out, name + '.onnx'), opset_version=13,
                      input_names=['input'], output_names=['logits'], do_constant_folding=True)
    print(name, flush=True)
