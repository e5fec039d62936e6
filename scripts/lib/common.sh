# shellcheck shell=bash
# Helpers shared by scripts/run.sh and scripts/test.sh.

FM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
FM_CONFIGURATION=${FM_CONFIGURATION:-Release}
# shellcheck source=scripts/lib/ports.sh
source "$FM_ROOT/scripts/lib/ports.sh"

# ONNX Runtime (the embedding model) starts Microsoft's telemetry when it loads: a device id and a database in the
# user's cache folder, and an empty /tmp/mat-debug-PID.log for every process. FaultMaven sends nothing anywhere, so it
# is off for every process these scripts start. The native library reads it with getenv, so it has to be in the
# environment a process starts with (Environment.SetEnvironmentVariable does not reach getenv on Linux).
export ORT_DISABLE_TELEMETRY=1

# Coloured only on a terminal: a log file (run.sh in the background, CI) gets plain text.
if [[ -t 2 ]]; then
  fm_log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
  fm_die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }
else
  fm_log() { printf '==> %s\n' "$*" >&2; }
  fm_die() { printf 'error: %s\n' "$*" >&2; exit 1; }
fi

# Installs the Debian packages whose command (or file, given as an absolute path) is missing:
# fm_apt_ensure COMMAND:PACKAGE /PATH:PACKAGE...
fm_apt_ensure() {
  local missing=() pair check
  for pair in "$@"; do
    check=${pair%%:*}
    if [[ $check == /* ]]; then [[ -e $check ]] && continue; else command -v "$check" >/dev/null 2>&1 && continue; fi
    missing+=("${pair#*:}")
  done
  ((${#missing[@]} == 0)) && return 0
  fm_log "installing ${missing[*]} (apt-get)"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >/tmp/fm_apt.log 2>&1 \
    || { tail -n 20 /tmp/fm_apt.log >&2; fm_die "apt-get install ${missing[*]} failed"; }
}

fm_port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The preferred port when free, else a free one just below the ephemeral range (fm_random_port).
fm_pick_port() {
  local preferred=${1:-0} port
  if ((preferred > 0)) && fm_port_is_free "$preferred"; then echo "$preferred"; return; fi
  for _ in {1..100}; do
    port=$(fm_random_port)
    fm_port_is_free "$port" && { echo "$port"; return; }
  done
  fm_die "no free local port found"
}

# The build scripts/run.sh, scripts/fm and scripts/test.sh share: fm_build [product|all]. `product` (run.sh, fm) builds
# the 14 projects under src/ (FaultMaven.Product.slnf), `all` (test.sh) the whole solution with tests and benchmarks.
# Skipped when no input of that scope changed since its last successful build (FM_ROOT/bin/.built-SCOPE-CONFIGURATION;
# a newer `all` build also serves `product`), otherwise one line per project as it finishes.
fm_build() {
  local scope=${1:-product} started=$SECONDS next log target stamp
  case $scope in
    product) target=$FM_ROOT/FaultMaven.Product.slnf ;;
    all) target=$FM_ROOT/FaultMaven.sln ;;
    *) fm_die "fm_build: unknown scope '$scope' (product or all)" ;;
  esac
  stamp=$FM_ROOT/bin/.built-$scope-$FM_CONFIGURATION
  if ! fm_build_inputs_changed "$stamp" "$scope" \
    || { [[ $scope == product ]] && ! fm_build_inputs_changed "$FM_ROOT/bin/.built-all-$FM_CONFIGURATION" product; }; then
    return 0
  fi
  fm_log "building FaultMaven ($scope, $FM_CONFIGURATION), one line per project (a first build takes minutes)"
  mkdir -p "$FM_ROOT/bin"
  # Stamped with the time the build started, so that a file saved during the build makes the next one run.
  next=$(mktemp "$FM_ROOT/bin/.building.XXXXXX")
  log=$(mktemp)
  if dotnet build "$target" -c "$FM_CONFIGURATION" -nologo -tl:off -v minimal -clp:NoSummary 2>&1 \
    | tee "$log" | _fm_build_progress "$started"; then
    mv "$next" "$stamp"
    fm_log "built in $((SECONDS - started)) s"
    rm -f "$log"
    return 0
  fi
  rm -f "$next"
  grep -E ': (error|warning) ' "$log" | sort -u >&2 || tail -n 30 "$log" >&2
  rm -f "$log"
  fm_die "build failed"
}

# Succeeds when STAMP is missing, an entry assembly is missing, or a build input of SCOPE (product: src/, schemas/,
# knowledge/ and the solution-level files; all: also tests/ and bench/; never a README) is newer than STAMP:
# fm_build_inputs_changed STAMP [product|all]
fm_build_inputs_changed() {
  local stamp=$1 scope=${2:-all} dll folders=(src schemas knowledge)
  [[ -f $stamp ]] || return 0
  for dll in "$(fm_dll FaultMaven.Cli fm)" "$(fm_dll FaultMaven.Worker faultmaven-worker)" \
    "$(fm_dll FaultMaven.Api faultmaven-api)" "$(fm_dll FaultMaven.DevBroker faultmaven-devbroker)"; do
    [[ -f $dll ]] || return 0
  done
  [[ $scope == all ]] && folders+=(tests bench)
  [[ -n $(cd "$FM_ROOT" && find "${folders[@]}" \( -name bin -o -name obj \) -prune -o -type f ! -name '*.md' -newer "$stamp" -print -quit 2>/dev/null) ]] \
    || [[ -n $(find "$FM_ROOT" -maxdepth 1 -type f \( -name '*.sln' -o -name '*.slnf' -o -name '*.props' -o -name global.json \) -newer "$stamp" -print -quit) ]]
}

# Turns MSBuild's "  Project -> path" lines into "    Project   12 s" (seconds since START).
_fm_build_progress() {
  local started=$1 line
  while IFS= read -r line; do
    if [[ $line =~ ^\ +([A-Za-z0-9_.]+)\ -\>\  ]]; then
      printf '    %-40s %4d s\n' "${BASH_REMATCH[1]}" $((SECONDS - started)) >&2
    fi
  done
}

# The built entry assembly of a project: fm_dll FaultMaven.Worker faultmaven-worker
fm_dll() { echo "$FM_ROOT/src/$1/bin/$FM_CONFIGURATION/net10.0/$2.dll"; }

# Waits until COMMAND succeeds, i.e. the service LABEL, running as process PID (a child of this shell), is ready: for as
# long as that process runs, since a start takes what the machine allows (seconds when idle, minutes when loaded) and no
# fixed time fits both. The wait ends when the service is ready; at once when its process exits; otherwise after
# FAULTMAVEN_START_TIMEOUT seconds (default 600), for one that runs without ever becoming ready. It says every 30 s what
# it still waits for (WHAT, e.g. "to answer URL"), and when it gives up, what it waited for and the last 20 lines the
# service wrote to LOG from byte OFFSET (its size when this start began), then exits:
# fm_wait_ready PID LOG OFFSET LABEL WHAT COMMAND...
fm_wait_ready() {
  local pid=$1 log=$2 offset=$3 label=$4 what=$5 limit=${FAULTMAVEN_START_TIMEOUT:-600} began=$SECONDS note=30 code=0 failure=
  shift 5
  [[ $limit =~ ^[1-9][0-9]*$ ]] || fm_die "FAULTMAVEN_START_TIMEOUT must be a whole number of seconds, not '$limit'"
  until "$@" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      wait "$pid" || code=$?
      failure="exited with code $code before it was ready (waited for it $what)"
      break
    fi
    if ((SECONDS - began >= limit)); then
      failure="runs but was not ready after $limit s (waited for it $what; raise FAULTMAVEN_START_TIMEOUT to wait longer)"
      break
    fi
    if ((SECONDS - began >= note)); then
      fm_log "still waiting for $label $what ($((SECONDS - began)) s)"
      note=$((note + 30))
    fi
    sleep 0.2
  done
  [[ -n $failure ]] || return 0
  tail -c "+$((offset + 1))" "$log" 2>/dev/null | tail -n 20 >&2 || true
  fm_die "$label $failure; see $log"
}

# TEXT with JSON's string escapes for backslash and double quote: fm_json_escape TEXT
fm_json_escape() { local text=${1//\\/\\\\}; printf '%s' "${text//\"/\\\"}"; }

fm_http_ok() { curl -fsS -o /dev/null --max-time 2 "$1"; }
