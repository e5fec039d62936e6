#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Sets up and runs FaultMaven on its embedded defaults: PostgreSQL, the in-memory dev broker, the worker and
# the API, all on 127.0.0.1. Data lives in $FAULTMAVEN_HOME (default .faultmaven/ in the repository) and
# survives restarts, apart from the broker's topics; everything a run writes is there. The worker and the API are
# restarted when they exit (with a growing delay, logged); the broker and PostgreSQL keep running meanwhile.
# $FAULTMAVEN_HOME/connection.json tells scripts/fm how to reach this instance. Ctrl-C, SIGTERM (`kill PID`) or
# `scripts/run.sh stop` stops everything this script started.
#
#   scripts/run.sh         start (in the foreground; `scripts/run.sh &` works too)
#   scripts/run.sh stop    stop the instance running on $FAULTMAVEN_HOME, and wait until it has stopped
#
# Each service is waited for while its process runs, as long as it takes, up to $FAULTMAVEN_START_TIMEOUT seconds
# (default 600); one that exits during its start stops the start at once, with what it logged.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/postgres.sh"
source "$(dirname "$0")/lib/keys.sh"
source "$(dirname "$0")/lib/tls.sh"

HOME_DIR=$(realpath -m "${FAULTMAVEN_HOME:-$FM_ROOT/.faultmaven}")
LOG_DIR=$HOME_DIR/logs
PID_FILE=$HOME_DIR/run.pid

# The pid of the run.sh serving HOME_DIR, if it is still running.
running_pid() {
  local pid
  pid=$(cat "$PID_FILE" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

case ${1:-} in
  "") ;;
  stop)
    pid=$(running_pid) || { fm_log "FaultMaven is not running on $HOME_DIR"; exit 0; }
    fm_log "stopping FaultMaven (pid $pid)"
    kill -TERM "$pid"
    # run.sh gives each service 10 s, then PostgreSQL up to 60 s.
    for _ in {1..900}; do kill -0 "$pid" 2>/dev/null || { fm_log "stopped"; exit 0; }; sleep 0.1; done
    fm_die "pid $pid is still running after 90 s; see $LOG_DIR/"
    ;;
  *) fm_die "usage: scripts/run.sh [stop]" ;;
esac

if pid=$(running_pid); then
  fm_die "FaultMaven is already running on $HOME_DIR (pid $pid); stop it with: scripts/run.sh stop"
fi
mkdir -p "$LOG_DIR" "$HOME_DIR/broker"
echo $$ >"$PID_FILE"

fm_apt_ensure kcat:kcat curl:curl openssl:openssl
fm_pg_install || fm_die "PostgreSQL could not be installed"
fm_build product

