#!/usr/bin/env bash
# Starts `./mvnw quarkus:dev` (the README's first command) in the background with the console off and
# every port chosen free, checks /q/health/ready is UP within 180 s and the Dev UI answers, then stops
# it by its own pid and checks nothing it started is left running (the embedded PostgreSQL included).
# Usage: scripts/smoke-dev-mode.sh   (from a checkout; CI runs it after ./mvnw verify)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
data_dir="$root/target/dev-smoke/data"
log="$root/target/dev-smoke/dev.log"
rm -rf "$root/target/dev-smoke"
mkdir -p "$(dirname "$log")"

# Port 0 everywhere: the HTTP port is read back from the log, PostgreSQL and Temporal pick their own.
./mvnw -B quarkus:dev -Dquarkus.console.enabled=false -Ddebug=false \
  -Dquarkus.http.port=0 -Dmargin-desk.embedded.postgres-port=0 \
  -Dmargin-desk.embedded.temporal-port=0 -Dmargin-desk.embedded.data-dir="$data_dir" \
  >"$log" 2>&1 </dev/null &
pid=$!

leftovers() {
  # Anything still running from this run: the dev-mode JVM (its data dir is on its command line)
  # and the embedded PostgreSQL (started with -D <data dir>).
  pgrep -f -- "$data_dir" || true
}

stop() {
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    local waited=0
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 60 ]; do
      sleep 1
      waited=$((waited + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "FAILED: ./mvnw quarkus:dev (pid $pid) still running 60 s after SIGTERM"
      kill -9 "$pid" 2>/dev/null || true
      return 1
    fi
  fi
}

fail() {
  echo "FAILED: $*"
  tail -60 "$log" || true
  stop || true
  left=$(leftovers)
  [ -z "$left" ] || xargs -r kill -9 <<<"$left" 2>/dev/null || true
  exit 1
}

started=$SECONDS
port=""
until [ -n "$port" ]; do
  kill -0 "$pid" 2>/dev/null || fail "./mvnw quarkus:dev exited during start"
  ((SECONDS - started <= 180)) || fail "no HTTP port in the log within 180 s"
  port=$(sed -n 's|.*Listening on: http://[^:]*:\([0-9]*\).*|\1|p' "$log" | head -n 1)
  [ -n "$port" ] || sleep 1
done
base="http://127.0.0.1:$port"
until curl -fsS "$base/q/health/ready" 2>/dev/null | tr -d ' \n' | grep -q '"status":"UP"'; do
  kill -0 "$pid" 2>/dev/null || fail "./mvnw quarkus:dev exited before it was ready"
  ((SECONDS - started <= 180)) || fail "/q/health/ready not UP within 180 s"
  sleep 1
done
echo "ok: dev mode ready in $((SECONDS - started)) s on port $port"
# The check for leftovers below looks for the data directory on command lines; make sure it sees
# the running PostgreSQL, so that finding nothing after the stop means something.
pgrep -f -- "postgres.*$data_dir" >/dev/null || fail "cannot see the embedded PostgreSQL of $data_dir"

dev_ui=$(curl -s -o /dev/null -w '%{http_code}' "$base/q/dev-ui/")
[ "$dev_ui" = 200 ] || fail "/q/dev-ui/ answered $dev_ui"
echo "ok: /q/dev-ui/ answers 200"

stop || fail "dev mode did not stop"
sleep 2
left=$(leftovers)
if [ -n "$left" ]; then
  ps -o pid,args -p "$(echo "$left" | paste -sd, -)" || true
  xargs -r kill -9 <<<"$left" 2>/dev/null || true
  echo "FAILED: processes left behind after stopping dev mode"
  exit 1
fi
echo "ok: stopped by pid $pid, nothing left behind"
echo "dev-mode smoke test passed"
