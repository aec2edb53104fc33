#!/usr/bin/env bash
# Cold start: process start to the first successful POST /api/negotiate, and idle RSS, in
# Azure mode (a connection string) and local mode (none), for the plain jar, the extracted
# jar with a JDK 25 AOT cache (the way Spring Boot documents it), and the image's way: the
# cache trained with Spring AOT's generated code on (-Dspring.aot.enabled=true). Variants
# take turns run by run, so drift hits them alike. Then negotiate throughput, Spring AOT + cache
# vs the cache alone (wrk, alternating starts). Appends rows to target/bench/results.md.
# Usage: src/test/bench/cold-start.sh [runs]   (needs target/beacon-*.jar: ./mvnw package)
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

# Becomes the command, with the mode's environment (azure sets the connection string); call
# it in a subshell or in the background, so the PID is the JVM's.
in_mode() {
  local mode=$1; shift
  if [ "$mode" = azure ]; then exec env BEACON_SIGNALR_CONNECTION_STRING="$connection_string" "$@"; else exec "$@"; fi
}

# Training runs: start the context, stop after refresh, write an AOT cache per mode, without
# and with Spring AOT.
for mode in azure local; do
  (in_mode $mode "$java" "${flags[@]}" -XX:AOTCacheOutput="$work/$mode.aot" \
    -Dspring.context.exit=onRefresh -jar "$extracted" --server.port=0 >"$work/training-$mode.log" 2>&1)
  (in_mode $mode "$java" "${flags[@]}" -Dspring.aot.enabled=true -XX:AOTCacheOutput="$work/$mode-spring-aot.aot" \
    -Dspring.context.exit=onRefresh -jar "$extracted" --server.port=0 >"$work/training-$mode-spring-aot.log" 2>&1)
done

now_ms() { date +%s%3N; }

# Prints "<ms to first negotiate> <idle RSS in MB>" for one start of the given command.
measure() {
  local mode=$1; shift
  local start pid elapsed rss
  start=$(now_ms)
  in_mode $mode "$@" --server.port=$port >"$work/run.log" 2>&1 &
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
  # The next start must find the port free, not answered by this one.
  while curl -s -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.05; done
  echo "$elapsed $rss"
}

# Median of the values in column $1 of stdin.
median() { awk "{print \$$1}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

variants=(azure-jar azure-cache azure-spring-aot local-jar local-cache local-spring-aot)
for variant in "${variants[@]}"; do : >"$work/$variant.txt"; done
for _ in $(seq "$runs"); do
  for variant in "${variants[@]}"; do
    case $variant in
      azure-jar) measure azure "$java" "${flags[@]}" -jar "$jar" ;;
      azure-cache) measure azure "$java" "${flags[@]}" -XX:AOTCache="$work/azure.aot" -jar "$extracted" ;;
      local-jar) measure local "$java" "${flags[@]}" -jar "$jar" ;;
      local-cache) measure local "$java" "${flags[@]}" -XX:AOTCache="$work/local.aot" -jar "$extracted" ;;
      azure-spring-aot) measure azure "$java" "${flags[@]}" -Dspring.aot.enabled=true \
        -XX:AOTCache="$work/azure-spring-aot.aot" -jar "$extracted" ;;
      local-spring-aot) measure local "$java" "${flags[@]}" -Dspring.aot.enabled=true \
        -XX:AOTCache="$work/local-spring-aot.aot" -jar "$extracted" ;;
    esac >>"$work/$variant.txt"
  done
done

declare -A ms rss
for variant in "${variants[@]}"; do
  ms[$variant]=$(median 1 <"$work/$variant.txt")
  rss[$variant]=$(median 2 <"$work/$variant.txt")
done

