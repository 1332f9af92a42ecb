#!/bin/bash
# Load on the console's report pages, on loopback: RATE requests/s for SECONDS seconds (default 200 for 60),
# logged in, spread over the report page, the reports list and the dashboard. Bounded; stops by itself.
# Usage (after mvn -q -Pbench package -DskipTests): scripts/load-report-pages.sh [RATE] [SECONDS]
set -euo pipefail
rate=${1:-200}; secs=${2:-60}
jar=host/target/lucent.jar; bench=benchmarks/target/benchmarks.jar
[ -f "$jar" ] && [ -f "$bench" ] || { echo "build first: mvn -q -Pbench package -DskipTests" >&2; exit 2; }
shared=${LUCENT_SHARED:-../shared}
d=$(mktemp -d); port=$((30000 + RANDOM % 20000))
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$d"' EXIT
{ printf 'f%s,' $(seq 0 29) | sed 's/,$/,diagnosis\n/'; tail -n +2 "$shared/datasets/breast_cancer.csv"; } > "$d/bc.csv"
java -jar "$jar" --data "$d/data" train --data "$d/bc.csv" --label diagnosis --out "$d/model" >/dev/null 2>&1
java -jar "$jar" --data "$d/data" audit --model "$d/model" --data "$d/bc.csv" --label diagnosis \
  --explainers classification-metrics,roc-pr,calibration,saliency,integrated-gradients,learning-curves,permutation-importance \
  --json "$d/r.json" >/dev/null 2>&1 || true
java -jar "$jar" --port "$port" --data "$d/data" --plugins "$d/plugins" >"$d/host.log" 2>&1 &
pid=$!
until curl -fs -o /dev/null "http://127.0.0.1:$port/health"; do sleep 0.2; done
password=$(grep -o "password [^ ]*" "$d/host.log" | head -1 | cut -d' ' -f2)
jar_cookies="$d/cookies"
csrf=$(curl -s -c "$jar_cookies" "http://127.0.0.1:$port/login" | grep -o 'name="_csrf" value="[^"]*"' | sed 's/.*value="//; s/"$//')
curl -s -b "$jar_cookies" -c "$jar_cookies" -o /dev/null --data-urlencode "_csrf=$csrf" --data-urlencode "username=admin" \
  --data-urlencode "password=$password" "http://127.0.0.1:$port/login"
cookie=$(sed 's/^#HttpOnly_//' "$jar_cookies" | awk '!/^#/ && NF >= 7 {print $6"="$7}' | paste -sd';' -)
[ -n "$cookie" ] || { echo "login failed" >&2; exit 1; }
report=$(curl -s -b "$cookie" "http://127.0.0.1:$port/reports" | grep -o 'href="/reports/[^"/]*"' | head -1 | sed 's/href="//; s/"$//')
[ -n "$report" ] || { echo "no stored report found on /reports" >&2; exit 1; }
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$cookie" "http://127.0.0.1:$port$report")
[ "$code" = 200 ] || { echo "report page answered $code" >&2; exit 1; }
echo "report page $report: $(curl -s -b "$cookie" "http://127.0.0.1:$port$report" | wc -c) bytes"
java -cp "$bench" dev.lucent.bench.ConsoleLoad "$rate" "$secs" "$cookie" \
  "http://127.0.0.1:$port$report" "http://127.0.0.1:$port$report" "http://127.0.0.1:$port/reports" "http://127.0.0.1:$port/"
