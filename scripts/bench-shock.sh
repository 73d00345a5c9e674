#!/usr/bin/env bash
# The market-shock benchmark (issue 14): starts the packaged jar in embedded mode on its own ports and
# a scratch data directory, runs org.margindesk.bench.ShockBenchmark (src/test/java) against it, and
# stops it. Prints markdown tables with every figure beside the floor measured in the same run, and
# writes them to target/bench/shock-results.md, with PNG charts in target/bench/.
#
# By default two passes, each on a fresh service: the simulated exchange with the given sizes, then
# the HTTP gateway against a stub exchange run by the harness, with a smaller shock.
#
# Usage: scripts/bench-shock.sh [script options] [harness options]
#   --gateway simulated|http  one pass only, with this gateway and the given sizes
#   --no-http                 the same as --gateway simulated
#   --http-shock N            shock size of the HTTP pass of the default run (default 1000)
#   --rebuild                 package the jar even if target/quarkus-app/quarkus-run.jar exists
#   --profile                 record the service with Java Flight Recorder into target/bench/service-<pass>.jfr
#                             (JFR settings "profile", or the .jfc file in PROFILE_SETTINGS, e.g. a copy
#                             of the JDK's profile.jfc with a shorter method-sampling period)
#   --heap SIZE               cap the service's heap (-Xmx), e.g. 512m; default: the JVM's own
# SERVICE_JAVA_OPTIONS: more JVM options for the service alone, e.g. a profiler agent.
# BENCH_GC: the garbage collector of the service and of the harness (whose JVM runs the Temporal floor),
#   default -XX:+UseG1GC as in deploy/Dockerfile; e.g. BENCH_GC=-XX:+UseParallelGC to compare.
# Harness options (see ShockBenchmark --help): --facilities N (10000), --quiet K (200), --shock S
# (2000), --liquidation-share F (0.25), --big-shock N (0 = none), --batch-size N (250),
# --in-flight N (8), --single-clients N (16), --no-healthy, --healthy-rounds N (3), --floor-tx N
# (2000), --floor-clients N (8), --no-temporal-floor, --timeout SECONDS (180), --poll-ms N (250),
# --seed N.
# Ports: JAR_HTTP_PORT (18090), JAR_POSTGRES_PORT (25490), JAR_TEMPORAL_PORT (27290).
# Not a test, and not part of ./mvnw verify (which only compiles the harness).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export JAR_HTTP_PORT=${JAR_HTTP_PORT:-18090}
export JAR_POSTGRES_PORT=${JAR_POSTGRES_PORT:-25490}
export JAR_TEMPORAL_PORT=${JAR_TEMPORAL_PORT:-27290}
work=""
# shellcheck source=lib-packaged-jar.sh disable=SC1091
source scripts/lib-packaged-jar.sh
base_url="http://127.0.0.1:$JAR_HTTP_PORT"
jar_file="$root/target/quarkus-app/quarkus-run.jar"
bench_dir="$root/target/bench"
classpath_file="$root/target/bench.classpath"

passes=(simulated http)
http_shock=1000
rebuild=false
profile=false
heap=""
harness_args=()
while [ $# -gt 0 ]; do
  case $1 in
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    --no-http) passes=(simulated) ;;
    --gateway)
      case ${2:-} in
        simulated | http) passes=("$2") ;;
        *) echo "--gateway must be simulated or http" >&2; exit 2 ;;
      esac
      shift ;;
    --http-shock) http_shock=${2:?--http-shock needs a value}; shift ;;
    --rebuild) rebuild=true ;;
    --profile) profile=true ;;
    --heap) heap=${2:?--heap needs a size}; shift ;;
    --no-healthy | --no-temporal-floor) harness_args+=("$1") ;;
    --*) harness_args+=("$1" "${2:?$1 needs a value}"); shift ;;
    *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

