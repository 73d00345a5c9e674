# Sourced by the scripts that run the packaged jar in embedded mode (smoke test, demo).
# Provides start_jar / stop_jar / kill_jar; the caller sets `work` (a scratch directory) and may set
# JAR_HTTP_PORT, JAR_POSTGRES_PORT, JAR_TEMPORAL_PORT, extra environment in JAR_ENV (array) and
# JAR_READY_LIMIT (seconds to readiness, default 60).

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jar="$root/target/quarkus-app/quarkus-run.jar"
http_port=${JAR_HTTP_PORT:-18080}
base="http://127.0.0.1:$http_port"
pid=""
JAR_ENV=(${JAR_ENV[@]+"${JAR_ENV[@]}"})

start_jar() {
  [ -f "$jar" ] || { echo "no $jar: run ./mvnw package (or ./mvnw verify) first"; exit 1; }
  (cd "$work" && exec env MARGIN_DESK_EMBEDDED_ENABLED=true QUARKUS_HTTP_PORT="$http_port" \
    MARGIN_DESK_EMBEDDED_POSTGRES_PORT="${JAR_POSTGRES_PORT:-25432}" \
    MARGIN_DESK_EMBEDDED_TEMPORAL_PORT="${JAR_TEMPORAL_PORT:-27233}" \
    ${JAR_ENV[@]+"${JAR_ENV[@]}"} java -jar "$jar" >>"$work/service.log" 2>&1) &
  pid=$!
  local started=$SECONDS
  until curl -fsS "$base/q/health/ready" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "service exited during start:"; tail -50 "$work/service.log"; exit 1; fi
    if (( SECONDS - started > ${JAR_READY_LIMIT:-60} )); then
      echo "not ready within ${JAR_READY_LIMIT:-60} s:"; tail -50 "$work/service.log"; exit 1
    fi
    sleep 1
  done
  echo "ready in $(( SECONDS - started )) s"
}

stop_jar() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    wait "$pid" || true
  fi
  pid=""
}

# kill -9: the JVM gets no chance to stop its embedded PostgreSQL, as after a crash or the OOM killer.
kill_jar() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -9 "$pid"
    wait "$pid" || true
  fi
  pid=""
}

# The pid of the embedded PostgreSQL running on the scratch data directory, if one runs.
postgres_pid() {
  local pidfile="$work/.margin-desk/postgres/postmaster.pid" p
  [ -f "$pidfile" ] || return 0
  p=$(head -1 "$pidfile")
  if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then echo "$p"; fi
}
