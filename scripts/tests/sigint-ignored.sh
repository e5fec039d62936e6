#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The dev broker's SIGINT test with SIGINT ignored, as a background job (`scripts/test.sh &`, nohup, a CI runner without
# a terminal) has it: the test host and everything it starts inherit the ignored disposition, and only ServiceProcess's
# `env --default-signal=INT` lets the broker still stop on SIGINT. About 10 s (one test runner, one broker per signal).
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

fail() { echo "not ok - $*"; exit 1; }
ok() { echo "ok - $*"; }

# The premise: a process started this way ignores SIGINT (bit 2 of SigIgn in /proc/PID/status, counted from 1).
# shellcheck disable=SC2016 # awk's $2, not the shell's
ignored=$(env --ignore-signal=INT awk '/^SigIgn:/ { print $2 }' /proc/self/status)
(((16#$ignored & 2) != 0)) || fail "env --ignore-signal=INT did not leave SIGINT ignored (SigIgn $ignored)"
ok "a child of env --ignore-signal=INT ignores SIGINT (SigIgn $ignored)"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! env --ignore-signal=INT dotnet test "$FM_ROOT/tests/FaultMaven.DevBroker.Tests" -c "$FM_CONFIGURATION" --no-build -nologo \
  --filter "FullyQualifiedName~SIGINT" --logger "console;verbosity=normal" >"$log" 2>&1; then
  tail -n 60 "$log"
  fail "the dev broker's SIGINT test fails when SIGINT is ignored"
fi
grep -qE 'Passed +FaultMaven\.DevBroker\.Tests\..*signal: "INT"' "$log" || { tail -n 40 "$log"; fail "the SIGINT case did not run"; }
ok "the dev broker's SIGINT test passes with SIGINT ignored"
