#!/usr/bin/env bash
# Starts the packaged jar in embedded mode, checks it becomes ready within 60 s and that the business
# metrics exist from boot, writes a record, restarts it on the same data directory and checks the
# record is still there; then kills it with kill -9 (its embedded PostgreSQL keeps running), starts it
# again on the same data directory and port, and checks it is ready with the data kept.
# Usage: scripts/smoke-packaged-jar.sh   (after `./mvnw package` or `./mvnw verify`)
set -euo pipefail

work=$(mktemp -d)
JAR_HTTP_PORT=${SMOKE_HTTP_PORT:-18080}
JAR_POSTGRES_PORT=${SMOKE_POSTGRES_PORT:-25432}
JAR_TEMPORAL_PORT=${SMOKE_TEMPORAL_PORT:-27233}
# shellcheck source=scripts/lib-packaged-jar.sh
. "$(dirname "$0")/lib-packaged-jar.sh"

cleanup() {
  stop_jar
  # A failed run after the kill -9 may leave the orphaned PostgreSQL this script caused; stop it.
  local orphan
  orphan=$(postgres_pid)
  if [ -n "$orphan" ]; then
    kill "$orphan"
    for _ in $(seq 300); do kill -0 "$orphan" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -rf "$work"
}
trap cleanup EXIT

instance_starts() {
  curl -fsS "$base/q/health/ready" | tr -d ' \n' | grep -o '"instanceStarts":[0-9]*' | cut -d: -f2
}

expect() {
  if [ "$2" != "$3" ]; then echo "FAILED: $1: expected $3, got $2"; exit 1; fi
  echo "ok: $1"
}

has_series() {
  if grep -qF -- "$1" <<<"$metrics"; then echo yes; else echo no; fi
}

# Production mode (embedded off) with nothing configured must refuse to start and name what is
# missing: the database, Temporal, the exchange gateway kind, the OIDC issuer and audience.
refusal=$(cd "$work" || exit 1; env -u MARGIN_DESK_EMBEDDED_ENABLED timeout 60 java -jar "$jar" 2>&1) || true
for key in QUARKUS_DATASOURCE_JDBC_URL MARGIN_DESK_TEMPORAL_TARGET MARGIN_DESK_GATEWAY_KIND \
  MARGIN_DESK_SECURITY_BEARER_ISSUER MARGIN_DESK_SECURITY_BEARER_AUDIENCE; do
  expect "production refuses to start without $key" "$(grep -qF "$key" <<<"$refusal" && echo named)" named
done

start_jar
expect "first start recorded" "$(instance_starts)" 1
# A fresh instance, before any call: the series dashboards and rate() need already exist.
metrics=$(curl -fsS "$base/q/metrics")
expect "calls opened series at boot" "$(has_series 'margindesk_calls_opened_total{trigger="CAB_BELOW_MIN_TOP_UP"} 0.0')" yes
for outcome in cured waived liquidated; do
  expect "calls closed ($outcome) series at boot" "$(has_series "margindesk_calls_closed_total{outcome=\"$outcome\"} 0.0")" yes
done
expect "breach-to-restriction series at boot" "$(has_series 'margindesk_breach_to_restriction_seconds_count 0')" yes
expect "exchange refusals series at boot" "$(has_series 'margindesk_exchange_refusals_total{effect="reduce_only_on"} 0.0')" yes
expect "/api without credentials" "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/me")" 401
expect "/api as viewer" "$(curl -s -o /dev/null -w '%{http_code}' -u viewer:viewer "$base/api/v1/me")" 200
stop_jar
start_jar
expect "data kept across a restart" "$(instance_starts)" 2
orphan=$(postgres_pid)
kill_jar
expect "embedded PostgreSQL outlives kill -9 of the JVM" "$([ -n "$orphan" ] && kill -0 "$orphan" 2>/dev/null && echo running)" running
start_jar
expect "data kept across a restart after kill -9" "$(instance_starts)" 3
expect "the orphaned PostgreSQL was stopped" "$(kill -0 "$orphan" 2>/dev/null && echo running || echo stopped)" stopped
stop_jar
expect "no PostgreSQL left after the stop" "$(postgres_pid)" ""
echo "packaged jar smoke test passed"
