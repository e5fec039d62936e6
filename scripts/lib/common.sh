# shellcheck shell=bash
# Helpers shared by scripts/run.sh and scripts/test.sh.

FM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
FM_CONFIGURATION=${FM_CONFIGURATION:-Release}

fm_log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
fm_die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

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

# The preferred port when free, else a free one from the ephemeral range.
fm_pick_port() {
  local preferred=${1:-0} port
  if ((preferred > 0)) && fm_port_is_free "$preferred"; then echo "$preferred"; return; fi
  for _ in {1..100}; do
    port=$((20000 + RANDOM % 40000))
    fm_port_is_free "$port" && { echo "$port"; return; }
  done
  fm_die "no free local port found"
}

fm_build() {
  fm_log "building FaultMaven ($FM_CONFIGURATION)"
  local output
  output=$(dotnet build "$FM_ROOT/FaultMaven.sln" -c "$FM_CONFIGURATION" -nologo -v quiet -clp:ErrorsOnly 2>&1) \
    || { echo "$output" >&2; fm_die "build failed"; }
}

# The built entry assembly of a project: fm_dll FaultMaven.Worker faultmaven-worker
fm_dll() { echo "$FM_ROOT/src/$1/bin/$FM_CONFIGURATION/net10.0/$2.dll"; }

# Waits until a command succeeds: fm_wait_for SECONDS DESCRIPTION COMMAND...
fm_wait_for() {
  local seconds=$1 description=$2
  shift 2
  for ((i = 0; i < seconds * 5; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  return 1
}

fm_http_ok() { curl -fsS -o /dev/null --max-time 2 "$1"; }