harness_pid=""
cleanup() {
  if [ -n "$harness_pid" ] && kill -0 "$harness_pid" 2>/dev/null; then
    kill "$harness_pid"
    wait "$harness_pid" || true
  fi
  harness_pid=""
  stop_jar
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_jar takes any answer on the port for readiness: refuse to start beside another service there.
port_free() {
  if curl -s -o /dev/null --max-time 5 "$base_url/"; then
    echo "something already answers on $base_url (another benchmark run?);" \
      "choose other JAR_HTTP_PORT, JAR_POSTGRES_PORT and JAR_TEMPORAL_PORT" >&2
    exit 1
  fi
}

port_free

mvn_classpath=(dependency:build-classpath "-Dmdep.outputFile=$classpath_file" -Dmdep.includeScope=test)
if [ "$rebuild" = true ] || [ ! -f "$jar_file" ]; then
  echo "building the jar and the harness"
  ./mvnw -q -B package -DskipTests "${mvn_classpath[@]}"
else
  echo "compiling the harness (the jar is kept; --rebuild packages it again)"
  ./mvnw -q -B test-compile "${mvn_classpath[@]}"
fi
# target/classes: the Temporal floor starts the embedded test server as the service does.
classpath="$root/target/test-classes:$root/target/classes:$(cat "$classpath_file")"

# The service's collector (deploy/Dockerfile), and the same for the harness, so that the Temporal floor
# runs the SDK as the service does. Not in SERVICE_JAVA_OPTIONS: two collectors make the JVM refuse to start.
gc=${BENCH_GC:--XX:+UseG1GC}

harness() {
  java -Djava.awt.headless=true -Xmx1g "$gc" -cp "$classpath" org.margindesk.bench.ShockBenchmark "$@"
}

# A fresh scratch directory per pass; a PostgreSQL left running there by an aborted run is stopped first.
fresh_work() {
  work="$bench_dir/work-$1"
  local left
  left=$(postgres_pid)
  if [ -n "$left" ]; then
    echo "stopping the PostgreSQL (pid $left) an earlier run left in $work"
    kill "$left"
    while kill -0 "$left" 2>/dev/null; do sleep 0.5; done
  fi
  rm -rf "$work"
  mkdir -p "$work"
}

# The harness tells the service's CPU use (and its PostgreSQL's) from other processes' by this pid.
note_service_pid() {
  # shellcheck disable=SC2154 # pid is set by start_jar
  echo "$pid" >"$work/service.pid"
}

# The service's JVM options for a pass: its collector, the flight recorder's with --profile, the heap cap.
pass_env() {
  local gateway=$1 options="$gc"
  JAR_ENV=()
  if [ "$profile" = true ]; then
    options="$options -XX:StartFlightRecording=filename=$bench_dir/service-$gateway.jfr,settings=${PROFILE_SETTINGS:-profile}"
  fi
  if [ -n "$heap" ]; then
    options="$options -Xmx$heap"
  fi
  options="$options ${SERVICE_JAVA_OPTIONS:-}"
  if [ -n "${options// /}" ]; then
    JAR_ENV+=("JAVA_TOOL_OPTIONS=$options")
  fi
}

run_pass() {
  local gateway=$1
  shift
  pass_env "$gateway"
  port_free
  fresh_work "$gateway"
  local args=(--base-url "$base_url" --postgres-port "$JAR_POSTGRES_PORT" --out "$bench_dir"
    --work-dir "$work" "$@" --gateway "$gateway")
  echo
  echo "=== pass: gateway $gateway (service log: $work/service.log)"
  if [ "$gateway" = http ]; then
    # The harness starts the stub exchange first and writes its port; then the service starts against it.
    local port_file="$work/stub.port" waited=0
    harness "${args[@]}" --stub-port-file "$port_file" &
    harness_pid=$!
    until [ -s "$port_file" ]; do
      kill -0 "$harness_pid" 2>/dev/null || { echo "the harness exited before its stub listened" >&2; exit 1; }
      (( waited++ < 120 )) || { echo "no stub port within 60 s" >&2; exit 1; }
      sleep 0.5
    done
    # shellcheck disable=SC2034 # read by start_jar
    JAR_ENV+=(MARGIN_DESK_GATEWAY_KIND=http "MARGIN_DESK_GATEWAY_HTTP_URL=http://127.0.0.1:$(cat "$port_file")/")
    start_jar
    note_service_pid
    wait "$harness_pid"
    harness_pid=""
  else
    start_jar
    note_service_pid
    harness "${args[@]}"
  fi
  stop_jar
}

mkdir -p "$bench_dir"
rm -f "$bench_dir"/*.png "$bench_dir"/shock-results*.md
results=()
for gateway in "${passes[@]}"; do
  if [ "$gateway" = http ] && [ "${#passes[@]}" -gt 1 ]; then
    # The second pass of the default run: only the accounts it needs, no healthy feed, one shock.
    run_pass http ${harness_args[@]+"${harness_args[@]}"} \
      --facilities 0 --no-healthy --big-shock 0 --shock "$http_shock"
  else
    run_pass "$gateway" ${harness_args[@]+"${harness_args[@]}"}
  fi
  results+=("$bench_dir/shock-results-$gateway.md")
done
cat "${results[@]}" >"$bench_dir/shock-results.md"
echo "written $bench_dir/shock-results.md and the charts:"
ls -1 "$bench_dir"/*.png
