#!/usr/bin/env bash
# Walks a running Margin Desk through the whole product with curl and prints what happens:
# a facility, a breach that restricts the account, a top-up that cures it, a second account that
# misses its (short) deadline, the liquidation tasks done by operators and approved by a second
# person, the facility cancelled and control restored, and the audit trail verified.
# Exits non-zero as soon as a step does not behave as described.
#
# Usage: scripts/demo.sh [base-url]        (default http://localhost:8080)
# Needs the embedded users (embedded mode). DEMO_REMEDIATION_WINDOW (default PT1M, the shortest a
# facility may set) is the remediation window given to the second account's facility, so the demo
# never waits 12 hours.
set -euo pipefail

base=${1:-${MARGIN_DESK_URL:-http://localhost:8080}}
window=${DEMO_REMEDIATION_WINDOW:-PT1M}
run=$(date +%s)
status=""
body=""

say() { printf '\n== %s\n' "$*"; }
show() { printf '   %s\n' "$*"; }
fail() {
  printf '\nDEMO FAILED: %s\n' "$*" >&2
  printf 'last answer (%s): %s\n' "$status" "$body" >&2
  exit 1
}

# api METHOD PATH USER [JSON-BODY]: sets $status and $body.
api() {
  local method=$1 path=$2 user=$3 data=${4:-}
  local out
  out=$(mktemp)
  if [ -n "$data" ]; then
    status=$(curl -sS -o "$out" -w '%{http_code}' -X "$method" -u "$user:$user" \
      -H 'Content-Type: application/json' --data "$data" "$base$path")
  else
    status=$(curl -sS -o "$out" -w '%{http_code}' -X "$method" -u "$user:$user" "$base$path")
  fi
  body=$(tr -d '\n' <"$out")
  rm -f "$out"
}

expect_status() {
  local want=$1 what=$2
  [ "$status" = "$want" ] || fail "$what: expected HTTP $want"
}

# field NAME: the first "NAME":value in $body (string, number, boolean or null), unquoted.
field() {
  local raw
  raw=$(printf '%s' "$body" | grep -o "\"$1\" *: *\(\"[^\"]*\"\|[^,}]*\)" | head -1 | sed 's/^[^:]*: *//') || true
  raw=${raw#\"}
  printf '%s' "${raw%\"}"
}

expect_field() {
  local name=$1 want=$2 what=$3 got
  got=$(field "$name")
  [ "$got" = "$want" ] || fail "$what: expected $name=$want, got '$got'"
  show "$what: $name = $got"
}

# wait_for SECONDS DESCRIPTION COMMAND...: polls once a second until COMMAND succeeds.
wait_for() {
  local limit=$1 what=$2
  shift 2
  local started=$SECONDS
  until "$@"; do
    (( SECONDS - started < limit )) || fail "$what did not happen within $limit s"
    sleep 1
  done
  show "$what (after $(( SECONDS - started )) s)"
}

call_status_is() {
  api GET "/api/v1/margin-calls/$1" viewer
  [ "$status" = 200 ] && [ "$(field status)" = "$2" ]
}

account_restricted() {
  api GET "/api/v1/accounts/$1" viewer
  [ "$(field reduceOnly)" = true ] && [ "$(field withdrawalsEnabled)" = false ]
}

task_open() {
  api GET "/api/v1/tasks/$1" operator
  [ "$status" = 200 ]
}

facility() {
  local account=$1 policy=${2:-}
  api PUT "/api/v1/accounts/$account/facility" supervisor \
    "{\"marginPlusAmount\":\"10000.00\",\"asset\":\"USDT\",\"contactEmail\":\"holder-$account@example.com\"$policy}"
  expect_status 201 "register facility $account"
  show "facility $account: M+ 10,000.00 USDT, margin call below 12,500, liquidation below 11,000"
}

snapshot() {
  local account=$1 cab=$2 as_of=$3
  api POST /api/v1/risk-snapshots feed \
    "{\"eventId\":\"demo-$run-$account-$cab\",\"accountId\":\"$account\",\"asOf\":\"$as_of\",\"collateralBalance\":\"$cab\",\"maintenanceMarginRatio\":\"15\"}"
  expect_status 202 "snapshot CAB $cab for $account"
  show "snapshot CAB $cab → assessment $(field assessment)"
}

api GET /api/v1/me viewer
[ "$status" = 200 ] || fail "Margin Desk does not answer at $base (is it running in embedded mode?)"
echo "Margin Desk demo against $base"

say "1. A Margin+ facility is registered"
cured="demo-$run-a"
facility "$cured"

say "2. CAB falls to 12,000 (below 12,500): a margin call opens and the account is restricted"
snapshot "$cured" 12000 "2026-11-22T10:00:00Z"
expect_field assessment MARGIN_CALL "risk assessed"
call_a=$(field marginCallId)
[ -n "$call_a" ] && [ "$call_a" != null ] || fail "no margin call was opened"
show "margin call $call_a opened"
wait_for 30 "account is reduce-only with withdrawals disabled" account_restricted "$cured"
api GET "/api/v1/margin-calls/$call_a" viewer
expect_status 200 "read the call"
show "deadline $(field deadline); trigger: $(printf '%s' "$body" | grep -o 'collateral balance[^"]*' | head -1)"

say "3. The holder tops up to 12,600: the call is cured and the restrictions lifted"
snapshot "$cured" 12600 "2026-11-22T10:30:00Z"
expect_field assessment HEALTHY "risk assessed"
wait_for 30 "call $call_a is CURED" call_status_is "$call_a" CURED
api GET "/api/v1/accounts/$cured" viewer
expect_field reduceOnly false "restrictions"
expect_field withdrawalsEnabled true "restrictions"

say "4. A second account breaches and misses its deadline ($window)"
missed="demo-$run-b"
facility "$missed" ",\"policy\":{\"remediationWindow\":\"$window\"}"
snapshot "$missed" 11800 "2026-11-22T11:00:00Z"
call_b=$(field marginCallId)
show "margin call $call_b opened"
wait_for 30 "account is reduce-only with withdrawals disabled" account_restricted "$missed"
wait_for 120 "deadline passed: call $call_b is LIQUIDATING" call_status_is "$call_b" LIQUIDATING

say "5. Liquidation: operators close positions, a second person approves the Margin+ reclaim"
close_task="$call_b:close-all-positions"
reclaim_task="$call_b:reclaim-margin-plus-funds"
wait_for 30 "task CLOSE_ALL_POSITIONS is waiting for an operator" task_open "$close_task"
api POST "/api/v1/tasks/$close_task/claim" operator
expect_status 200 "operator claims $close_task"
show "operator claimed CLOSE_ALL_POSITIONS"
api POST "/api/v1/tasks/$close_task/claim" operator2
expect_status 409 "a second operator cannot take a claimed task"
show "operator2 tried to claim it too: 409, $(field detail)"
api POST "/api/v1/tasks/$close_task/complete" operator \
  '{"note":"closed BTCUSDT long on the exchange","evidence":{"orderIds":["demo-1001","demo-1002"]}}'
expect_status 200 "operator completes $close_task"
show "operator completed it with evidence (closing order ids)"

wait_for 30 "task RECLAIM_MARGIN_PLUS_FUNDS is waiting for an operator" task_open "$reclaim_task"
api POST "/api/v1/tasks/$reclaim_task/claim" supervisor2
expect_status 200 "supervisor2 claims $reclaim_task"
api POST "/api/v1/tasks/$reclaim_task/complete" supervisor2 \
  '{"note":"10,000 USDT moved back to the Margin+ book","evidence":{"transferId":"demo-tx-77"}}'
expect_status 200 "supervisor2 completes $reclaim_task"
show "supervisor2 moved the Margin+ funds back (evidence: transfer id)"
expect_field status AWAITING_APPROVAL "four-eyes"
api POST "/api/v1/tasks/$reclaim_task/approve" supervisor2
expect_status 403 "the completer cannot approve their own work"
show "supervisor2 tried to approve their own work: 403, $(field detail)"
api POST "/api/v1/tasks/$reclaim_task/approve" supervisor
expect_status 200 "supervisor approves $reclaim_task"
expect_field status DONE "approved by a second person"
expect_field completedBy supervisor2 "approved by a second person"
expect_field approvedBy supervisor "approved by a second person"

say "6. The facility is cancelled and control is restored"
wait_for 60 "call $call_b is LIQUIDATED" call_status_is "$call_b" LIQUIDATED
api GET "/api/v1/accounts/$missed" viewer
expect_field status CANCELLED "facility"
expect_field reduceOnly false "restrictions"
expect_field withdrawalsEnabled true "restrictions"
expect_field tradingEnabled true "restrictions"

say "7. The audit trail tells who did what, and its hash chain verifies"
api GET "/api/v1/audit-events?marginCallId=$call_b&limit=200" viewer
expect_status 200 "read the audit trail"
printf '%s' "$body" | grep -o '"actor":"[^"]*","actorRoles":\(null\|"[^"]*"\),"action":"[^"]*"' \
  | sed 's/"actor":"\([^"]*\)".*"action":"\([^"]*\)"/   \2 by \1/'
for who in operator operator2 supervisor system; do
  grep -q "\"actor\":\"$who\"" <<<"$body" || fail "the trail has no record by $who"
done
api GET /api/v1/audit-events/verification supervisor
expect_status 200 "verify the audit chain"
expect_field valid true "audit chain"
show "checked $(field checked) records"

say "8. What Prometheus sees (/q/metrics)"
metrics=$(curl -fsS "$base/q/metrics") || fail "no metrics at $base/q/metrics"
grep -E '^margindesk_(calls_opened_total|calls_closed_total|calls_open|breach_to_restriction_seconds_(count|sum|max)|tasks_sla_breaches_total|snapshots_total)' <<<"$metrics" \
  | sed 's/^/   /'
grep -q '^margindesk_breach_to_restriction_seconds_count' <<<"$metrics" \
  || fail "the breach-to-restriction histogram is missing"

printf '\nDemo passed: every step behaved as described.\n'
