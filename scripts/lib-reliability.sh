# shellcheck shell=bash disable=SC2154,SC2034 # root, jar: lib-packaged-jar.sh; classpath: the caller
# Sourced by the crash and outage suites, after lib-packaged-jar.sh: the classpath of their Java
# probes (src/test/java/org/margindesk/reliability), a bounded wait and the suites' common exit.

# Sets `classpath`: the test classes and the test-scope dependencies. Packages the jar if there is
# none; compiles the probes again only when their sources are newer than the last build.
probe_classpath() {
  local cpfile="$root/target/reliability.classpath"
  if [ ! -f "$jar" ]; then
    echo "building the jar"
    (cd "$root" && ./mvnw -q -B package -DskipTests)
  fi
  if [ ! -f "$cpfile" ] || [ ! -d "$root/target/test-classes/org/margindesk/reliability" ] \
    || [ -n "$(find "$root/src/test/java/org/margindesk/reliability" -newer "$cpfile" -print -quit)" ]; then
    echo "compiling the probes"
    (cd "$root" && ./mvnw -q -B test-compile dependency:build-classpath \
      "-Dmdep.outputFile=$cpfile" -Dmdep.includeScope=test)
    touch "$cpfile" # the plugin leaves an unchanged file as it was
  fi
  classpath="$root/target/test-classes:$(cat "$cpfile")"
}

# wait_until SECONDS DESCRIPTION COMMAND...: polls every 0.2 s until COMMAND succeeds, or fails.
wait_until() {
  local limit=$1 what=$2 started=$SECONDS
  shift 2
  until "$@" 2>/dev/null; do
    if (( SECONDS - started > limit )); then echo "FAILED: $what did not happen within $limit s"; exit 1; fi
    sleep 0.2
  done
}

# finish_suite STATUS PREFIX [PID]: the suites' exit trap. Stops the background process PID and the
# jar, shows the service log's tail when STATUS is not 0, keeps the logs in target/reliability as
# PREFIX-<name>.log, stops an embedded PostgreSQL left behind and removes the scratch directory.
finish_suite() {
  local status=$1 prefix=$2 background=${3:-} orphan
  if [ -n "$background" ] && kill -0 "$background" 2>/dev/null; then
    kill "$background"
    wait "$background" || true
  fi
  if [ "$status" -ne 0 ] && [ -f "$work/service.log" ]; then
    echo "--- service log (last 60 lines)"
    tail -60 "$work/service.log"
  fi
  stop_jar
  mkdir -p "$root/target/reliability"
  for f in "$work"/*.log; do [ -f "$f" ] && cp "$f" "$root/target/reliability/$prefix-$(basename "$f")"; done
  orphan=$(postgres_pid)
  if [ -n "$orphan" ]; then
    kill "$orphan"
    for _ in $(seq 300); do kill -0 "$orphan" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -rf "$work"
}
