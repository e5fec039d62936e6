#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# scripts/run.sh as a user runs it, under a private FAULTMAVEN_HOME (mktemp -d, mode 0700) and from an unrelated folder:
# it writes connection.json (0600, no password) that scripts/fm status uses without a rebuild; a worker killed with -9
# comes back while the broker keeps its topics; `run.sh stop` ends it all; nothing is written outside FAULTMAVEN_HOME.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/postgres.sh"

home=$(mktemp -d /tmp/fm-run-home.XXXXXX)
elsewhere=$(mktemp -d /tmp/fm-run-cwd.XXXXXX)
out=$home.out
run_pid=
# shellcheck disable=SC2317 # called by the trap
cleanup() {
  if [[ -n $run_pid ]] && kill -0 "$run_pid" 2>/dev/null; then
    kill -TERM "$run_pid"
    for _ in {1..600}; do kill -0 "$run_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  fm_pg_remove "$home/postgres" >/dev/null 2>&1 || true
  rm -rf "$home" "$elsewhere" "$out"
}
trap cleanup EXIT

fail() {
  echo "not ok - $*"
  echo "--- run.sh output ---"; tail -n 40 "$out" 2>/dev/null || true
  local log
  for log in "$home"/logs/*.log; do [[ -f $log ]] && { echo "--- $log ---"; tail -n 15 "$log" | cut -c 1-400; }; done
  exit 1
}
ok() { echo "ok - $*"; }
# A command that fails outside a check (set -e) still says which one, instead of ending the test without a word.
trap 'echo "not ok - line $LINENO: \"$BASH_COMMAND\" exited with $?"' ERR

# Waits until COMMAND succeeds while run.sh is alive; fails only when nothing run.sh or its services write has grown
# for STALL seconds: wait_for DESCRIPTION STALL COMMAND...
wait_for() {
  local what=$1 stall=$2 size last_size=-1 last_change=$SECONDS
  shift 2
  until "$@" >/dev/null 2>&1; do
    kill -0 "$run_pid" 2>/dev/null || fail "$what: run.sh exited"
    size=$( (cat "$out" "$home"/logs/*.log 2>/dev/null || true) | wc -c)
    ((size == last_size)) || { last_size=$size; last_change=$SECONDS; }
    ((SECONDS - last_change < stall)) || fail "$what: no progress for $stall s"
    sleep 0.5
  done
}

# What ONNX Runtime keeps in the user's cache folder (other tests load the model too): it must not change during the run.
onnx_state() { find "${XDG_CACHE_HOME:-$HOME/.cache}/Microsoft/DeveloperTools" -type f -printf '%p %T@\n' 2>/dev/null | sort || true; }
onnx_before=$(onnx_state)

fm() { (cd "$elsewhere" && FAULTMAVEN_HOME=$home COLUMNS=80 "$FM_ROOT/scripts/fm" "$@"); }
status_ok() { fm status >"$home.status" 2>&1; }

(cd "$elsewhere" && FAULTMAVEN_HOME=$home FAULTMAVEN_BROKER_PORT=0 FAULTMAVEN_WORKER_PORT=0 FAULTMAVEN_API_PORT=0 \
  exec "$FM_ROOT/scripts/run.sh") >"$out" 2>&1 &
run_pid=$!
wait_for "run.sh says FaultMaven is running" 180 grep -q "FaultMaven is running" "$out"
ok "run.sh started under a private FAULTMAVEN_HOME ($(stat -c %a "$home"))"

connection=$home/connection.json
[[ $(stat -c %a "$connection") == 600 ]] || fail "connection.json has mode $(stat -c %a "$connection"), not 600"
! grep -qF "$(cat "$home/postgres/password")" "$connection" || fail "connection.json holds the database password"
ok "connection.json is readable by its owner only and holds no password"

status_ok || fail "scripts/fm status next to run.sh: $(cat "$home.status")"
! grep -q "building" "$home.status" || fail "scripts/fm rebuilt what run.sh had built: $(cat "$home.status")"
! grep -qE 'rdkafka|CONFWARN' "$home.status" || fail "library log lines on the console: $(cat "$home.status")"
(($(LC_ALL=C.UTF-8 wc -L <"$home.status") <= 80)) || fail "scripts/fm status is wider than 80 columns: $(cat "$home.status")"
grep -q "caught up" "$home.status" || fail "scripts/fm status shows no consumer group: $(cat "$home.status")"
ok "scripts/fm status finds the running instance, without a rebuild, in 80 columns"

worker=$(pgrep -P "$run_pid" -f faultmaven-worker) || fail "no worker process under run.sh"
worker_url=$(grep -oE 'Worker +http://127\.0\.0\.1:[0-9]+' "$out" | grep -oE 'http://.*')
kill -KILL "$worker"
wait_for "run.sh restarts the killed worker" 120 grep -q "the worker is running again" "$out"
grep -q "the worker exited with code 137; restarting it" "$out" || fail "the restart is not logged"
wait_for "the restarted worker is ready" 180 fm_http_ok "$worker_url/readyz"
[[ $(pgrep -P "$run_pid" -f faultmaven-worker) != "$worker" ]] || fail "the worker was not replaced"
status_ok || fail "scripts/fm status after the worker's restart: $(cat "$home.status")"
# The broker is "ok" only while logs.raw exists.
grep -qE '^│ broker +│ ok ' "$home.status" || fail "the broker lost its topics: $(cat "$home.status")"
ok "a worker killed with -9 is restarted (logged) and the broker kept running"
! grep -qE '"SourceContext":"(Npgsql.Command|Microsoft.EntityFrameworkCore.Database.Command)"' "$home"/logs/{worker,api}.log \
  || fail "the worker or the API logs its SQL commands above Debug"
ok "the worker and the API do not log their SQL commands"

FAULTMAVEN_HOME=$home "$FM_ROOT/scripts/run.sh" stop >/dev/null 2>&1 || fail "run.sh stop failed"
! kill -0 "$run_pid" 2>/dev/null || fail "run.sh still runs after run.sh stop"
[[ ! -e $connection ]] || fail "connection.json outlived the instance"
ok "run.sh stop ends the instance and removes connection.json"

[[ -z $(ls -A "$elsewhere") ]] || fail "files written outside FAULTMAVEN_HOME, in the working folder: $(ls -A "$elsewhere")"
ok "nothing written in the working folder"

# ONNX Runtime writes a device id only on some machines (the CI runner's run wrote none), so its presence under
# FAULTMAVEN_HOME is reported, not required; what must hold everywhere is that the user's cache did not change.
[[ $(onnx_state) == "$onnx_before" ]] || fail "the user's ONNX Runtime cache changed during the run: $onnx_before -> $(onnx_state)"
onnx_home=$({ find "$home/cache" -path '*onnxruntime*' -type f 2>/dev/null || true; } | wc -l)
ok "the user's cache folder untouched (ONNX Runtime files under FAULTMAVEN_HOME/cache: $onnx_home)"
