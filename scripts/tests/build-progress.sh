#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The shared build's progress (_fm_build_progress): MSBuild's minimal output (restore lines, warnings, errors, one
# "  Project -> path" line per built project) becomes one "    Project   N s" line per project, in the order they finished.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

fail() { echo "not ok - $*"; exit 1; }
ok() { echo "ok - $*"; }

msbuild_output() {
  cat <<'MSBUILD'
  Determining projects to restore...
  Restored /repo/src/FaultMaven.Kafka/FaultMaven.Kafka.csproj (in 1.21 sec).
  All projects are up-to-date for restore.
  FaultMaven.Contracts -> /repo/src/FaultMaven.Contracts/bin/Release/net10.0/FaultMaven.Contracts.dll
/repo/src/FaultMaven.Storage/LogRepository.cs(12,5): warning CS0618: 'X' is obsolete: 'use a -> b' [/repo/src/FaultMaven.Storage/FaultMaven.Storage.csproj]
  FaultMaven.Storage -> /repo/src/FaultMaven.Storage/bin/Release/net10.0/FaultMaven.Storage.dll
  FaultMaven.Worker -> /repo/src/FaultMaven.Worker/bin/Release/net10.0/faultmaven-worker.dll
/repo/src/FaultMaven.Api/Program.cs(3,1): error CS1002: ; expected [/repo/src/FaultMaven.Api/FaultMaven.Api.csproj]
  FaultMaven.Cli.Tests -> /repo/tests/FaultMaven.Cli.Tests/bin/Release/net10.0/FaultMaven.Cli.Tests.dll

Build FAILED.
MSBUILD
}

progress=$(msbuild_output | _fm_build_progress "$SECONDS" 2>&1 >/dev/null)
expected=(FaultMaven.Contracts FaultMaven.Storage FaultMaven.Worker FaultMaven.Cli.Tests)
mapfile -t lines <<<"$progress"
((${#lines[@]} == ${#expected[@]})) || fail "${#lines[@]} progress lines for ${#expected[@]} projects: $progress"
for i in "${!expected[@]}"; do
  [[ ${lines[i]} =~ ^\ {4}${expected[i]//./\\.}\ +[0-9]+\ s$ ]] || fail "line $((i + 1)) is '${lines[i]}', not ${expected[i]} with its seconds: $progress"
done
ok "one line per built project, named and timed, in the order MSBuild finished them (restore, warning and error lines left out)"

[[ -z $(msbuild_output | _fm_build_progress "$SECONDS" 2>/dev/null) ]] || fail "_fm_build_progress wrote to standard output"
ok "progress goes to standard error, as fm_log's lines do"
