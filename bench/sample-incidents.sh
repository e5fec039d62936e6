#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# How many incidents pushing Loghub 2k samples opens, and by what kind of finding (issue 12 §5; docs/decisions.md,
# decision 21). Starts FaultMaven as scripts/run.sh does in a private folder, pushes each sample under its own source
# (lower-case name), waits until the findings stop changing, prints per source the incidents, the findings by kind and
# severity and how many are in no incident, then stops everything and deletes the folder.
#
#   bench/sample-incidents.sh                    the eight samples of tests/data/loghub-2k
#   bench/sample-incidents.sh OpenSSH HDFS       only these
#
# Windowed detectors close a window after its own length of quiet wall time, a silence after three (5-minute windows),
# so it waits 20 minutes after the push and then until three minutes pass without a new or changed finding.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
samples=("$@")
((${#samples[@]})) || samples=(OpenSSH Spark HDFS HealthApp Mac Thunderbird Proxifier Android)
FAULTMAVEN_HOME=$(mktemp -d /tmp/fm-sample-incidents-XXXXXX)
export FAULTMAVEN_HOME
run="$root/scripts/run.sh"
fm="$root/scripts/fm"
# shellcheck disable=SC2317 # called by the trap
finish() {
  "$run" stop >/dev/null 2>&1 || true
  rm -rf "$FAULTMAVEN_HOME"
}
trap finish EXIT

"$run" >"$FAULTMAVEN_HOME/run.out" 2>&1 &
for _ in {1..1800}; do
  grep -qs "FaultMaven is running" "$FAULTMAVEN_HOME/run.out" && break
  kill -0 $! 2>/dev/null || { cat "$FAULTMAVEN_HOME/run.out" >&2; exit 2; }
  sleep 1
done

for sample in "${samples[@]}"; do
  "$fm" push "$root/tests/data/loghub-2k/$sample/${sample}_2k.log" --source "${sample,,}" >/dev/null
done
pushed=$SECONDS
last="" unchanged=0
while ((SECONDS - pushed < 1200 || unchanged < 6)); do
  sleep 30
  now=$("$fm" findings --limit 1000 --json | md5sum)
  if [[ $now == "$last" ]]; then unchanged=$((unchanged + 1)); else unchanged=0 last=$now; fi
done

"$fm" findings --limit 1000 --json >"$FAULTMAVEN_HOME/findings.json"
"$fm" incidents --limit 1000 --json >"$FAULTMAVEN_HOME/incidents.json"
python3 - "$FAULTMAVEN_HOME" <<'EOF'
import collections, hashlib, json, sys

folder = sys.argv[1]
findings = json.load(open(f"{folder}/findings.json"))["items"]
incidents = json.load(open(f"{folder}/incidents.json"))["items"]
# An incident's id is derived from the finding that opened it (IncidentGrouping.NewIncidentId).
opener = {"inc-" + hashlib.sha256(f["id"].encode()).hexdigest()[:16]: f for f in findings}
print("| source | incidents | opened by | findings (kind severity: count) | in no incident |")
print("|---|---|---|---|---|")
for source in sorted({f["source"] for f in findings} | {i["source"] for i in incidents}):
    own = [i for i in incidents if i["source"] == source]
    opened = collections.Counter(f'{opener[i["id"]]["kind"]} {opener[i["id"]]["severity"]}' for i in own if i["id"] in opener)
    found = collections.Counter(f'{f["kind"]} {f["severity"]}' for f in findings if f["source"] == source)
    alone = sum(1 for f in findings if f["source"] == source and f["incidentId"] is None)
    print(f"| {source} | {len(own)} | {', '.join(f'{k}: {n}' for k, n in sorted(opened.items()))} | "
          f"{', '.join(f'{k}: {n}' for k, n in sorted(found.items()))} | {alone} |")
print(f"| all | {len(incidents)} | | {len(findings)} findings | {sum(1 for f in findings if f['incidentId'] is None)} |")
EOF
