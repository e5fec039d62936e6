#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Directory.Packages.props pins only what a project references (a pin nothing uses is dead configuration that looks
# like a dependency), and a version shared by a package family is one property: no literal version repeats a family's.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

fail() { echo "not ok - $*"; exit 1; }
ok() { echo "ok - $*"; }

props=$FM_ROOT/Directory.Packages.props
mapfile -t pins < <(grep -oP '<PackageVersion Include="\K[^"]+' "$props")
((${#pins[@]} > 0)) || fail "no PackageVersion in $props"
unreferenced=()
for pin in "${pins[@]}"; do
  grep -rqsF --include='*.csproj' --include='*.props' --include='*.targets' "<PackageReference Include=\"$pin\"" \
    "$FM_ROOT/src" "$FM_ROOT/tests" "$FM_ROOT/bench" "$FM_ROOT/Directory.Build.props" || unreferenced+=("$pin")
done
((${#unreferenced[@]} == 0)) || fail "pinned in Directory.Packages.props but referenced by no project: ${unreferenced[*]}"
ok "each of the ${#pins[@]} pins in Directory.Packages.props is referenced by a project"

# A package of a family (its name starts with the family's prefix) takes the family's property, not a literal version.
declare -A family=([Confluent.]=ConfluentVersion [Npgsql]=NpgsqlVersion [OpenIddict.]=OpenIddictVersion [Spectre.Console]=SpectreConsoleVersion [prometheus-net]=PrometheusNetVersion)
literal=()
for prefix in "${!family[@]}"; do
  while read -r line; do
    literal+=("$line")
  done < <(grep -oP "<PackageVersion Include=\"\Q$prefix\E[^\"]*\" Version=\"[0-9][^\"]*\"" "$props" || true)
done
((${#literal[@]} == 0)) || fail "a family member with its own literal version (use the family's property): ${literal[*]}"
ok "the Confluent, Npgsql, OpenIddict, Spectre.Console and prometheus-net packages take their family's version property"
