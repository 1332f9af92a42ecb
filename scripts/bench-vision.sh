#!/bin/bash
# Issue 12's vision figures in one command (after mvn -B -Pbench -pl benchmarks -am package -DskipTests), from the
# repository's root: builds the models with scripts/vision-models.py if missing (opset 13, seed 12, float64
# references), then VisionModelPairs: per model and thread count, Lucent, ONNX Runtime and PyTorch in Python
# (benchmarks/torch_vision_peer.py, the same weights and image, logits checked first) forward, and Lucent's and
# PyTorch's input gradient (forward+backward), one call each a round, the first side rotating; the load per row.
# Usage: scripts/bench-vision.sh [quick] [OUT_DIR]   (default benchmarks/target/vision-run; models in
#        benchmarks/target/vision-models; about 15 minutes after the models are built, quick about 5: 5 rounds,
#        one thread, three models)
set -eu
rounds=9 models=resnet18,resnet50,mobilenet_v2,shufflenet_v2_x1_0,squeezenet1_1,densenet121 threads=1,2
if [ "${1:-}" = quick ]; then rounds=5 models=resnet18,mobilenet_v2,squeezenet1_1 threads=1; shift; fi
jar=benchmarks/target/benchmarks.jar
[ -f "$jar" ] || { echo "no $jar: run mvn -B -Pbench -pl benchmarks -am package -DskipTests first" >&2; exit 2; }
out=${1:-benchmarks/target/vision-run}
dir=benchmarks/target/vision-models
mkdir -p "$out" "$dir"
log() { echo "$(date -u +%H:%M:%S) $*; load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/log"; }
log "models (built once; the script skips those already there)"
/usr/bin/python3 scripts/vision-models.py --out "$dir" --models "$models" --opsets 13 2>>"$out/log" | tee -a "$out/log"
log "paired rounds"
java --add-modules jdk.incubator.vector -Xmx4g -Dlucent.visionModels="$dir" -cp "$jar" dev.lucent.bench.VisionModelPairs \
    "$rounds" "$models" "$threads" 2>>"$out/log" | tee "$out/vision.md"
log "done: $out/vision.md"
