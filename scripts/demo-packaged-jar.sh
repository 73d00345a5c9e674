#!/usr/bin/env bash
# What CI does after `./mvnw verify`: starts the packaged jar in embedded mode with a short
# remediation window, runs scripts/demo.sh against it, and stops it. Exits non-zero if the demo
# fails (the service log is printed then).
# Usage: scripts/demo-packaged-jar.sh   (after `./mvnw package` or `./mvnw verify`)
set -euo pipefail

work=$(mktemp -d)
JAR_HTTP_PORT=${DEMO_HTTP_PORT:-18081}
JAR_POSTGRES_PORT=${DEMO_POSTGRES_PORT:-25433}
JAR_TEMPORAL_PORT=${DEMO_TEMPORAL_PORT:-27234}
JAR_ENV=(MARGIN_DESK_POLICY_REMEDIATION_WINDOW=PT30S)
# shellcheck source=scripts/lib-packaged-jar.sh
. "$(dirname "$0")/lib-packaged-jar.sh"

cleanup() {
  stop_jar
  rm -rf "$work"
}
trap cleanup EXIT

start_jar
if ! DEMO_REMEDIATION_WINDOW=PT1M "$(dirname "$0")/demo.sh" "$base"; then
  echo "--- service log (last 80 lines)"
  tail -80 "$work/service.log"
  exit 1
fi