# The pid of each service this script started, by name, in the order they start (and stop in reverse).
declare -A pids=()
services=()
# How long each service's log was when it was last started (bytes): what a failed start wrote begins there.
declare -A log_start=()
connection_file=$HOME_DIR/connection.json
# shellcheck disable=SC2317 # called by the traps
stop_all() {
  trap - INT TERM EXIT
  fm_log "stopping"
  local name pid
  for ((i = ${#services[@]} - 1; i >= 0; i--)); do
    name=${services[i]}
    pid=${pids[$name]}
    kill -TERM "$pid" 2>/dev/null || true
    for _ in {1..100}; do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  fm_pg_stop "$HOME_DIR/postgres" || true
  rm -f "$PID_FILE" "$connection_file"
}
trap 'stop_all; exit 0' INT TERM
trap stop_all EXIT

# Starts service NAME (its log: $LOG_DIR/NAME.log, appended to) from $HOME_DIR, so that no relative path lands
# elsewhere: start_service NAME COMMAND...
start_service() {
  local name=$1
  shift
  log_start[$name]=$(stat -c %s "$LOG_DIR/$name.log" 2>/dev/null || echo 0)
  # Whatever ONNX Runtime (the embedding model) still keeps under the user's cache folder with its telemetry off
  # (ORT_DISABLE_TELEMETRY, lib/common.sh) goes with the rest of this instance.
  (cd "$HOME_DIR" && XDG_CACHE_HOME="$HOME_DIR/cache" exec "$@") >>"$LOG_DIR/$name.log" 2>&1 &
  pids[$name]=$!
  [[ " ${services[*]} " == *" $name "* ]] || services+=("$name")
}

# Waits until service NAME is ready (COMMAND succeeds), as fm_wait_ready does: wait_ready NAME LABEL WHAT COMMAND...
wait_ready() { fm_wait_ready "${pids[$1]}" "$LOG_DIR/$1.log" "${log_start[$1]}" "${@:2}"; }

fm_log "starting PostgreSQL (data in $HOME_DIR/postgres)"
fm_pg_start "$HOME_DIR/postgres" || fm_die "PostgreSQL did not start"
# When the postgres user cannot reach FAULTMAVEN_HOME, the server's files live elsewhere (scripts/lib/postgres.sh):
# say where, since deleting FAULTMAVEN_HOME does not remove them.
if [[ -s $HOME_DIR/postgres/server && $(cat "$HOME_DIR/postgres/server") != "$HOME_DIR/postgres" ]]; then
  fm_log "PostgreSQL's database files are in $(cat "$HOME_DIR/postgres/server") (the postgres user cannot reach $HOME_DIR)"
fi

broker_port=$(fm_pick_port "${FAULTMAVEN_BROKER_PORT:-19092}")
bootstrap_file=$HOME_DIR/broker/bootstrap
rm -f "$bootstrap_file"
fm_log "starting the dev broker on 127.0.0.1:$broker_port (in-memory)"
start_service broker dotnet "$(fm_dll FaultMaven.DevBroker faultmaven-devbroker)" --port "$broker_port" --bootstrap-file "$bootstrap_file" --epoch-file "$HOME_DIR/broker/epoch"
# The broker writes the bootstrap file once its port listens and every pipeline topic exists.
broker_ready() { [[ -s $bootstrap_file ]] && ! fm_port_is_free "$broker_port"; }
wait_ready broker "the dev broker" "to write $bootstrap_file and accept connections on 127.0.0.1:$broker_port" broker_ready
export FAULTMAVEN__KAFKA__BOOTSTRAPSERVERS
FAULTMAVEN__KAFKA__BOOTSTRAPSERVERS=$(cat "$bootstrap_file")

fm_keys_ensure "$HOME_DIR/keys.json" || fm_die "could not create the encryption key file $HOME_DIR/keys.json"

fm_log "applying database migrations"
dotnet "$(fm_dll FaultMaven.Cli fm)" migrate || fm_die "migrations failed"

# The embedded authorization server's first client, with the admin role; its secret is kept only in this file.
admin_secret_file=$HOME_DIR/admin-client.secret
if [[ ! -s $admin_secret_file ]]; then
  fm_log "creating the admin client 'faultmaven-admin' (secret in $admin_secret_file)"
  output=$(dotnet "$(fm_dll FaultMaven.Cli fm)" admin create-client faultmaven-admin --role admin) || fm_die "could not create the admin client: $output"
  (umask 077 && awk 'found { print; exit } /shown only now/ { found = 1 }' <<<"$output" | tr -d '[:space:]' >"$admin_secret_file")
fi

fm_tls_ensure "$HOME_DIR/tls" || fm_die "could not create the local TLS certificate"
worker_port=$(fm_pick_port "${FAULTMAVEN_WORKER_PORT:-5081}")
api_port=$(fm_pick_port "${FAULTMAVEN_API_PORT:-5443}")
api=https://127.0.0.1:$api_port
# Each service reads its own appsettings.json (--contentRoot: its build folder); the paths in it are relative, so every
# path a service writes is set here, under $HOME_DIR. Migrations and fm run as the tables' owner; the services connect
# as their own roles (fm_pg_start; privileges in src/FaultMaven.Storage/ServiceRoles.sql, docs/security.md).
start_worker() {
  local dll
  dll=$(fm_dll FaultMaven.Worker faultmaven-worker)
  FAULTMAVEN__POSTGRES__CONNECTIONSTRING=$FAULTMAVEN_PG_WORKER_CONNECTIONSTRING \
    FAULTMAVEN__VECTORSTORE__INDEXPATH=$HOME_DIR/worker-incidents.usearch \
    start_service worker dotnet "$dll" --contentRoot "$(dirname "$dll")" --urls "http://127.0.0.1:$worker_port"
}
start_api() {
  local dll
  dll=$(fm_dll FaultMaven.Api faultmaven-api)
  FAULTMAVEN__POSTGRES__CONNECTIONSTRING=$FAULTMAVEN_PG_API_CONNECTIONSTRING \
    FAULTMAVEN__VECTORSTORE__INDEXPATH=$HOME_DIR/api-incidents.usearch \
    FAULTMAVEN__AUTH__KEYSPATH=$HOME_DIR/auth-keys FAULTMAVEN__AUTH__ISSUER=$api/ \
    start_service api dotnet "$dll" --contentRoot "$(dirname "$dll")" --urls "$api"
}
fm_log "starting the worker and the API"
start_worker
start_api
wait_ready worker "the worker" "to answer http://127.0.0.1:$worker_port/readyz" fm_http_ok "http://127.0.0.1:$worker_port/readyz"
wait_ready api "the API" "to answer $api/readyz" curl -fsS -o /dev/null --max-time 2 --cacert "$FAULTMAVEN_TLS_CA" "$api/readyz"

bootstrap=$FAULTMAVEN__KAFKA__BOOTSTRAPSERVERS
# How scripts/fm reaches this instance (FaultMaven.Cli's FaultMavenHome): the services' setting names, no secret in it.
(umask 077 && cat >"$connection_file.tmp" <<JSON && mv "$connection_file.tmp" "$connection_file")
{
  "FaultMaven": {
    "Kafka": { "BootstrapServers": "$(fm_json_escape "$bootstrap")" },
    "Postgres": {
      "ConnectionString": "Host=127.0.0.1;Port=$FAULTMAVEN_PG_PORT;Database=faultmaven;Username=faultmaven",
      "PasswordFile": "$(fm_json_escape "$HOME_DIR/postgres/password")"
    },
    "Encryption": { "KeyFile": "$(fm_json_escape "$FAULTMAVEN__ENCRYPTION__KEYFILE")" },
    "Api": { "Url": "$api", "CaCertificate": "$(fm_json_escape "$FAULTMAVEN_TLS_CA")" }
  }
}
JSON

# Ctrl-C reaches run.sh only from the terminal it runs in the foreground of; started in the background (`run.sh &`,
# nohup, a service manager) SIGINT is ignored, so the banner does not offer it.
interrupt=
if [[ -t 0 ]] && [[ $(ps -o tpgid= -p $$ | tr -d ' ') == "$(ps -o pgid= -p $$ | tr -d ' ')" ]]; then
  interrupt="Ctrl-C here, or from anywhere: "
fi
# Within 80 columns where the values allow (a path is as long as it is): one value per line, commands that copy whole.
cat <<INFO

  FaultMaven is running.

  API              $api
                   TLS 1.2+, CA certificate: $FAULTMAVEN_TLS_CA
  OpenAPI          $api/openapi/v1.json (no token needed)
  Worker           http://127.0.0.1:$worker_port (metrics: /metrics)
  Kafka bootstrap  $bootstrap (dev broker: in-memory, for local use only)
  PostgreSQL       127.0.0.1:$FAULTMAVEN_PG_PORT, database faultmaven, owner faultmaven
                   password in $HOME_DIR/postgres/password;
                   the API and the worker connect as faultmaven_api and
                   faultmaven_worker (passwords next to it)
  Logs             $LOG_DIR/
  CLI              scripts/fm status (reads $connection_file)
  Encryption keys  $HOME_DIR/keys.json
                   AES-256-GCM at rest; back it up
                   rotate with: scripts/fm keys rotate

  Send log lines (key = source, value = the line), then list what was stored:
    for i in 1 2 3 4 5; do
      echo "checkout:\$(date -u +%FT%TZ) ERROR payment gateway timeout"
    done | kcat -P -b $bootstrap -t logs.raw -K:
    scripts/fm push FILE --source NAME     (a file, with progress)
    scripts/fm logs --source checkout
    scripts/fm incidents

  The API (admin client; secret in $admin_secret_file):
    export CURL_CA_BUNDLE=$FAULTMAVEN_TLS_CA
    TOKEN=\$(curl -s $api/connect/token \\
      -d grant_type=client_credentials -d client_id=faultmaven-admin \\
      --data-urlencode client_secret@$admin_secret_file \\
      | grep -o '"access_token": *"[^"]*"' | cut -d'"' -f4)
    auth="Authorization: Bearer \$TOKEN"
    curl -s -H "\$auth" '$api/logs?source=checkout'
    curl -s -H "\$auth" '$api/incidents'

  People sign in as users (prints a password once):
    scripts/fm admin create-user NAME --role viewer|responder|admin

  Browser extension (Chrome or Edge 120+; building it needs Node.js 20.19+):
    (cd $FM_ROOT/extension && npm ci && npm run build)
    Load it: chrome://extensions, Developer mode, Load unpacked:
      $FM_ROOT/extension/dist/
    Register it once:
      scripts/fm admin create-client fm-extension --role responder \\
        --redirect-uri https://ghchmfgjnipdjmedooachcfhfplnnfbe.chromiumapp.org/
    On its options page set the API URL to $api,
    trust the CA certificate above, and sign in as a responder
    (README: Browser extension).

  Stop it with ${interrupt}scripts/run.sh stop   (or: kill $$)
INFO

# Supervision: a worker or API that exits is started again after 1, 2, 4 ... 30 s (back to 1 s once it ran for a
# minute); the broker holds the only copy of unconsumed records, so when it exits, everything stops.
declare -A delay=() since=()
for name in worker api; do delay[$name]=1 since[$name]=$SECONDS; done
# `wait -n` reports each exit once, and not one that bash reaped while this loop slept to restart another service
# (two killed at once): so every service is checked before each wait, its status read with `wait PID`, and the wait
# also ends after a second (a tick), so an exit that wait -n missed is found by the next check.
while :; do
  for name in "${services[@]}"; do
    kill -0 "${pids[$name]}" 2>/dev/null && continue
    code=0
    wait "${pids[$name]}" || code=$?
    case $name in
      worker | api)
        ((SECONDS - since[$name] < 60)) || delay[$name]=1
        fm_log "the $name exited with code $code; restarting it in ${delay[$name]} s (see $LOG_DIR/$name.log)"
        sleep "${delay[$name]}" & wait $!
        delay[$name]=$((delay[$name] * 2 > 30 ? 30 : delay[$name] * 2))
        since[$name]=$SECONDS
        "start_$name"
        fm_log "the $name is running again (pid ${pids[$name]})"
        ;;
      broker) fm_die "the dev broker exited with code $code (its topics are gone); see $LOG_DIR/broker.log" ;;
    esac
  done
  sleep 1 &
  tick=$!
  wait -n "${pids[@]}" "$tick" 2>/dev/null || true
  kill "$tick" 2>/dev/null || true
done
