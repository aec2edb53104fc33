#!/usr/bin/env bash
# Cold start: process start to the first successful POST /api/negotiate, the CPU it took
# (the main thread's and the JIT compilers'), and idle RSS, in Azure mode (a connection
# string) and local mode (none), for:
#   - the image's way: the extracted jar, Spring AOT's generated code on, the JDK's AOT cache
#     trained on it (the Dockerfile's ENTRYPOINT flags);
#   - the plain jar, and the AOT cache alone (no Spring AOT): what each step buys;
#   - the floor: src/test/bench/floor, the smallest Spring Boot service of Beacon's kind (Spring
#     MVC on Tomcat, Actuator, one endpoint), built and started the image's way: what Spring
#     Boot itself costs on this machine;
#   - the image with C1 only (-XX:TieredStopAtLevel=1): how much of the start is the JIT's.
# Variants take turns run by run, so drift hits them alike. Then negotiate throughput of the
# image against the cache alone and against C1 only (wrk, alternating starts), and Spring's
# start-up timeline of Beacon and of the floor (StartupTimeline.java). Appends rows to
# target/bench/results.md; timelines in target/bench/startup-timeline-*.txt.
# Usage: src/test/bench/cold-start.sh [runs]   (needs target/beacon-*.jar: ./mvnw package)
set -euo pipefail
cd "$(dirname "$0")/../../.."
runs="${1:-5}"
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
jdk_bin="$(dirname "$java")"
jar="$(ls target/beacon-*.jar | grep -v plain | head -n 1)"
work="target/bench/cold-start"
rm -rf "$work" && mkdir -p "$work"
port=18181
# Same JVM flags as the Dockerfile's ENTRYPOINT.
flags=(-XX:MaxRAMPercentage=75 -Xms32m -XX:+UseSerialGC)
connection_string='Endpoint=https://beacon-bench.service.signalr.net;AccessKey=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH;Version=1.0;'
# Training runs get a throwaway key, as the Dockerfile's does (no generated key file).
training_key="$(head -c 32 /dev/urandom | base64)"

"$java" -Djarmode=tools -jar "$jar" extract --destination "$work/app" >/dev/null
extracted="$work/app/$(basename "$jar")"

# The floor, on Beacon's Spring Boot version.
boot_version() { grep -A3 '<artifactId>spring-boot-starter-parent</artifactId>' "$1" | sed -n 's:.*<version>\(.*\)</version>.*:\1:p'; }
if [ "$(boot_version pom.xml)" != "$(boot_version src/test/bench/floor/pom.xml)" ]; then
  echo "src/test/bench/floor/pom.xml must use Beacon's Spring Boot version ($(boot_version pom.xml))" >&2
  exit 1
fi
./mvnw -B -q -f src/test/bench/floor/pom.xml package -DskipTests >"$work/floor-build.log" 2>&1 \
  || { echo "building the floor failed; see $work/floor-build.log" >&2; exit 1; }
"$java" -Djarmode=tools -jar src/test/bench/floor/target/floor-1.jar extract --destination "$work/floor" >/dev/null
floor="$work/floor/floor-1.jar"

# Becomes the command, with the mode's environment (azure sets the connection string); call
# it in a subshell or in the background, so the PID is the JVM's.
in_mode() {
  local mode=$1; shift
  if [ "$mode" = azure ]; then exec env BEACON_SIGNALR_CONNECTION_STRING="$connection_string" "$@"; else exec "$@"; fi
}

# Training runs: start the context, stop after refresh, write an AOT cache per mode, without
# and with Spring AOT; the floor's with Spring AOT.
for mode in azure local; do
  (in_mode $mode env BEACON_API_KEYS="$training_key" "$java" "${flags[@]}" -XX:AOTCacheOutput="$work/$mode.aot" \
    -Dspring.context.exit=onRefresh -jar "$extracted" --server.port=0 >"$work/training-$mode.log" 2>&1)
  (in_mode $mode env BEACON_API_KEYS="$training_key" "$java" "${flags[@]}" -Dspring.aot.enabled=true \
    -XX:AOTCacheOutput="$work/$mode-spring-aot.aot" -Dspring.context.exit=onRefresh -jar "$extracted" \
    --server.port=0 >"$work/training-$mode-spring-aot.log" 2>&1)
done
"$java" "${flags[@]}" -Dspring.aot.enabled=true -XX:AOTCacheOutput="$work/floor.aot" -Dspring.context.exit=onRefresh \
  -jar "$floor" --server.port=0 >"$work/training-floor.log" 2>&1

now_ms() { date +%s%3N; }

