#!/bin/bash
# Start-up time of the packaged host: time from `java -jar` to the first HTTP 200 on /health,
# over N starts (default 9) after one warm-up start; prints each and the median.
# Usage: scripts/bench-startup.sh [N]   (after mvn -q package -DskipTests)
set -u
n=${1:-9}
jar=host/target/lucent.jar
[ -f "$jar" ] || { echo "no $jar: run mvn -q package -DskipTests first" >&2; exit 2; }
times=()
for i in $(seq 0 "$n"); do
  d=$(mktemp -d); port=$((30000 + RANDOM % 20000))
  t0=$(date +%s%N)
  java -jar "$jar" --port "$port" --data "$d/data" --plugins "$d/plugins" >"$d/log" 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/health"; do
    kill -0 $pid 2>/dev/null || { echo "host died: $(tail -3 "$d/log")" >&2; exit 1; }
    sleep 0.02
  done
  t1=$(date +%s%N)
  kill -TERM $pid; wait $pid
  ms=$(( (t1 - t0) / 1000000 ))
  if [ "$i" -eq 0 ]; then echo "warm-up: ${ms} ms"; else echo "start $i: ${ms} ms"; times+=("$ms"); fi
  rm -rf "$d"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
echo "median of $n starts to first /health 200: ${median} ms"
