#!/usr/bin/env bash
# A long steady feed against the packaged jar in embedded mode, run by hand (not in CI): by default
# 30 minutes at 1,000 snapshots/s in batches of 100 over 2,000 facilities, 1% of the snapshots
# breaches and each breached account's next snapshot a cure. Every 5-minute window prints batch
# latency, the heap's floor, the live heap after a full GC (jcmd GC.class_histogram), GC time, open
# calls, how often the feed fell behind its schedule and any refusal; the end prints the table (also
# target/soak/soak.tsv), the trend from the first full window to the last, and the classes whose
# live bytes grew most. Figures belong in docs/reliability.md ("Load").
#
#   scripts/soak.sh [--minutes N] [--rate N] [--batch N] [--accounts N] [--breach-share F]
#                   [--window-seconds N] [--heap SIZE] [--temporal-apart] [--rebuild]
#
# --temporal-apart runs the Temporal test server in a JVM of its own (org.margindesk.bench.
# StandaloneTemporal, on port JAR_TEMPORAL_PORT+1) and points the service at it, so the heap figures
# are the service's alone: the test server keeps every history in memory, a cluster keeps them in
# its database. Its own heap is printed at the end.
#
# Exits non-zero when the service refused or failed any snapshot. Uses ports 18095, 25495 and 27295
# (JAR_HTTP_PORT, JAR_POSTGRES_PORT, JAR_TEMPORAL_PORT override them) and a fresh data directory
# under target/soak/work. Benchmark on a quiet machine: other processes' CPU shows as latency here.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export JAR_HTTP_PORT=${JAR_HTTP_PORT:-18095}
export JAR_POSTGRES_PORT=${JAR_POSTGRES_PORT:-25495}
export JAR_TEMPORAL_PORT=${JAR_TEMPORAL_PORT:-27295}
export JAR_READY_LIMIT=${JAR_READY_LIMIT:-180}
work="$root/target/soak/work"
# shellcheck source=scripts/lib-packaged-jar.sh
source scripts/lib-packaged-jar.sh

rebuild=false
heap=""
temporal_apart=false
temporal_pid=""
args=()
while [ $# -gt 0 ]; do
  case $1 in
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    --rebuild) rebuild=true ;;
    --heap) heap=${2:?--heap needs a size}; shift ;;
    --temporal-apart) temporal_apart=true ;;
    --minutes | --rate | --batch | --accounts | --breach-share | --window-seconds)
      args+=("$1" "${2:?$1 needs a value}"); shift ;;
    *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

stop_all() {
  stop_jar
  if [ -n "$temporal_pid" ] && kill -0 "$temporal_pid" 2>/dev/null; then
    kill "$temporal_pid"
    wait "$temporal_pid" || true
  fi
}
trap stop_all EXIT
trap 'exit 130' INT TERM

classpath_file="$root/target/soak.classpath"
mvn_classpath=(dependency:build-classpath "-Dmdep.outputFile=$classpath_file" -Dmdep.includeScope=test)
if [ "$rebuild" = true ] || [ ! -f "$jar" ]; then
  ./mvnw -q -B package -DskipTests "${mvn_classpath[@]}"
else
  ./mvnw -q -B test-compile "${mvn_classpath[@]}"
fi

left=$(postgres_pid)
if [ -n "$left" ]; then
  kill "$left"
  while kill -0 "$left" 2>/dev/null; do sleep 0.5; done
fi
rm -rf "$work"
mkdir -p "$work"
if [ -n "$heap" ]; then
  JAR_ENV+=("JAVA_TOOL_OPTIONS=-Xmx$heap")
fi
if [ "$temporal_apart" = true ]; then
  temporal_port=$((JAR_TEMPORAL_PORT + 1))
  java -cp "$root/target/test-classes:$root/target/classes:$(cat "$classpath_file")" \
    org.margindesk.bench.StandaloneTemporal "$temporal_port" >"$work/temporal.log" 2>&1 &
  temporal_pid=$!
  until grep -qs "Temporal test server on" "$work/temporal.log"; do
    kill -0 "$temporal_pid" 2>/dev/null || { cat "$work/temporal.log"; exit 1; }
    sleep 0.5
  done
  # Above the embedded-mode value (environment beats the derived configuration).
  JAR_ENV+=("MARGIN_DESK_TEMPORAL_TARGET=127.0.0.1:$temporal_port")
  echo "Temporal test server apart: pid $temporal_pid on 127.0.0.1:$temporal_port"
fi
start_jar
echo "service pid $pid, log $work/service.log"

java -cp "$root/target/test-classes:$(cat "$classpath_file")" org.margindesk.bench.SoakRun \
  --base-url "$base" --service-pid "$pid" --out "$root/target/soak" ${args[@]+"${args[@]}"}
if [ -n "$temporal_pid" ]; then
  jcmd "$temporal_pid" GC.run >/dev/null
  echo "Temporal test server (apart) after a full GC at the end:" \
    "$(jcmd "$temporal_pid" GC.heap_info | grep -m1 -i 'used')"
fi
