#!/usr/bin/env bash
# The outage suite (issue 15, docs/reliability.md#outages): the packaged jar in embedded mode, with
# the HTTP exchange gateway pointed at a misbehaving stub exchange that the Java probe runs
# (org.margindesk.reliability.OutageProbe, from the test classpath), through three outages:
#   exchange  one account per fault: answers after the gateway's timeout, 503s, connection resets,
#             slow answers, answers lost after the effect (the same key delivered again), and a 422
#             that must become an EXCHANGE_REFUSED task, a supervisor notice and a metric; each
#             account breached and cured through its fault; every effect performed once
#   postgres  the embedded PostgreSQL stopped (pg_ctl stop -m fast) while four feeders post
#             snapshots, and started again on the same data and port: 503 problem+json with
#             Retry-After meanwhile, answered quickly; nothing acknowledged lost; the service
#             recovers without a restart and a call opened before the outage completes
#   temporal  the embedded Temporal server restarted empty (EmbeddedServicesMXBean.restartTemporal
#             over JMX, which listens on 127.0.0.1 only) while breaches keep coming: each restricted
#             before its answer; the reconciler brings the open calls back with their deadline and
#             liquidation progress; every call then completes
# Then, for the whole run: acknowledged snapshots stored, calls and deadlines kept, no task
# duplicated, the audit chain verifies. Prints a figures table.
# Usage: scripts/outage-suite.sh   (after `./mvnw package` or `./mvnw verify`)
# Ports: OUTAGE_HTTP_PORT (19180), OUTAGE_POSTGRES_PORT (26532), OUTAGE_TEMPORAL_PORT (28333),
# OUTAGE_JMX_PORT (29333); the stub exchange takes a free port.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
# A restart after kill -9 first stops the orphaned PostgreSQL, which then recovers its data.
# shellcheck disable=SC2034 # read by lib-packaged-jar.sh
JAR_READY_LIMIT=${JAR_READY_LIMIT:-120}
# shellcheck disable=SC2034 # read by lib-packaged-jar.sh
JAR_HTTP_PORT=${OUTAGE_HTTP_PORT:-19180}
JAR_POSTGRES_PORT=${OUTAGE_POSTGRES_PORT:-26532}
# shellcheck disable=SC2034 # read by lib-packaged-jar.sh
JAR_TEMPORAL_PORT=${OUTAGE_TEMPORAL_PORT:-28333}
jmx_port=${OUTAGE_JMX_PORT:-29333}
# shellcheck source=scripts/lib-packaged-jar.sh
. "$root/scripts/lib-packaged-jar.sh"
# shellcheck source=scripts/lib-reliability.sh
. "$root/scripts/lib-reliability.sh"

probe_pid=""
cleanup() { finish_suite $? outage "$probe_pid"; }
trap cleanup EXIT

# listens_on_loopback_only PORT: every listening socket on PORT (IPv4 and IPv6) is a loopback one.
listens_on_loopback_only() {
  local hex found=0 line
  hex=$(printf '%04X' "$1")
  while read -r line; do
    found=1
    case $line in
      # 127.0.0.1, ::1 and ::ffff:127.0.0.1
      0100007F:* | 00000000000000000000000001000000:* | 0000000000000000FFFF00000100007F:*) ;;
      *) echo "port $1 listens on $line"; return 1 ;;
    esac
  done < <(awk -v p=":$hex" '$4 == "0A" && substr($2, length($2) - 4) == p { print $2 }' /proc/net/tcp /proc/net/tcp6)
  [ "$found" = 1 ]
}

probe_classpath
suite_started=$SECONDS
java -cp "$classpath" org.margindesk.reliability.OutageProbe "base=$base" \
  "pg-port=$JAR_POSTGRES_PORT" "jmx-port=$jmx_port" "work=$work" "run=$(date +%s)" \
  "stub-port-file=$work/stub.port" &
probe_pid=$!
wait_until 60 "the stub exchange listening" test -s "$work/stub.port"

jmx="-Dcom.sun.management.jmxremote.port=$jmx_port -Dcom.sun.management.jmxremote.rmi.port=$jmx_port"
jmx="$jmx -Dcom.sun.management.jmxremote.host=127.0.0.1 -Djava.rmi.server.hostname=127.0.0.1"
jmx="$jmx -Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false"
# shellcheck disable=SC2034 # read by lib-packaged-jar.sh
JAR_ENV=(MARGIN_DESK_GATEWAY_KIND=http "MARGIN_DESK_GATEWAY_HTTP_URL=http://127.0.0.1:$(cat "$work/stub.port")/"
  MARGIN_DESK_GATEWAY_HTTP_REQUEST_TIMEOUT=PT2S MARGIN_DESK_GATEWAY_HTTP_CONNECT_TIMEOUT=PT1S
  MARGIN_DESK_RECONCILER_INTERVAL=PT5S "JAVA_TOOL_OPTIONS=$jmx")
start_jar
if ! listens_on_loopback_only "$jmx_port"; then echo "FAILED: JMX must listen on loopback only"; exit 1; fi
echo "ok: JMX listens on 127.0.0.1:$jmx_port only"

status=0
wait "$probe_pid" || status=$?
probe_pid=""
stop_jar
if [ "$status" -ne 0 ]; then echo "outage suite FAILED"; exit "$status"; fi
echo
echo "outage suite passed in $(( SECONDS - suite_started )) s"
