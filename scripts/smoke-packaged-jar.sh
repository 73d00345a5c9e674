#!/usr/bin/env bash
# Starts the packaged jar in embedded mode, checks it becomes ready within 60 s, writes a record,
# restarts it on the same data directory and checks the record is still there.
# Usage: scripts/smoke-packaged-jar.sh   (after `mvn package` or `mvn verify`)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
jar="$root/target/quarkus-app/quarkus-run.jar"
work=$(mktemp -d)
http_port=${SMOKE_HTTP_PORT:-18080}
base="http://127.0.0.1:$http_port"
pid=""

cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill "$pid"; wait "$pid" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

start() {
  (cd "$work" && MARGIN_DESK_EMBEDDED_ENABLED=true QUARKUS_HTTP_PORT=$http_port \
    MARGIN_DESK_EMBEDDED_POSTGRES_PORT=${SMOKE_POSTGRES_PORT:-25432} \
    MARGIN_DESK_EMBEDDED_TEMPORAL_PORT=${SMOKE_TEMPORAL_PORT:-27233} \
    exec java -jar "$jar" >>"$work/service.log" 2>&1) &
  pid=$!
  local started=$SECONDS
  until curl -fsS "$base/q/health/ready" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "service exited during start:"; tail -50 "$work/service.log"; exit 1; fi
    if (( SECONDS - started > 60 )); then echo "not ready within 60 s:"; tail -50 "$work/service.log"; exit 1; fi
    sleep 1
  done
  echo "ready in $(( SECONDS - started )) s"
}

stop() {
  kill "$pid"
  wait "$pid" || true
  pid=""
}

instance_starts() {
  curl -fsS "$base/q/health/ready" | tr -d ' \n' | grep -o '"instanceStarts":[0-9]*' | cut -d: -f2
}

expect() {
  if [ "$2" != "$3" ]; then echo "FAILED: $1: expected $3, got $2"; exit 1; fi
  echo "ok: $1"
}

start
expect "first start recorded" "$(instance_starts)" 1
expect "/api without credentials" "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/me")" 401
expect "/api as viewer" "$(curl -s -o /dev/null -w '%{http_code}' -u viewer:viewer "$base/api/v1/me")" 200
stop
start
expect "data kept across a restart" "$(instance_starts)" 2
stop
echo "packaged jar smoke test passed"
