#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# fm_wait_ready, with which scripts/run.sh waits for the dev broker, the worker and the API, on stand-in services: it
# returns when the service becomes ready however long that takes under the bound; it gives up at once, not after a
# fixed time, when the process exits (naming its exit code and what it waited for, with what this start logged and not
# an earlier start's lines); and a process that runs without becoming ready is given up on after
# FAULTMAVEN_START_TIMEOUT seconds, naming the setting. About 10 s.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

fail() { echo "not ok - $*"; exit 1; }
ok() { echo "ok - $*"; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log=$work/service.log
echo "a line from an earlier start" >"$log"
offset=$(stat -c %s "$log")

# Runs fm_wait_ready on a stand-in service (bash -c SCRIPT, logging to $log) in a subshell, as run.sh would; its
# output (fm_die's message and the log tail) goes to $work/out, its status and seconds to $status and $took:
# stand_in SCRIPT COMMAND...
stand_in() {
  local script=$1 began=$SECONDS
  shift
  status=0
  (
    bash -c "$script" >>"$log" 2>&1 &
    pid=$!
    trap 'kill "$pid" 2>/dev/null || true' EXIT
    fm_wait_ready "$pid" "$log" "$offset" "the stand-in" "to create $work/ready" "$@"
  ) >"$work/out" 2>&1 || status=$?
  took=$((SECONDS - began))
}

rm -f "$work/ready"
stand_in "sleep 2; touch '$work/ready'; sleep 30" test -e "$work/ready"
((status == 0)) || fail "a service ready after 2 s was given up on: $(cat "$work/out")"
ok "a service that becomes ready after 2 s is waited for (${took} s)"

rm -f "$work/ready"
FAULTMAVEN_START_TIMEOUT=120 stand_in "echo 'this start: cannot bind'; sleep 1; exit 3" test -e "$work/ready"
((status != 0)) || fail "a service that exited was reported ready"
((took < 20)) || fail "a service that exited after 1 s was waited for $took s"
grep -qF "the stand-in exited with code 3 before it was ready (waited for it to create $work/ready)" "$work/out" \
  || fail "the message does not name the exit code and what was awaited: $(cat "$work/out")"
grep -qF "this start: cannot bind" "$work/out" || fail "the service's log tail is not shown: $(cat "$work/out")"
! grep -qF "an earlier start" "$work/out" || fail "the log tail shows an earlier start's lines: $(cat "$work/out")"
ok "a service that exits during its start is given up on at once (${took} s), with its exit code and this start's log"

FAULTMAVEN_START_TIMEOUT=3 stand_in "echo 'this start: stuck'; sleep 60" test -e "$work/ready"
((status != 0)) || fail "a service that never became ready was reported ready"
((took >= 3 && took < 20)) || fail "FAULTMAVEN_START_TIMEOUT=3 gave up after $took s"
grep -qF "the stand-in runs but was not ready after 3 s (waited for it to create $work/ready; raise FAULTMAVEN_START_TIMEOUT" "$work/out" \
  || fail "the message does not say what was awaited and how to wait longer: $(cat "$work/out")"
grep -qF "this start: stuck" "$work/out" || fail "the service's log tail is not shown: $(cat "$work/out")"
ok "a service that runs without becoming ready is given up on after FAULTMAVEN_START_TIMEOUT (${took} s), naming it"
