#!/usr/bin/env bash
# The crash suite (issue 15, docs/reliability.md#crash): kill -9 the packaged jar (embedded mode) in
# each lifecycle state, restart it on the same data directory and ports, and check what must hold:
#   auto     inside an automatic liquidation step (the simulated exchange holds its effect,
#            margin-desk.gateway.simulated.effect-delay, and the kill lands there)
#   open     a call OPEN, inside its remediation window
#   task     LIQUIDATING with CLOSE_ALL_POSITIONS claimed by an operator
#   reclaim  the Margin+ reclaim completed by supervisor2 and awaiting a second person's approval
#   feed     four feeders posting snapshots; the kill lands while they are being acknowledged
# After each restart (org.margindesk.reliability.CrashProbe, run from the test classpath): every
# open call's workflow resumed; every acknowledged snapshot stored; no call lost, each with its
# original deadline; no task duplicated or lost; every exchange effect performed once (by key, and
# by account and effect, in the simulated exchange's tables); the audit chain verifies; then the
# lifecycle completes (CURED, or LIQUIDATED with four-eyes on the reclaim). Prints a figures table.
# By default the last four states share one kill (CI's budget); CRASH_KILLS=each kills once per state.
# Usage: scripts/crash-suite.sh   (after `./mvnw package` or `./mvnw verify`)
# Ports: CRASH_HTTP_PORT (19080), CRASH_POSTGRES_PORT (26432), CRASH_TEMPORAL_PORT (28233).
set -euo pipefail
# shellcheck disable=SC2034 # JAR_* and JAR_ENV are read by lib-packaged-jar.sh

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
# A restart after kill -9 first stops the orphaned PostgreSQL, which then recovers its data.
# shellcheck disable=SC2034 # read by lib-packaged-jar.sh
JAR_READY_LIMIT=${JAR_READY_LIMIT:-120}
JAR_HTTP_PORT=${CRASH_HTTP_PORT:-19080}
JAR_POSTGRES_PORT=${CRASH_POSTGRES_PORT:-26432}
JAR_TEMPORAL_PORT=${CRASH_TEMPORAL_PORT:-28233}
# A 5 s reconciler pass: calls opened within the start grace before a kill are recovered by the
# next pass, not 30 s later.
# DEBUG for the service package: the probe finds every open call's restart in the log, and a new
# call's "Started workflow … (new)" line is logged at DEBUG.
common_env=(MARGIN_DESK_RECONCILER_INTERVAL=PT5S QUARKUS_LOG_CATEGORY__ORG_MARGINDESK_SERVICE__LEVEL=DEBUG)
JAR_ENV=("${common_env[@]}")
# shellcheck source=scripts/lib-packaged-jar.sh
. "$root/scripts/lib-packaged-jar.sh"

# shellcheck source=scripts/lib-reliability.sh
. "$root/scripts/lib-reliability.sh"

feed_pid=""
cleanup() { finish_suite $? crash "$feed_pid"; }
trap cleanup EXIT

probe_classpath
run=$(date +%s)
probe() {
  java -cp "$classpath" org.margindesk.reliability.CrashProbe "$@" "base=$base" \
    "pg-port=$JAR_POSTGRES_PORT" "work=$work" "run=$run"
}

# restart_checked STATE: starts the jar on the same data, times it, and checks STATE's invariants.
restart_checked() {
  local offset started ready
  offset=$(stat -c %s "$work/service.log")
  started=$(date +%s%N)
  start_jar
  ready=$(awk -v a="$started" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
  echo "--- checks after kill -9 in state '$1' (ready in $ready s)"
  probe check "$1" "log-offset=$offset" "ready=$ready"
}

suite_started=$SECONDS
# 1. Inside an automatic step: this start holds every exchange effect for 20 s; the kill lands there.
JAR_ENV=("${common_env[@]}" MARGIN_DESK_GATEWAY_SIMULATED_EFFECT_DELAY=PT20S)
start_jar
JAR_ENV=("${common_env[@]}")
probe prepare auto
kill_jar
restart_checked auto

# kill_while_feeding: four feeders post snapshots; the kill lands once 60 more are acknowledged.
acks() { grep -c '^ack' "$work/ledger.tsv" || true; }
kill_while_feeding() {
  local before
  before=$(acks)
  probe feed &
  feed_pid=$!
  wait_until 60 "60 snapshots acknowledged by the feeders" \
    bash -c "[ \$(grep -c '^ack' '$work/ledger.tsv') -ge $(( before + 60 )) ]"
  kill_jar
  wait "$feed_pid" || true
  feed_pid=""
  echo "snapshots acknowledged by the feeders before the kill: $(( $(acks) - before ))"
}

if [ "${CRASH_KILLS:-combined}" = each ]; then
  # One kill -9 per state.
  for state in open task reclaim; do
    probe prepare "$state"
    kill_jar
    restart_checked "$state"
  done
  kill_while_feeding
  restart_checked feed
else
  # 2. One kill -9 with a call OPEN, one LIQUIDATING with its task claimed, one with its reclaim
  # awaiting approval, and the feeders' snapshots being acknowledged, all at once.
  for state in open task reclaim; do
    probe prepare "$state"
  done
  kill_while_feeding
  restart_checked open,task,reclaim,feed
fi
stop_jar

probe table
echo
echo "crash suite passed in $(( SECONDS - suite_started )) s"
