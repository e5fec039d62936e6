# shellcheck shell=bash
# Local TLS for run.sh and tests: a private CA and a server certificate for 127.0.0.1 and localhost, made with openssl.
#
#   source scripts/lib/tls.sh
#   fm_tls_ensure .faultmaven/tls   # creates DIR/ca.crt, ca.key, server.crt, server.key unless a server certificate
#                                   # valid for at least another day is there; exports FAULTMAVEN__TLS__CERTIFICATEPATH,
#                                   # FAULTMAVEN__TLS__KEYPATH (the API's settings) and FAULTMAVEN_TLS_CA (for clients: curl --cacert)
#
# Production uses a certificate from the organisation's CA, given to the API through the same two settings.

fm_tls_ensure() {
  local dir=$1
  mkdir -p "$dir" && chmod 700 "$dir" && dir=$(cd "$dir" && pwd) || return 1
  if ! openssl x509 -checkend 86400 -noout -in "$dir/server.crt" >/dev/null 2>&1; then
    if ! {
      openssl req -x509 -newkey rsa:3072 -nodes -sha256 -days 825 \
        -keyout "$dir/ca.key" -out "$dir/ca.crt" -subj "/CN=FaultMaven local CA" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" &&
      openssl req -newkey rsa:3072 -nodes -sha256 -keyout "$dir/server.key" -out "$dir/server.csr" -subj "/CN=localhost" &&
      openssl x509 -req -sha256 -days 397 -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
        -out "$dir/server.crt" -extfile <(printf '%s\n' \
          "subjectAltName=DNS:localhost,IP:127.0.0.1" "basicConstraints=critical,CA:FALSE" \
          "keyUsage=critical,digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth")
    } >"$dir/openssl.log" 2>&1; then
      echo "fm_tls_ensure: openssl failed:" >&2
      tail -n 20 "$dir/openssl.log" >&2
      return 1
    fi
    rm -f "$dir/server.csr" "$dir/ca.srl" "$dir/openssl.log"
    chmod 600 "$dir/ca.key" "$dir/server.key"
  fi
  export FAULTMAVEN__TLS__CERTIFICATEPATH="$dir/server.crt"
  export FAULTMAVEN__TLS__KEYPATH="$dir/server.key"
  export FAULTMAVEN_TLS_CA="$dir/ca.crt"
}
