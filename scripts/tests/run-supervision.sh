#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# scripts/run.sh as a user runs it, under a private FAULTMAVEN_HOME (mktemp -d, mode 0700) and from an unrelated folder:
# it writes connection.json (0600, no password) that scripts/fm status uses without a rebuild; its banner says how to
# stop it; a worker and an API killed with -9 come back while the broker keeps its topics; `kill -TERM` ends it all,
# service processes included, and `run.sh stop` sends that signal; nothing is written outside FAULTMAVEN_HOME (the
# repository's build output and, run as root, PostgreSQL's relocated files aside).
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/postgres.sh"

home=$(mktemp -d /tmp/fm-run-home.XXXXXX)
elsewhere=$(mktemp -d /tmp/fm-run-cwd.XXXXXX)
out=$home.out
# Files newer than this were written during the run.
started=$home.started
run_pid=
# shellcheck disable=SC2317 # called by the trap
cleanup() {
  if [[ -n $run_pid ]] && kill -0 "$run_pid" 2>/dev/null; then
    kill -TERM "$run_pid"
    for _ in {1..600}; do kill -0 "$run_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  fm_pg_remove "$home/postgres" >/dev/null 2>&1 || true
  rm -rf "$home" "$elsewhere" "$out" "$started" "$home.status"
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

# The files under FOLDER with their times, to compare before and after the run: files_in FOLDER
files_in() { find "$1" -printf '%p %T@\n' 2>/dev/null | sort || true; }
# What ONNX Runtime keeps in the user's cache folder (other tests load the model too): it must not change during the run.
onnx_state() { files_in "${XDG_CACHE_HOME:-$HOME/.cache}/Microsoft/DeveloperTools"; }
onnx_before=$(onnx_state)
# Where FaultMaven wrote by default before everything moved under FAULTMAVEN_HOME (fm push's checkpoints).
user_state_before=$(files_in "$HOME/.faultmaven")
touch "$started"

fm() { (cd "$elsewhere" && FAULTMAVEN_HOME=$home COLUMNS=80 "$FM_ROOT/scripts/fm" "$@"); }
status_ok() { fm status >"$home.status" 2>&1; }

(cd "$elsewhere" && FAULTMAVEN_HOME=$home FAULTMAVEN_BROKER_PORT=0 FAULTMAVEN_WORKER_PORT=0 FAULTMAVEN_API_PORT=0 \
  exec "$FM_ROOT/scripts/run.sh") >"$out" 2>&1 &
run_pid=$!
wait_for "run.sh says FaultMaven is running" 180 grep -q "FaultMaven is running" "$out"
ok "run.sh started under a private FAULTMAVEN_HOME ($(stat -c %a "$home"))"

grep -qF 'scripts/run.sh stop' "$out" || fail "the banner does not say how to stop with scripts/run.sh stop"
grep -qF "kill $run_pid)" "$out" || fail "the banner does not name kill $run_pid"
! grep -qF 'Ctrl-C' "$out" || fail "the banner offers Ctrl-C to a run.sh started in the background, where SIGINT is ignored"
ok "the banner says how to stop it: scripts/run.sh stop, or kill $run_pid (not Ctrl-C: run.sh runs in the background)"

# The banner fits 80 columns but for the paths it names, which are as long as the folders they are in.
wide=$(sed -n '/FaultMaven is running/,/Stop it with/p' "$out" | sed "s|$home|<home>|g; s|$FM_ROOT|<repo>|g" | awk 'length($0) > 80')
[[ -z $wide ]] || fail "banner lines wider than 80 columns (paths shortened to <home>, <repo>):
$wide"
ok "the banner fits 80 columns (paths aside)"
! grep -q $'\033' "$out" || fail "terminal colour codes in run.sh's output, which went to a file"
ok "run.sh's output to a file is plain text (no colour codes)"

# Run as root, PostgreSQL runs as the postgres user, which cannot enter the private FAULTMAVEN_HOME: its files move to
# /var/lib/postgresql/faultmaven/<hash>, and FAULTMAVEN_HOME/postgres/server says where (fm_pg_remove reads it).
if ((EUID == 0)); then
  server=$(cat "$home/postgres/server" 2>/dev/null) || fail "no $home/postgres/server although PostgreSQL's files were relocated"
  [[ $server == /var/lib/postgresql/faultmaven/* && -f $server/cluster/PG_VERSION ]] || fail "$home/postgres/server names '$server', which holds no cluster"
  grep -qF "PostgreSQL's database files are in $server" "$out" || fail "run.sh does not say where PostgreSQL's files are"
  ok "PostgreSQL's relocated files are named in $home/postgres/server ($server) and in run.sh's output"
else
  server=$home/postgres
  ok "PostgreSQL's files stay in $server (not root: the server runs as this user) # SKIP relocation"
fi

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
api=$(pgrep -P "$run_pid" -f faultmaven-api) || fail "no API process under run.sh"
for pid in "$worker" "$api"; do
  for folder in /tmp "${TMPDIR:-/tmp}"; do
    [[ ! -e $folder/mat-debug-$pid.log ]] || fail "ONNX Runtime's telemetry wrote $folder/mat-debug-$pid.log"
  done
done
ok "ONNX Runtime's telemetry is off in the worker and the API (no /tmp/mat-debug-PID.log)"
worker_url=$(grep -oE 'Worker +http://127\.0\.0\.1:[0-9]+' "$out" | grep -oE 'http://.*')
api_url=$(grep -oE '^  API +https://127\.0\.0\.1:[0-9]+' "$out" | grep -oE 'https://.*')
ca=$(grep -oE '"CaCertificate": "[^"]+"' "$connection" | cut -d'"' -f4)
api_ready() { curl -fsS -o /dev/null --max-time 2 --cacert "$ca" "$api_url/readyz"; }
# Both at once: run.sh restarts them one after the other, 1 s apart, but they start up side by side, the longer part.
kill -KILL "$worker" "$api"
for service in worker api; do
  wait_for "run.sh restarts the killed $service" 120 grep -q "the $service is running again" "$out"
  grep -q "the $service exited with code 137; restarting it" "$out" || fail "the $service's restart is not logged"
done
wait_for "the restarted worker is ready" 180 fm_http_ok "$worker_url/readyz"
wait_for "the restarted API is ready" 180 api_ready
[[ $(pgrep -P "$run_pid" -f faultmaven-worker) != "$worker" ]] || fail "the worker was not replaced"
[[ $(pgrep -P "$run_pid" -f faultmaven-api) != "$api" ]] || fail "the API was not replaced"
status_ok || fail "scripts/fm status after the worker's restart: $(cat "$home.status")"
# The broker is "ok" only while logs.raw exists.
grep -qE '^broker +ok ' "$home.status" || fail "the broker lost its topics: $(cat "$home.status")"
ok "a worker and an API killed with -9 are restarted (logged) and the broker kept running"
! grep -qE '"SourceContext":"(Npgsql.Command|Microsoft.EntityFrameworkCore.Database.Command)"' "$home"/logs/{worker,api}.log \
  || fail "the worker or the API logs its SQL commands above Debug"
ok "the worker and the API do not log their SQL commands"

# Whether PID runs: one that has ended but is not yet reaped (a zombie, as PostgreSQL's server is for a moment, left to
# init by pg_ctl) has stopped.
running() { local state; state=$(ps -o stat= -p "$1") && [[ $state != Z* ]]; }
# What must be gone once run.sh has stopped: its services (the restarted worker and API, the broker) and PostgreSQL.
service_pids=$(pgrep -P "$run_pid" -f 'faultmaven-(worker|api|devbroker)' | tr '\n' ' ')
postgres_pid=$(head -n 1 "$server/cluster/postmaster.pid")
[[ $service_pids =~ ^[0-9]+\ [0-9]+\ [0-9]+\ $ && $postgres_pid =~ ^[0-9]+$ ]] || fail "not three services and PostgreSQL running: '$service_pids' '$postgres_pid'"
kill -TERM "$run_pid"
for _ in {1..900}; do kill -0 "$run_pid" 2>/dev/null || break; sleep 0.1; done
! kill -0 "$run_pid" 2>/dev/null || fail "run.sh still runs 90 s after kill -TERM"
for pid in $service_pids $postgres_pid; do
  ! running "$pid" || fail "process $pid ($(tr '\0' ' ' </proc/"$pid"/cmdline | cut -c 1-200)) outlived run.sh"
done
left=$(pgrep -af -- "$home" || true)
[[ -z $left ]] || fail "processes started for $home outlived run.sh: $left"
[[ ! -e $connection && ! -e $home/run.pid ]] || fail "connection.json or run.pid outlived the instance"
ok "kill -TERM ends run.sh, its services and PostgreSQL, and removes connection.json and run.pid"

# run.sh stop sends that signal to the pid in FAULTMAVEN_HOME/run.pid and waits: here to a stand-in process.
stand_in_home=$home/stop
mkdir -p "$stand_in_home"
sleep 300 &
stand_in=$!
echo "$stand_in" >"$stand_in_home/run.pid"
stopped=$(FAULTMAVEN_HOME=$stand_in_home "$FM_ROOT/scripts/run.sh" stop 2>&1) || fail "run.sh stop failed: $stopped"
! kill -0 "$stand_in" 2>/dev/null || fail "run.sh stop left pid $stand_in running: $stopped"
[[ $stopped == *"stopping FaultMaven (pid $stand_in)"*stopped* ]] || fail "run.sh stop did not say what it stopped: $stopped"
stopped=$(FAULTMAVEN_HOME=$stand_in_home "$FM_ROOT/scripts/run.sh" stop 2>&1) || fail "run.sh stop with nothing running failed: $stopped"
[[ $stopped == *"FaultMaven is not running on $stand_in_home"* ]] || fail "run.sh stop with nothing running says: $stopped"
ok "run.sh stop signals the instance named in run.pid, waits for it, and says when nothing runs"

[[ -z $(ls -A "$elsewhere") ]] || fail "files written outside FAULTMAVEN_HOME, in the working folder: $(ls -A "$elsewhere")"
ok "nothing written in the working folder"

written=$(cd "$FM_ROOT" && find . -mindepth 1 \( -name bin -o -name obj -o -name node_modules -o -name .git \) -prune -o -newer "$started" -print)
[[ -z $written ]] || fail "files written in the repository during the run (besides build output; is a run.sh of yours using the default .faultmaven/?): $written"
[[ $(files_in "$HOME/.faultmaven") == "$user_state_before" ]] || fail "$HOME/.faultmaven changed during the run: $(files_in "$HOME/.faultmaven")"
ok "nothing written in the repository (its .faultmaven/ included) or in ~/.faultmaven"

# ONNX Runtime writes a device id only on some machines (the CI runner's run wrote none), so its presence under
# FAULTMAVEN_HOME is reported, not required; what must hold everywhere is that the user's cache did not change.
[[ $(onnx_state) == "$onnx_before" ]] || fail "the user's ONNX Runtime cache changed during the run: $onnx_before -> $(onnx_state)"
onnx_home=$({ find "$home/cache" -path '*onnxruntime*' -type f 2>/dev/null || true; } | wc -l)
ok "the user's cache folder untouched (ONNX Runtime files under FAULTMAVEN_HOME/cache: $onnx_home)"
