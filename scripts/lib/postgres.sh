# shellcheck shell=bash
# Embedded PostgreSQL for local runs and tests: Debian's server on a data folder this script owns, listening on
# 127.0.0.1 only. Run by root, the server runs as the `postgres` user (it refuses to run as root); run by anyone
# else, as that user.
#
#   source scripts/lib/postgres.sh
#   fm_pg_install                 # apt-get install postgresql unless a server is already there
#   fm_pg_start .faultmaven/pg    # init if missing, start, create role and database `faultmaven` (the tables' owner,
#                                 # for migrations and fm) and the services' login roles faultmaven_api and
#                                 # faultmaven_worker (their privileges: src/FaultMaven.Storage/ServiceRoles.sql);
#                                 # export FAULTMAVEN_PG_PORT, FAULTMAVEN__POSTGRES__CONNECTIONSTRING (the owner's),
#                                 # FAULTMAVEN_PG_API_CONNECTIONSTRING and FAULTMAVEN_PG_WORKER_CONNECTIONSTRING
#   fm_pg_stop .faultmaven/pg
#   fm_pg_remove .faultmaven/pg   # stop, then delete the data for good (throwaway servers of the tests)
#
# DATA_DIR layout: port (last port used, reused while free), password (of role faultmaven), api.password and
# worker.password (of roles faultmaven_api and faultmaven_worker; all three random, mode 600), and the server's own
# files: cluster/ (the database files), run/ (unix socket), postgres.log. The server's files stay in DATA_DIR when the
# postgres user can reach it; when a parent folder is private (a clone in root's home, under mktemp -d) they live in
# /var/lib/postgresql/faultmaven/<hash of DATA_DIR> instead, and DATA_DIR/server says where.
# Extra server settings, one `name = value` per line, can be passed in FM_PG_EXTRA_SETTINGS.
# shellcheck source=scripts/lib/ports.sh
source "$(dirname "${BASH_SOURCE[0]}")/ports.sh"

# The newest installed server's bin folder; PATH does not have it, and /usr/local/bin may hold strays.
fm_pg_bindir() {
  local initdb
  initdb=$(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)
  [[ -x $initdb ]] || return 1
  dirname "$initdb"
}

fm_pg_install() {
  fm_pg_bindir >/dev/null && return 0
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >/tmp/fm_pg_install.log 2>&1; then
    echo "fm_pg_install: apt-get install postgresql failed:" >&2
    tail -n 20 /tmp/fm_pg_install.log >&2
    return 1
  fi
  fm_pg_bindir >/dev/null || { echo "fm_pg_install: postgresql installed but no initdb under /usr/lib/postgresql/*/bin" >&2; return 1; }
}

_fm_pg_fail() {
  local server_dir=$1 message=$2
  echo "fm_pg: $message" >&2
  if [[ -f $server_dir/postgres.log ]]; then
    echo "--- last lines of $server_dir/postgres.log ---" >&2
    tail -n 25 "$server_dir/postgres.log" >&2
  fi
  return 1
}

