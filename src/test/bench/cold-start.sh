#!/usr/bin/env bash
# Cold start: process start to the first successful POST /api/negotiate, and idle RSS, for
# the plain jar, the extracted (layered) jar, and the extracted jar with a JDK 25 AOT cache
# (the way Spring Boot documents it). Appends rows to target/bench/results.md.
# Usage: src/test/bench/cold-start.sh [runs]   (needs target/beacon-*.jar: mvn package)
set -euo pipefail
cd "$(dirname "$0")/../../.."
runs="${1:-5}"
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
jar="$(ls target/beacon-*.jar | grep -v plain | head -n 1)"
work="target/bench/cold-start"
rm -rf "$work" && mkdir -p "$work"
port=18181
# Same JVM flags as the Dockerfile's ENTRYPOINT.
flags=(-XX:MaxRAMPercentage=75 -Xms32m -XX:+UseSerialGC)
connection_string='Endpoint=https://beacon-bench.service.signalr.net;AccessKey=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH;Version=1.0;'

"$java" -Djarmode=tools -jar "$jar" extract --destination "$work/app" >/dev/null
extracted="$work/app/$(basename "$jar")"
# Training run: starts the context, stops after refresh, writes the AOT cache.
BEACON_SIGNALR_CONNECTION_STRING="$connection_string" "$java" "${flags[@]}" -XX:AOTCacheOutput="$work/app.aot" \
  -Dspring.context.exit=onRefresh -jar "$extracted" --server.port=0 >"$work/training.log" 2>&1

now_ms() { date +%s%3N; }

# Prints "<ms to first negotiate> <idle RSS in MB>" for one start of the given command.
measure() {
  local start pid elapsed rss
  start=$(now_ms)
  BEACON_SIGNALR_CONNECTION_STRING="$connection_string" "$@" --server.port=$port >"$work/run.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null -X POST "http://127.0.0.1:$port/api/negotiate"; do
    if ! kill -0 $pid 2>/dev/null; then echo "Beacon exited; see $work/run.log" >&2; exit 1; fi
    if (( $(now_ms) - start > 60000 )); then echo "no negotiate within 60 s" >&2; kill $pid; exit 1; fi
    sleep 0.01
  done
  elapsed=$(( $(now_ms) - start ))
  sleep 5
  rss=$(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 ))
  kill $pid && wait $pid 2>/dev/null || true
  echo "$elapsed $rss"
}

# Median of the values in column $1 of stdin.
median() { awk "{print \$$1}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A ms rss
for variant in jar extracted aot; do
  case $variant in
    jar) cmd=("$java" "${flags[@]}" -jar "$jar") ;;
    extracted) cmd=("$java" "${flags[@]}" -jar "$extracted") ;;
    aot) cmd=("$java" "${flags[@]}" -XX:AOTCache="$work/app.aot" -jar "$extracted") ;;
  esac
  : >"$work/$variant.txt"
  for _ in $(seq "$runs"); do measure "${cmd[@]}" >>"$work/$variant.txt"; done
  ms[$variant]=$(median 1 <"$work/$variant.txt")
  rss[$variant]=$(median 2 <"$work/$variant.txt")
done

results=target/bench/results.md
[ -f $results ] || printf '| benchmark | Beacon | baseline | ratio | target |\n|---|---|---|---|---|\n' >$results
ratio=$(awk "BEGIN {printf \"%.2f\", ${ms[aot]} / ${ms[jar]}}")
met=$([ "${ms[aot]}" -lt 1000 ] && echo met || echo "**missed**")
echo "| Cold start to first negotiate (median of $runs) | ${ms[aot]} ms with AOT cache, ${ms[extracted]} ms extracted | ${ms[jar]} ms (plain jar) | $ratio | < 1 s with the cache: $met |" | tee -a $results
met=$([ "${rss[aot]}" -lt 200 ] && echo met || echo "**missed**")
echo "| Idle RSS after first negotiate (median) | ${rss[aot]} MB with AOT cache, ${rss[extracted]} MB extracted | ${rss[jar]} MB (plain jar) | $(awk "BEGIN {printf \"%.2f\", ${rss[aot]} / ${rss[jar]}}") | < 200 MB: $met |" | tee -a $results