results=target/bench/results.md
[ -f $results ] || printf '| benchmark | Beacon | baseline | ratio | target |\n|---|---|---|---|---|\n' >$results
verdict() { [ "$1" -lt "$2" ] && echo met || echo "**missed**"; }
for mode in azure local; do
  aot=${ms[$mode-spring-aot]}; cache=${ms[$mode-cache]}; plain=${ms[$mode-jar]}
  echo "| Cold start to first negotiate, $mode mode (median of $runs) | $aot ms: Spring AOT + AOT cache (the image) | $plain ms: the plain jar; $cache ms: the AOT cache alone | $(awk "BEGIN {printf \"%.2f / %.2f\", $aot / $plain, $aot / $cache}") | < 1 s: $(verdict "$aot" 1000) |" | tee -a $results
  echo "| Idle RSS after the first negotiate, $mode mode (median) | ${rss[$mode-spring-aot]} MB: Spring AOT + AOT cache | ${rss[$mode-jar]} MB: the plain jar; ${rss[$mode-cache]} MB: the AOT cache alone | $(awk "BEGIN {printf \"%.2f / %.2f\", ${rss[$mode-spring-aot]} / ${rss[$mode-jar]}, ${rss[$mode-spring-aot]} / ${rss[$mode-cache]}}") | < 200 MB: $(verdict "${rss[$mode-spring-aot]}" 200) |" | tee -a $results
done

# Negotiate throughput, Spring AOT + cache vs the cache alone, Azure mode: each started anew
# per round, in turns, warmed for 5 s, then 10 s of wrk (64 connections, the negotiate
# benchmark's setting).
if command -v wrk >/dev/null; then
  rounds="${ROUNDS:-3}"
  printf 'wrk.method = "POST"\n' >"$work/post.lua"
  throughput() {
    local variant=$1 pid rate
    case $variant in
      cache) in_mode azure "$java" "${flags[@]}" -XX:AOTCache="$work/azure.aot" -jar "$extracted" --server.port=$port >"$work/run.log" 2>&1 & ;;
      spring-aot) in_mode azure "$java" "${flags[@]}" -Dspring.aot.enabled=true -XX:AOTCache="$work/azure-spring-aot.aot" -jar "$extracted" --server.port=$port >"$work/run.log" 2>&1 & ;;
    esac
    pid=$!
    until curl -sf -o /dev/null -X POST "http://127.0.0.1:$port/api/negotiate"; do
      if ! kill -0 $pid 2>/dev/null; then echo "Beacon exited; see $work/run.log" >&2; exit 1; fi
      sleep 0.05
    done
    wrk -t2 -c64 -d5s -s "$work/post.lua" "http://127.0.0.1:$port/api/negotiate" >/dev/null
    rate=$(wrk -t2 -c64 -d10s -s "$work/post.lua" "http://127.0.0.1:$port/api/negotiate" | awk '/Requests\/sec/ {print $2}')
    kill $pid && wait $pid 2>/dev/null || true
    while curl -s -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.05; done
    echo "$rate"
  }
  : >"$work/throughput-cache.txt"; : >"$work/throughput-spring-aot.txt"
  for _ in $(seq "$rounds"); do
    throughput cache >>"$work/throughput-cache.txt"
    throughput spring-aot >>"$work/throughput-spring-aot.txt"
  done
  cache=$(median 1 <"$work/throughput-cache.txt"); aot=$(median 1 <"$work/throughput-spring-aot.txt")
  echo "| Negotiate throughput, Spring AOT + cache vs the cache alone, Azure mode (median of $rounds alternating starts, 10 s of wrk -c64 each after 5 s warm-up) | $aot negotiates/s | $cache negotiates/s: the cache alone | $(awk "BEGIN {printf \"%.2f\", $aot / $cache}") | no loss (>= 0.95 allowing noise): $(awk "BEGIN {print ($aot / $cache >= 0.95) ? \"met\" : \"**missed**\"}") |" | tee -a $results
else
  echo "wrk is not installed (apt-get install wrk): negotiate throughput not measured" >&2
fi
