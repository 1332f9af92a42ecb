#!/bin/bash
# Issue 13's engine comparison in one go (after mvn -B -Pbench -pl benchmarks -am package -DskipTests): the machine's
# FMA peak on one core, the parity check, the paired runs against PyTorch through DJL (1 and 2 threads, batches 1, 64
# and 256), and the Python peer (Debian's python3-torch, same weights and data) on 1 and 2 threads.
# Usage: scripts/bench-engine.sh [OUT_DIR]   (default benchmarks/target/engine-run; about 10 minutes)
set -eu
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
"${java[@]}" dev.lucent.bench.WorkloadsExport "$out/workloads" 2>/dev/null
log "Python peer, 1 thread"
/usr/bin/python3 benchmarks/torch_peer.py "$out/workloads" --threads 1 > "$out/python-1.md" 2>>"$out/log"
log "paired runs, Lucent and PyTorch through DJL"
"${java[@]}" dev.lucent.bench.EnginePairedRuns 21 60 > "$out/paired.md" 2>>"$out/log"
log "Python peer, 2 threads"
/usr/bin/python3 benchmarks/torch_peer.py "$out/workloads" --threads 2 > "$out/python-2.md" 2>>"$out/log"
log "done"
cat "$out/paired.md" "$out/python-1.md" "$out/python-2.md"
