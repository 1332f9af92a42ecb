#!/bin/bash
# Issue 13's engine matrix in one command (after mvn -B -Pbench -pl benchmarks -am package -DskipTests), from the
# repository's root: the machine's FMA peak on one core, the parity check (PeerSmoke), then EnginePairedRuns: every
# workload at batch sizes 1, 64 and 256 on 1 and 2 threads, Lucent, PyTorch through DJL and PyTorch in Python
# (benchmarks/torch_peer.py, Debian's python3-torch, which first checks its losses against Lucent's) timed in the
# same rounds. Writes OUT_DIR/matrix.md (the table of docs/benchmarks.md), matrix.svg (the ratios as bars) and
# matrix.tsv (the figures; `BenchReport matrix.tsv` re-draws both), with the load beside every row.
# Usage: scripts/bench-engine.sh [quick] [OUT_DIR]   (default benchmarks/target/engine-run; 17 minutes at load 25-44,
#        quick 6.3 at load 25: 7 rounds of 30 ms slices instead of 21 of 60 ms; rows of 2 threads pause 150 ms
#        after every slice, see EnginePairedRuns.IDLE_PAUSE_MILLIS)
set -eu
quick=()
if [ "${1:-}" = quick ]; then quick=(--quick); shift; fi
jar=benchmarks/target/benchmarks.jar
[ -f "$jar" ] || { echo "no $jar: run mvn -B -Pbench -pl benchmarks -am package -DskipTests first" >&2; exit 2; }
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import torch' 2>/dev/null || { echo "no torch for /usr/bin/python3: apt-get install -y python3-torch" >&2; exit 2; }
out=${1:-benchmarks/target/engine-run}
mkdir -p "$out"
export DJL_CACHE_DIR=$PWD/benchmarks/target/djl-cache
java=(java --add-modules jdk.incubator.vector -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$jar")
log() { echo "$(date -u +%H:%M:%S) $*; load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/log"; }
log "FMA peak"
taskset -c 0 "${java[@]}" dev.lucent.bench.FmaPeak 2>/dev/null | tee "$out/fma.txt"
log "parity"
"${java[@]}" dev.lucent.bench.PeerSmoke 2>/dev/null | tee "$out/smoke.txt"
log "paired runs: Lucent, PyTorch through DJL, PyTorch in Python"
"${java[@]}" dev.lucent.bench.EnginePairedRuns "${quick[@]}" --out "$out" > /dev/null 2>>"$out/log"
log "done: $out/matrix.md, $out/matrix.svg"
cat "$out/matrix.md"
