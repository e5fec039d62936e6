#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The shared build's decision (fm_build_inputs_changed): nothing to do while no input is newer than the stamp and the
# entry assemblies exist; a changed source, project file or schema, or a missing assembly, means a build. The product
# scope (run.sh, scripts/fm) ignores tests/ and bench/.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

FM_ROOT=$(mktemp -d /tmp/fm-build-stamp.XXXXXX)
trap 'rm -rf "$FM_ROOT"' EXIT
fail() { echo "not ok - $*"; exit 1; }
ok() { echo "ok - $*"; }

# Files are dated by a clock of this test's own, a second per step from an hour ago: a file's time has the kernel's
# coarse clock (a few ms), so an input touched right after the stamp can carry the very same time, and -newer is strict.
base=$(($(date +%s) - 3600)) step=0
at() { step=$((step + 1)); touch -d "@$((base + step))" "$@"; }
stamp_built() { at "$stamp"; }
mkdir -p "$FM_ROOT"/{src/FaultMaven.Cli,schemas,tests/FaultMaven.Cli.Tests}
for entry in "FaultMaven.Cli fm" "FaultMaven.Worker faultmaven-worker" "FaultMaven.Api faultmaven-api" "FaultMaven.DevBroker faultmaven-devbroker"; do
  # shellcheck disable=SC2086 # two words: project and assembly
  dll=$(fm_dll $entry)
  mkdir -p "$(dirname "$dll")" && touch "$dll"
done
touch -d "@$base" "$FM_ROOT/tests/FaultMaven.Cli.Tests/PushTests.cs" "$FM_ROOT/src/FaultMaven.Cli/Program.cs" "$FM_ROOT/schemas/log.avsc" "$FM_ROOT/FaultMaven.sln" "$FM_ROOT/Directory.Packages.props"
stamp=$FM_ROOT/bin/.built-all-$FM_CONFIGURATION
mkdir -p "$FM_ROOT/bin" && stamp_built

! fm_build_inputs_changed "$stamp" || fail "a build although nothing changed"
mkdir -p "$FM_ROOT/src/FaultMaven.Cli/obj" && touch "$FM_ROOT/src/FaultMaven.Cli/obj/x.cache"
! fm_build_inputs_changed "$stamp" || fail "a build because of a file in obj/ (a build output)"
ok "no build while no input changed"

at "$FM_ROOT/src/FaultMaven.Cli/Program.cs"
fm_build_inputs_changed "$stamp" || fail "no build after a source changed"
stamp_built
at "$FM_ROOT/Directory.Packages.props"
fm_build_inputs_changed "$stamp" || fail "no build after Directory.Packages.props changed"
stamp_built
at "$FM_ROOT/schemas/log.avsc"
fm_build_inputs_changed "$stamp" || fail "no build after a schema changed"
stamp_built
rm "$(fm_dll FaultMaven.Worker faultmaven-worker)"
fm_build_inputs_changed "$stamp" || fail "no build although the worker's assembly is missing"
ok "a changed source, project file or schema, or a missing assembly, means a build"

rm -f "$stamp"
fm_build_inputs_changed "$stamp" || fail "no build although nothing was built yet (no stamp)"
dll=$(fm_dll FaultMaven.Worker faultmaven-worker)
mkdir -p "$(dirname "$dll")" && touch "$dll"
stamp_built
at "$FM_ROOT/tests/FaultMaven.Cli.Tests/PushTests.cs"
fm_build_inputs_changed "$stamp" all || fail "no full build after a test changed"
! fm_build_inputs_changed "$stamp" product || fail "a product build (run.sh, scripts/fm) because a test changed"
ok "a changed test means a full build (scripts/test.sh) but not a product build (run.sh, scripts/fm)"
