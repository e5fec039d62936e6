#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Sets up what the tests need (PostgreSQL, kcat, rsyslog-kafka, the npm clients in tests/clients), builds (the build run.sh and scripts/fm share), and
# runs every test in the solution, then the scripts' tests (scripts/tests/*.sh).
# Prints each test runner's summary and a total; exits non-zero on any failure.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/postgres.sh"

fm_apt_ensure kcat:kcat curl:curl /usr/bin/python3:python3 /usr/lib/x86_64-linux-gnu/rsyslog/omkafka.so:rsyslog-kafka prometheus:prometheus prometheus-alertmanager:prometheus-alertmanager node:nodejs npm:npm
fm_pg_install || fm_die "PostgreSQL could not be installed"

work=$(mktemp -d /tmp/faultmaven-test.XXXXXX)
chmod 755 "$work"
# shellcheck disable=SC2317 # called by the trap
cleanup() {
  fm_pg_remove "$work/postgres" || true
  rm -rf "$work"
}
trap cleanup EXIT

fm_build all
# The real client libraries the end-to-end tests drive (Splunk's splunk-logging, kafkajs), as locked in tests/clients.
fm_log "installing the test clients from npm"
npm ci --prefix "$FM_ROOT/tests/clients" --no-audit --no-fund >/dev/null
fm_log "starting PostgreSQL for the tests"
# A throwaway server: durability does not matter, speed does (the settings tests/FaultMaven.Testing's own server uses).
FM_PG_EXTRA_SETTINGS=$'fsync = off\nsynchronous_commit = off\nfull_page_writes = off' fm_pg_start "$work/postgres" || fm_die "PostgreSQL did not start"
export FAULTMAVEN_TEST_POSTGRES=$FAULTMAVEN__POSTGRES__CONNECTIONSTRING
export FAULTMAVEN_TEST_POSTGRES_API=$FAULTMAVEN_PG_API_CONNECTIONSTRING FAULTMAVEN_TEST_POSTGRES_WORKER=$FAULTMAVEN_PG_WORKER_CONNECTIONSTRING
unset FAULTMAVEN__POSTGRES__CONNECTIONSTRING

fm_log "checking dependencies for known vulnerabilities"
if ! dotnet list "$FM_ROOT/FaultMaven.sln" package --vulnerable --include-transitive >"$work/vulnerable.txt" 2>&1; then
  echo "warning: the vulnerability check could not run (no advisory source reachable?):" >&2
  tail -n 5 "$work/vulnerable.txt" >&2
fi
grep -E '^\s+>' "$work/vulnerable.txt" || echo "no known vulnerable packages"
if grep -qE '^\s+>.*\b(High|Critical)\b' "$work/vulnerable.txt"; then
  fm_die "a dependency has a high or critical advisory (above)"
fi

fm_log "running the tests"
# Three lanes at once, each a test runner of its own: the two longest assemblies (end-to-end, ~12 min, and API, ~7.5 min
# on a 2-core runner) each from the start, and the others one after another beside them. In solution order, two at a
# time, the end-to-end assembly waited minutes for its turn and finished last. The runners mostly wait on processes and
# the pipeline, and all three fit in memory. Each lane's output is printed whole when the lane ends, not interleaved.
status=0
results=${FAULTMAVEN_TEST_RESULTS:-$work/results}
long_lanes=(FaultMaven.EndToEnd.Tests FaultMaven.Api.Tests)
other_projects=()
for project in "$FM_ROOT"/tests/*.Tests/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  [[ " ${long_lanes[*]} " == *" $name "* ]] || other_projects+=("\"${project#"$FM_ROOT"/}\"")
done
# A solution filter: the solution's other test projects, run by one runner (-m:1), one assembly at a time.
(IFS=,; printf '{"solution": {"path": "%s", "projects": [%s]}}\n' "$FM_ROOT/FaultMaven.sln" "${other_projects[*]}") >"$work/others.slnf"
declare -A lane_of=()
for lane in "${long_lanes[@]}" others; do
  target=$FM_ROOT/tests/$lane/$lane.csproj
  if [[ $lane == others ]]; then target=$work/others.slnf; fi
  dotnet test "$target" -c "$FM_CONFIGURATION" --no-build -nologo -m:1 --logger "console;verbosity=minimal" \
    --logger "trx;LogFilePrefix=$lane" --results-directory "$results" >"$work/lane-$lane.log" 2>&1 &
  lane_of[$!]=$lane
done
: >"$work/test.log"
while ((${#lane_of[@]} > 0)); do
  lane_status=0
  wait -n -p finished "${!lane_of[@]}" || lane_status=$?
  ((lane_status == 0)) || status=$lane_status
  tee -a "$work/test.log" <"$work/lane-${lane_of[$finished]}.log"
  unset "lane_of[$finished]"
done

# The scripts' own tests (run.sh supervision, the shared build), each a bash script printing ok / not ok lines.
fm_log "running the script tests"
scripts_passed=0 scripts_failed=0
for test in "$FM_ROOT"/scripts/tests/*.sh; do
  if "$test" >"$work/script-test.log" 2>&1; then
    scripts_passed=$((scripts_passed + 1))
    echo "Passed $(basename "$test")"
  else
    scripts_failed=$((scripts_failed + 1))
    echo "Failed $(basename "$test"):"
    cat "$work/script-test.log"
    status=1
  fi
done

# The browser extension (extension/README.md): npm ci, build, type check, Vitest unit tests, then the end-to-end test in
# Debian's Chromium against a FaultMaven that scripts/run.sh starts in a private FAULTMAVEN_HOME.
fm_log "testing the browser extension"
fm_apt_ensure chromium:chromium
extension_passed=0 extension_failed=0
if (cd "$FM_ROOT/extension" && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build && npm run --silent typecheck) >"$work/extension-build.log" 2>&1; then
  (cd "$FM_ROOT/extension" && NO_COLOR=1 npx vitest run) >"$work/vitest.log" 2>&1 || status=1
  grep -E '^ *(Test Files|Tests) ' "$work/vitest.log" || tail -n 30 "$work/vitest.log"
  grep -q ' failed' "$work/vitest.log" && tail -n 60 "$work/vitest.log"
  extension_passed=$(grep -oE '^ *Tests .*\b([0-9]+) passed' "$work/vitest.log" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' || echo 0)
  extension_failed=$(grep -oE '^ *Tests .*\b([0-9]+) failed' "$work/vitest.log" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+' || echo 0)
  (cd "$FM_ROOT/extension" && node e2e/e2e.mjs) >"$work/e2e.log" 2>&1 || { status=1; grep -E '^not ok|saw:|kept ' -A3 "$work/e2e.log"; }
  grep -E '^e2e: ' "$work/e2e.log" || { status=1; tail -n 40 "$work/e2e.log"; }
  extension_passed=$((extension_passed + $(grep -c '^ok - ' "$work/e2e.log" || true)))
  extension_failed=$((extension_failed + $(grep -c '^not ok - ' "$work/e2e.log" || true)))
else
  status=1
  extension_failed=$((extension_failed + 1))
  echo "Failed the extension's build:"
  tail -n 40 "$work/extension-build.log"
fi
scripts_passed=$((scripts_passed + extension_passed)) scripts_failed=$((scripts_failed + extension_failed))

# One total line over all test assemblies, from the runners' own summaries, the script tests and the extension's.
awk -v p="$scripts_passed" -v f="$scripts_failed" '/(Passed|Failed)!  - Failed:/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "Total: %d passed, %d failed, %d skipped\n", p, f, s }' "$work/test.log"
grep -q "Failed!  - Failed:" "$work/test.log" && status=1
exit "$status"
