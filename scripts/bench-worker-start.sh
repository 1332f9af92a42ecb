#!/bin/bash
# A worker JVM's start-up (JVM, framework, loading the audit's inputs; no explainer run), N runs after one warm-up:
# wall and user+sys per run and their medians. The job folder comes from dev.lucent.bench.WorkerStartFiles
# (`new`: the host's inputs dump; `old`: the files, parsed again, as before the handover).
# Usage: scripts/bench-worker-start.sh JAR JOB_DIR [N]
set -u
jar=$1; dir=$(cd "$2" && pwd); n=${3:-10}
data=$(mktemp -d)
walls=(); cpus=()
for i in $(seq 0 "$n"); do
  /usr/bin/time -f "%e %U %S" -o "$dir/time" java --add-modules jdk.incubator.vector -Xmx1024m -XX:+ExitOnOutOfMemoryError \
    -Xss8m -XX:-UsePerfData -Djava.io.tmpdir="$dir" -Dlucent.work="$dir" -jar "$jar" --data "$data" \
    --plugins "$dir/plugins" worker --job "$dir/job.json" > "$dir/out" 2> "$dir/err"
  grep -q '"event":"ready"' "$dir/out" || { echo "worker not ready: $(cat "$dir/out" "$dir/err" | tail -3)" >&2; exit 1; }
  read -r wall user sys < <(tail -1 "$dir/time")
  cpu=$(echo "$user + $sys" | bc)
  if [ "$i" -eq 0 ]; then echo "warm-up: wall $wall s, cpu $cpu s"; else echo "run $i: wall $wall s, cpu $cpu s"; walls+=("$wall"); cpus+=("$cpu"); fi
done
rm -rf "$data"
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "median of $n: wall $(median "${walls[@]}") s, user+sys $(median "${cpus[@]}") s"