# CPU time (ms) of a process's threads whose name matches the pattern.
thread_cpu() {
  local pid=$1 pattern=$2 total=0 task
  for task in /proc/"$pid"/task/*; do
    if grep -qE "$pattern" "$task/comm" 2>/dev/null; then
      total=$(( total + $(awk '{print ($14 + $15) * 10}' "$task/stat" 2>/dev/null || echo 0) ))
    fi
  done
  echo "$total"
}

# Prints "<ms to first negotiate> <idle RSS in MB> <CPU ms> <main thread CPU ms> <JIT CPU ms>"
# for one start of the given command; CPU as it stood at the first negotiate.
measure() {
  local mode=$1; shift
  local start pid elapsed rss cpu main jit
  start=$(now_ms)
  in_mode $mode "$@" --server.port=$port >"$work/run.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null -X POST "http://127.0.0.1:$port/api/negotiate"; do
    if ! kill -0 $pid 2>/dev/null; then echo "Beacon exited; see $work/run.log" >&2; exit 1; fi
    if (( $(now_ms) - start > 60000 )); then echo "no negotiate within 60 s" >&2; kill $pid; exit 1; fi
    sleep 0.01
  done
  elapsed=$(( $(now_ms) - start ))
  cpu=$(awk '{print ($14 + $15) * 10}' /proc/$pid/stat)
  main=$(thread_cpu $pid '^java$')
  jit=$(thread_cpu $pid '^C[12] CompilerThre')
  sleep 5
  rss=$(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 ))
  kill $pid && wait $pid 2>/dev/null || true
  # The next start must find the port free, not answered by this one.
  while curl -s -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.05; done
  echo "$elapsed $rss $cpu $main $jit"
}

# Median of the values in column $1 of stdin.
median() { awk "{print \$$1}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

variants=(floor azure-jar azure-cache azure-spring-aot azure-c1 local-jar local-cache local-spring-aot local-c1)
for variant in "${variants[@]}"; do : >"$work/$variant.txt"; done
for _ in $(seq "$runs"); do
  for variant in "${variants[@]}"; do
    case $variant in
      floor) measure local "$java" "${flags[@]}" -Dspring.aot.enabled=true -XX:AOTCache="$work/floor.aot" -jar "$floor" ;;
      azure-jar) measure azure "$java" "${flags[@]}" -jar "$jar" ;;
      azure-cache) measure azure "$java" "${flags[@]}" -XX:AOTCache="$work/azure.aot" -jar "$extracted" ;;
      local-jar) measure local "$java" "${flags[@]}" -jar "$jar" ;;
      local-cache) measure local "$java" "${flags[@]}" -XX:AOTCache="$work/local.aot" -jar "$extracted" ;;
      azure-spring-aot) measure azure "$java" "${flags[@]}" -Dspring.aot.enabled=true \
        -XX:AOTCache="$work/azure-spring-aot.aot" -jar "$extracted" ;;
      local-spring-aot) measure local "$java" "${flags[@]}" -Dspring.aot.enabled=true \
        -XX:AOTCache="$work/local-spring-aot.aot" -jar "$extracted" ;;
      azure-c1) measure azure "$java" "${flags[@]}" -XX:TieredStopAtLevel=1 -Dspring.aot.enabled=true \
        -XX:AOTCache="$work/azure-spring-aot.aot" -jar "$extracted" ;;
      local-c1) measure local "$java" "${flags[@]}" -XX:TieredStopAtLevel=1 -Dspring.aot.enabled=true \
        -XX:AOTCache="$work/local-spring-aot.aot" -jar "$extracted" ;;
    esac >>"$work/$variant.txt"
  done
done

declare -A ms rss cpu main jit
for variant in "${variants[@]}"; do
  ms[$variant]=$(median 1 <"$work/$variant.txt")
  rss[$variant]=$(median 2 <"$work/$variant.txt")
  cpu[$variant]=$(median 3 <"$work/$variant.txt")
  main[$variant]=$(median 4 <"$work/$variant.txt")
  jit[$variant]=$(median 5 <"$work/$variant.txt")
done

results=target/bench/results.md
[ -f $results ] || printf '| benchmark | Beacon | baseline | ratio | target |\n|---|---|---|---|---|\n' >$results
verdict() { [ "$1" -lt "$2" ] && echo met || echo "**missed**"; }
ratio() { awk "BEGIN {printf \"%.2f\", $1 / $2}"; }
load="load average $(cut -d' ' -f1-3 /proc/loadavg)"
for mode in azure local; do
  aot=${ms[$mode-spring-aot]}; cache=${ms[$mode-cache]}; plain=${ms[$mode-jar]}; floor_ms=${ms[floor]}
  echo "| Cold start to first negotiate, $mode mode (median of $runs, $load) | $aot ms: the image (Spring AOT + AOT cache) | $floor_ms ms: the floor (Spring Boot alone, built the same way); $plain ms: the plain jar; $cache ms: the AOT cache alone | $(ratio "$aot" "$floor_ms") of the floor's time; $(ratio "$aot" "$plain") of the plain jar's | < 1 s: $(verdict "$aot" 1000) |" | tee -a $results
  echo "| CPU to first negotiate, $mode mode (median; main thread, JIT compiler threads) | ${cpu[$mode-spring-aot]} ms (${main[$mode-spring-aot]}, ${jit[$mode-spring-aot]}) | floor ${cpu[floor]} ms (${main[floor]}, ${jit[floor]}) | $(ratio "${cpu[$mode-spring-aot]}" "${cpu[floor]}") | - |" | tee -a $results
  echo "| Cold start with C1 only (-XX:TieredStopAtLevel=1), $mode mode (median) | ${ms[$mode-c1]} ms, CPU ${cpu[$mode-c1]} ms (JIT ${jit[$mode-c1]}) | the image: $aot ms, CPU ${cpu[$mode-spring-aot]} ms | $(ratio "${ms[$mode-c1]}" "$aot") | - (what the JIT costs at start; not taken: see the throughput row) |" | tee -a $results
  echo "| Idle RSS after the first negotiate, $mode mode (median) | ${rss[$mode-spring-aot]} MB: Spring AOT + AOT cache | ${rss[$mode-jar]} MB: the plain jar; ${rss[$mode-cache]} MB: the AOT cache alone; ${rss[floor]} MB: the floor | $(ratio "${rss[$mode-spring-aot]}" "${rss[$mode-jar]}") / $(ratio "${rss[$mode-spring-aot]}" "${rss[$mode-cache]}") | < 200 MB: $(verdict "${rss[$mode-spring-aot]}" 200) |" | tee -a $results
done

# Spring's start-up timeline of Beacon (local mode) and of the floor, each with an AOT cache
# trained on the launcher (its class path differs from the jar's).
mkdir -p "$work/timeline"
"$jdk_bin/javac" -d "$work/timeline" -cp "$extracted:$work/app/lib/*" src/test/bench/StartupTimeline.java
"$jdk_bin/jar" cf "$work/timeline.jar" -C "$work/timeline" .
timeline() {
  local name=$1 app=$2 main=$3
  env BEACON_API_KEYS="$training_key" "$java" "${flags[@]}" -Dspring.aot.enabled=true -Dtimeline.main="$main" \
    -XX:AOTCacheOutput="$work/timeline-$name.aot" -cp "$work/timeline.jar:$app" StartupTimeline --server.port=0 \
    >"$work/timeline-training-$name.log" 2>&1
  env BEACON_API_KEYS="$training_key" "$java" "${flags[@]}" -Dspring.aot.enabled=true -Dtimeline.main="$main" \
    -XX:AOTCache="$work/timeline-$name.aot" -cp "$work/timeline.jar:$app" StartupTimeline --server.port=0 \
    2>/dev/null | sed -n '/^JVM start to ready/,$p' >"target/bench/startup-timeline-$name.txt"
  echo "Start-up timeline, $name: target/bench/startup-timeline-$name.txt ($(head -n 1 "target/bench/startup-timeline-$name.txt"))"
}
timeline beacon "$extracted" dev.beacon.BeaconApplication
timeline floor "$floor" floor.Floor

# Negotiate throughput, Azure mode, of the image against the cache alone (no Spring AOT) and
# against the image with C1 only: each started anew per round, in turns, warmed for 5 s, then
# 10 s of wrk (64 connections, the negotiate benchmark's setting).
if command -v wrk >/dev/null; then
  rounds="${ROUNDS:-3}"
  printf 'wrk.method = "POST"\n' >"$work/post.lua"
  throughput() {
    local variant=$1 pid rate
    case $variant in
      cache) in_mode azure "$java" "${flags[@]}" -XX:AOTCache="$work/azure.aot" -jar "$extracted" --server.port=$port >"$work/run.log" 2>&1 & ;;
      spring-aot) in_mode azure "$java" "${flags[@]}" -Dspring.aot.enabled=true -XX:AOTCache="$work/azure-spring-aot.aot" -jar "$extracted" --server.port=$port >"$work/run.log" 2>&1 & ;;
      c1) in_mode azure "$java" "${flags[@]}" -XX:TieredStopAtLevel=1 -Dspring.aot.enabled=true -XX:AOTCache="$work/azure-spring-aot.aot" -jar "$extracted" --server.port=$port >"$work/run.log" 2>&1 & ;;
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
  for variant in cache spring-aot c1; do : >"$work/throughput-$variant.txt"; done
  for _ in $(seq "$rounds"); do
    for variant in cache spring-aot c1; do throughput $variant >>"$work/throughput-$variant.txt"; done
  done
  cache=$(median 1 <"$work/throughput-cache.txt"); aot=$(median 1 <"$work/throughput-spring-aot.txt")
  c1=$(median 1 <"$work/throughput-c1.txt")
  echo "| Negotiate throughput, Spring AOT + cache vs the cache alone, Azure mode (median of $rounds alternating starts, 10 s of wrk -c64 each after 5 s warm-up) | $aot negotiates/s | $cache negotiates/s: the cache alone | $(ratio "$aot" "$cache") | no loss (>= 0.95 allowing noise): $(awk "BEGIN {print ($aot / $cache >= 0.95) ? \"met\" : \"**missed**\"}") |" | tee -a $results
  echo "| Negotiate throughput with C1 only vs the image, Azure mode (same rounds) | $c1 negotiates/s | $aot negotiates/s: the image | $(ratio "$c1" "$aot") | - (why C1 only is not the image's setting) |" | tee -a $results
else
  echo "wrk is not installed (apt-get install wrk): negotiate throughput not measured" >&2
fi