# The server's user: postgres when we are root, else ourselves.
# From /, which the postgres user can enter: the caller's folder may be private (psql and pg_ctl would complain).
_fm_pg_as_postgres() {
  if ((EUID == 0)); then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# Where the server's files live (see the layout above); the same answer every time for one DATA_DIR.
_fm_pg_server_dir() {
  local data_dir=$1
  if ((EUID != 0)) || [[ -f $data_dir/cluster/PG_VERSION ]] || _fm_pg_as_postgres test -x "$(dirname "$data_dir")"; then
    echo "$data_dir"
  else
    echo "/var/lib/postgresql/faultmaven/$(printf %s "$data_dir" | sha256sum | cut -c 1-16)"
  fi
}

_fm_pg_port_is_free() {
  # A refused connection means nobody listens there.
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

_fm_pg_pick_port() {
  local data_dir=$1 port attempt
  port=$(cat "$data_dir/port" 2>/dev/null || true)
  if [[ $port =~ ^[0-9]+$ ]] && _fm_pg_port_is_free "$port"; then
    echo "$port"
    return 0
  fi
  for attempt in {1..50}; do
    port=$(fm_random_port)
    if _fm_pg_port_is_free "$port"; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

# The port of the running server, from postmaster.pid (its 4th line), if pg_ctl says it runs.
_fm_pg_running_port() {
  local bindir=$1 server_dir=$2
  _fm_pg_as_postgres "$bindir/pg_ctl" status -D "$server_dir/cluster" >/dev/null 2>&1 || return 1
  sed -n 4p "$server_dir/cluster/postmaster.pid"
}

_fm_pg_psql() {
  local bindir=$1 server_dir=$2 port=$3
  shift 3
  # Peer authentication maps the OS user to the role of the same name; initdb made that user the superuser.
  _fm_pg_as_postgres "$bindir/psql" -X -q -A -t -v ON_ERROR_STOP=1 \
    -h "$server_dir/run" -p "$port" -U "$(_fm_pg_as_postgres id -un)" -d postgres "$@"
}

_fm_pg_init() {
  local bindir=$1 server_dir=$2
  [[ -f $server_dir/cluster/PG_VERSION ]] && return 0
  # Local socket: peer (only the server's OS user, for administration); TCP: passwords.
  _fm_pg_as_postgres "$bindir/initdb" -D "$server_dir/cluster" -E UTF8 --locale=C.UTF-8 \
    --auth-local=peer --auth-host=scram-sha-256 >"$server_dir/initdb.log" 2>&1 \
    || { cat "$server_dir/initdb.log" >&2; _fm_pg_fail "$server_dir" "initdb failed in $server_dir/cluster"; return 1; }
  echo "include_if_exists = 'faultmaven.conf'" >>"$server_dir/cluster/postgresql.conf"
  rm -f "$server_dir/initdb.log"
}

_fm_pg_write_settings() {
  local server_dir=$1 port=$2
  {
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $port"
    echo "unix_socket_directories = '$server_dir/run'"
    echo "${FM_PG_EXTRA_SETTINGS:-}"
  } >"$server_dir/cluster/faultmaven.conf"
  if ((EUID == 0)); then chown postgres:postgres "$server_dir/cluster/faultmaven.conf"; fi
}

_fm_pg_ensure_role_and_database() {
  local bindir=$1 server_dir=$2 port=$3 password=$4 api_password=$5 worker_password=$6
  _fm_pg_psql "$bindir" "$server_dir" "$port" -v password="$password" \
    -v api_password="$api_password" -v worker_password="$worker_password" >/dev/null <<'SQL' || return 1
SELECT format('CREATE ROLE faultmaven LOGIN CREATEDB PASSWORD %L', :'password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'faultmaven') \gexec
SELECT format('ALTER ROLE faultmaven PASSWORD %L', :'password') \gexec
SELECT 'CREATE DATABASE faultmaven OWNER faultmaven'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'faultmaven') \gexec
SELECT format('CREATE ROLE %I', name) FROM (VALUES ('faultmaven_api'), ('faultmaven_worker')) AS services (name)
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = name) \gexec
SELECT format('ALTER ROLE faultmaven_api LOGIN NOCREATEDB NOCREATEROLE PASSWORD %L', :'api_password') \gexec
SELECT format('ALTER ROLE faultmaven_worker LOGIN NOCREATEDB NOCREATEROLE PASSWORD %L', :'worker_password') \gexec
-- The owner may end the services' sessions (DROP DATABASE ... WITH (FORCE) of the tests, pg_terminate_backend); quiet
-- about the membership it already has on a restart.
SET client_min_messages = warning;
GRANT faultmaven_api, faultmaven_worker TO faultmaven;
SQL
}

# The content of DATA_DIR/NAME, a random password made on first use (mode 600): _fm_pg_password DATA_DIR NAME
_fm_pg_password() {
  local file=$1/$2
  if [[ ! -s $file ]]; then
    (umask 077 && head -c 18 /dev/urandom | base64 | tr '+/' 'xy' >"$file")
  fi
  cat "$file"
}

fm_pg_start() {
  local data_dir=${1:?usage: fm_pg_start DATA_DIR} bindir server_dir port password api_password worker_password attempt
  bindir=$(fm_pg_bindir) || { echo "fm_pg_start: PostgreSQL is not installed; run fm_pg_install (scripts/test.sh does)" >&2; return 1; }
  data_dir=$(realpath -m "$data_dir") || return 1
  mkdir -p "$data_dir" || return 1
  server_dir=$(_fm_pg_server_dir "$data_dir")
  # The server's socket path must fit in sun_path (107 bytes).
  if ((${#server_dir} + 20 > 107)); then
    echo "fm_pg_start: $server_dir is too long for a unix socket path; use a shorter DATA_DIR" >&2
    return 1
  fi
  mkdir -p "$server_dir/run" || return 1
  if [[ $server_dir != "$data_dir" ]]; then
    chmod 755 "$(dirname "$server_dir")"
    echo "$server_dir" >"$data_dir/server"
  fi
  if ((EUID == 0)); then chown postgres:postgres "$server_dir" "$server_dir/run"; fi
  chmod 700 "$server_dir"
  if ! _fm_pg_as_postgres test -w "$server_dir"; then
    echo "fm_pg_start: user $(_fm_pg_as_postgres id -un) cannot write $server_dir" >&2
    return 1
  fi
  _fm_pg_init "$bindir" "$server_dir" || return 1

  if ! port=$(_fm_pg_running_port "$bindir" "$server_dir"); then
    # Another process may take the port between the check and the bind: retry with a new one.
    for attempt in 1 2 3; do
      port=$(_fm_pg_pick_port "$data_dir") || { _fm_pg_fail "$server_dir" "no free port found"; return 1; }
      _fm_pg_write_settings "$server_dir" "$port"
      if _fm_pg_as_postgres "$bindir/pg_ctl" start -D "$server_dir/cluster" -l "$server_dir/postgres.log" -w -t 60 -s >/dev/null 2>&1; then
        break
      fi
      grep -q "could not bind" <(tail -n 5 "$server_dir/postgres.log" 2>/dev/null) && ((attempt < 3)) && continue
      _fm_pg_fail "$server_dir" "pg_ctl start failed (data in $server_dir/cluster, port $port)"
      return 1
    done
    echo "$port" >"$data_dir/port"
  fi

  password=$(_fm_pg_password "$data_dir" password) && api_password=$(_fm_pg_password "$data_dir" api.password) \
    && worker_password=$(_fm_pg_password "$data_dir" worker.password) || return 1
  _fm_pg_ensure_role_and_database "$bindir" "$server_dir" "$port" "$password" "$api_password" "$worker_password" \
    || { _fm_pg_fail "$server_dir" "could not create the roles and database faultmaven on port $port"; return 1; }

  export FAULTMAVEN_PG_PORT=$port
  export FAULTMAVEN__POSTGRES__CONNECTIONSTRING="Host=127.0.0.1;Port=$port;Database=faultmaven;Username=faultmaven;Password=$password"
  export FAULTMAVEN_PG_API_CONNECTIONSTRING="Host=127.0.0.1;Port=$port;Database=faultmaven;Username=faultmaven_api;Password=$api_password"
  export FAULTMAVEN_PG_WORKER_CONNECTIONSTRING="Host=127.0.0.1;Port=$port;Database=faultmaven;Username=faultmaven_worker;Password=$worker_password"
}

fm_pg_stop() {
  local data_dir=${1:?usage: fm_pg_stop DATA_DIR} bindir server_dir
  bindir=$(fm_pg_bindir) || return 0
  data_dir=$(realpath -m "$data_dir") || return 1
  server_dir=$(_fm_pg_server_dir "$data_dir")
  [[ -f $server_dir/cluster/postmaster.pid ]] || return 0
  _fm_pg_as_postgres "$bindir/pg_ctl" status -D "$server_dir/cluster" >/dev/null 2>&1 || return 0
  _fm_pg_as_postgres "$bindir/pg_ctl" stop -D "$server_dir/cluster" -m fast -w -t 60 -s >/dev/null 2>&1 \
    || _fm_pg_fail "$server_dir" "pg_ctl stop failed for $server_dir/cluster"
}

fm_pg_remove() {
  local data_dir=${1:?usage: fm_pg_remove DATA_DIR} server_dir
  data_dir=$(realpath -m "$data_dir") || return 1
  server_dir=$(_fm_pg_server_dir "$data_dir")
  fm_pg_stop "$data_dir" || return 1
  rm -rf "$server_dir" "$data_dir"
}
