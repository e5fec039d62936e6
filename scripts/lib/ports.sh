# shellcheck shell=bash
# A random loopback port number for a service about to bind, drawn from the 12,000 ports below the kernel's ephemeral
# range (net.ipv4.ip_local_port_range): a port in that range can be taken, between the caller's free-check and the
# service's bind, as the local port of any outgoing connection (a dev broker and a test worker lost theirs that way).
fm_random_port() {
  local ephemeral=32768 first
  read -r ephemeral _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true
  first=$((ephemeral > 13024 ? ephemeral - 12000 : 1024))
  echo $((first + RANDOM % (ephemeral - first)))
}
