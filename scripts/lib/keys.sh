# shellcheck shell=bash
# Encryption keys for local runs and tests (docs/security.md).

# Creates FILE with one random AES-256 key, readable by its owner only, unless it exists; then points
# FaultMaven at it: fm_keys_ensure FILE  (exports FAULTMAVEN__ENCRYPTION__KEYFILE)
fm_keys_ensure() {
  local file=$1 id key
  if [[ ! -e $file ]]; then
    mkdir -p "$(dirname "$file")" || return 1
    id="k$(date -u +%Y%m%d%H%M%S)"
    key=$(head -c 32 /dev/urandom | base64 -w0) || return 1
    (umask 077 && printf '{"activeKeyId": "%s", "keys": {"%s": "%s"}}\n' "$id" "$id" "$key" >"$file") || return 1
  fi
  export FAULTMAVEN__ENCRYPTION__KEYFILE=$file
}
