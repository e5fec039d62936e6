#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# What can be checked of the deployment without helm, Docker or a cluster: the chart's plain YAML and the CI workflow
# pass yamllint; the alerting rules pass `promtool check rules` and their unit tests; values.yaml satisfies
# values.schema.json, which rejects a misspelt key and a writable root file system; every .Values path the templates
# use exists in values.yaml; the alerts' faultmaven_* metrics are produced or asserted in the code; the CI image
# targets exist in the Dockerfile with the entry assemblies the projects build.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

chart=$FM_ROOT/helm/faultmaven
dockerfile=$FM_ROOT/deploy/docker/Dockerfile
workflow=$FM_ROOT/.github/workflows/ci.yml
scratch=$(mktemp -d /tmp/fm-deploy-manifests.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
fail() { echo "not ok - $*"; exit 1; }
ok() { echo "ok - $*"; }

fm_apt_ensure yamllint:yamllint promtool:prometheus
python=python3
if ! python3 -c 'import jsonschema, yaml' 2>/dev/null; then
  fm_apt_ensure /usr/lib/python3/dist-packages/jsonschema/__init__.py:python3-jsonschema /usr/lib/python3/dist-packages/yaml/__init__.py:python3-yaml
  python=/usr/bin/python3
fi

# Templates hold Go template syntax and are not YAML until helm renders them: only the plain files are linted.
yaml_files=("$chart/Chart.yaml" "$chart/values.yaml" "$chart"/files/*.yaml "$workflow")
yamllint -s -d '{extends: default, rules: {line-length: {max: 160}, comments: {min-spaces-from-content: 1}}}' \
  "${yaml_files[@]}" >"$scratch/yamllint.log" 2>&1 || { cat "$scratch/yamllint.log"; fail "yamllint"; }
ok "yamllint: ${#yaml_files[@]} files (Chart.yaml, values.yaml, files/*.yaml, ci.yml)"

promtool check rules "$chart/files/alerts.yaml" >"$scratch/promtool.log" 2>&1 || { cat "$scratch/promtool.log"; fail "promtool check rules"; }
(cd "$chart/files" && promtool test rules alerts.test.yaml) >"$scratch/promtool.log" 2>&1 \
  || { cat "$scratch/promtool.log"; fail "promtool test rules"; }
ok "promtool: alerts.yaml is valid and each alert fires on its series and stays quiet on the healthy ones"

# Grafana cannot run here: each dashboard is checked against the part of Grafana's dashboard model it uses
# (dashboards/dashboard.schema.json), its panels must fit the 24-column grid without sharing ids, each target must name
# a data source variable of the dashboard, and every PromQL expression must parse (promtool, as a recording rule).
# That the metrics exist and the SQL runs is asserted against a running system and a migrated database
# (tests: ObservabilityTests, DashboardQueryTests).
"$python" - "$chart" "$scratch/dashboard-rules.yaml" <<'PY' || fail "dashboards (above)"
import json, pathlib, sys
import jsonschema
chart, rules_path = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
schema = json.loads((chart / "dashboards" / "dashboard.schema.json").read_text())
rules, uids, problems = [], set(), []
dashboards = sorted(p for p in (chart / "dashboards").glob("*.json") if p.name != "dashboard.schema.json")
for path in dashboards:
    board = json.loads(path.read_text())
    for error in jsonschema.Draft202012Validator(schema).iter_errors(board):
        problems.append(f"{path.name}: {'/'.join(map(str, error.absolute_path))}: {error.message}")
    if board.get("uid") in uids:
        problems.append(f"{path.name}: uid {board.get('uid')} used twice")
    uids.add(board.get("uid"))
    variables = {f"${{{v['name']}}}" for v in board.get("templating", {}).get("list", []) if v.get("type") == "datasource"}
    ids = [p.get("id") for p in board.get("panels", [])]
    if len(ids) != len(set(ids)):
        problems.append(f"{path.name}: panel ids repeat: {ids}")
    for panel in board.get("panels", []):
        grid = panel.get("gridPos", {})
        if grid.get("x", 0) + grid.get("w", 0) > 24:
            problems.append(f"{path.name}: panel {panel.get('id')} is wider than the grid")
        for target in panel.get("targets", []):
            if target.get("datasource", {}).get("uid") not in variables:
                problems.append(f"{path.name}: panel {panel.get('id')} uses a data source that is not a variable of the dashboard")
            if "expr" in target:
                rules.append({"record": f"dashboard:{board['uid'].replace('-', '_')}:{panel['id']}_{target['refId']}", "expr": target["expr"]})
if problems:
    sys.exit("\n".join(problems))
rules_path.write_text(json.dumps({"groups": [{"name": "dashboards", "rules": rules}]}))
print(f"ok - {len(dashboards)} dashboards match the dashboard model, fit the grid and name their data sources ({len(rules)} PromQL targets)")
PY
promtool check rules "$scratch/dashboard-rules.yaml" >"$scratch/promtool.log" 2>&1 || { cat "$scratch/promtool.log"; fail "a dashboard's PromQL does not parse"; }
ok "promtool: every dashboard PromQL expression parses"

"$python" - "$chart" "$FM_ROOT" <<'PY' || fail "values, schema or metric names (above)"
import json, pathlib, re, sys
import jsonschema, yaml

chart, root = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
schema = json.loads((chart / "values.schema.json").read_text())
values = yaml.safe_load((chart / "values.yaml").read_text())
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)
errors = [f"{'.'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(values)]
if errors:
    sys.exit("values.yaml does not satisfy values.schema.json:\n  " + "\n  ".join(errors))
print("ok - values.yaml satisfies values.schema.json")

# The schema must be able to say no: a misspelt key, a writable root file system, and API replicas that would each
# issue tokens with their own keys (embedded server without auth.keysSecret) are rejected; shared keys make them fine.
def replicas(count, keys_secret):
    return lambda v: (v["api"].update(replicas=count), v["auth"].update(authority="", keysSecret=keys_secret))
for name, change, valid in [("a misspelt key (worker.replica)", lambda v: v["worker"].update(replica=3), False),
                            ("readOnlyRootFilesystem: false", lambda v: v["securityContext"].update(readOnlyRootFilesystem=False), False),
                            ("3 API replicas with unshared keys", replicas(3, ""), False),
                            ("3 API replicas sharing auth.keysSecret", replicas(3, "faultmaven-auth-keys"), True),
                            ("an autoscaling query without the lag metric", lambda v: v["worker"]["autoscaling"].update(query="sum(up)"), False),
                            ("worker autoscaling switched on", lambda v: v["worker"]["autoscaling"].update(enabled=True), True)]:
    bad = yaml.safe_load((chart / "values.yaml").read_text())
    change(bad)
    if validator.is_valid(bad) != valid:
        sys.exit(f"values.schema.json {'rejects' if valid else 'accepts'} {name}")
print("ok - values.schema.json rejects a misspelt key, a writable root file system, API replicas with unshared keys and an autoscaling query on another metric")

def resolves(path):
    node = values
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return False
        node = node[key]
    return True

templates = sorted((chart / "templates").glob("*"))
text = {t.name: t.read_text() for t in templates}
missing = [f"{name}: .Values.{ref}" for name, body in text.items()
           for ref in re.findall(r"\.Values\.([A-Za-z0-9_.]+)", body) if not resolves(ref.split("."))]
# deployments.yaml reads each component's settings through $values (index $.Values "api" / "worker").
missing += [f"deployments.yaml: {c}.{ref}" for ref in re.findall(r"\$values\.([A-Za-z0-9_.]+)", text["deployments.yaml"])
            for c in ("api", "worker") if not resolves([c, *ref.split(".")])]
if missing:
    sys.exit("templates use values that values.yaml does not define:\n  " + "\n  ".join(missing))
unbalanced = [name for name, body in text.items()
              if len(re.findall(r"\{\{-?\s*(?:if|range|with|define)\b", body)) != len(re.findall(r"\{\{-?\s*end\b", body))]
if unbalanced:
    sys.exit(f"templates whose if/range/with/define and end do not pair up: {unbalanced}")
print(f"ok - every .Values path in the {len(templates)} templates exists in values.yaml, and every block has its end")

code = "\n".join(p.read_text() for d in ("src", "tests") for p in (root / d).rglob("*.cs") if "/obj/" not in str(p))
metrics = sorted(set(re.findall(r"\b(faultmaven_[a-z_]+)", (chart / "files" / "alerts.yaml").read_text())))
unknown = [m for m in metrics if f'"{m}' not in code and f'{m}{{' not in code]
if unknown:
    sys.exit(f"alerts.yaml uses metrics that src/ does not create nor tests/ read: {unknown}")
print(f"ok - the alerts' FaultMaven metrics are created in src/ or read from a running service in tests/: {', '.join(metrics)}")
PY

# KEDA's trigger query is a value rendered with tpl: with its two template fields filled in, it must parse as PromQL.
"$python" - "$chart" "$scratch/autoscaling-rules.yaml" <<'PY' || fail "the worker autoscaling query (above)"
import json, pathlib, re, sys
import yaml
chart, rules_path = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
values = yaml.safe_load((chart / "values.yaml").read_text())
query = values["worker"]["autoscaling"]["query"]
fields = {"{{ .Release.Namespace }}": "faultmaven", "{{ .Values.kafka.applicationId }}": values["kafka"]["applicationId"]}
for field, value in fields.items():
    query = query.replace(field, value)
if "{{" in query:
    sys.exit(f"worker.autoscaling.query uses a template field this check does not fill in: {query}")
rules_path.write_text(json.dumps({"groups": [{"name": "autoscaling", "rules": [{"record": "keda:worker_lag", "expr": query}]}]}))
PY
promtool check rules "$scratch/autoscaling-rules.yaml" >"$scratch/promtool.log" 2>&1 || { cat "$scratch/promtool.log"; fail "the worker autoscaling query does not parse"; }
ok "promtool: the KEDA ScaledObject's lag query parses"

grep -qF "target: [api, worker, migrations]" "$workflow" || fail "ci.yml does not build the images api, worker and migrations"
for target in api worker migrations; do
  grep -qE "^FROM .* AS $target\$" "$dockerfile" || fail "ci.yml builds target $target, which the Dockerfile does not define"
done
for entry in "FaultMaven.Api faultmaven-api" "FaultMaven.Worker faultmaven-worker" "FaultMaven.Cli fm"; do
  read -r project assembly <<<"$entry"
  grep -qF "<AssemblyName>$assembly</AssemblyName>" "$FM_ROOT/src/$project/$project.csproj" \
    || fail "src/$project does not build $assembly.dll, the Dockerfile's entry point"
  grep -qF "\"$assembly.dll\"" "$dockerfile" || fail "the Dockerfile does not start $assembly.dll"
done
ok "the Dockerfile has the api, worker and migrations targets CI builds, starting the assemblies the projects build"

echo "# not checked here: helm template/lint/install (no helm), kubectl validation of rendered manifests (nothing renders"
echo "# them, and kubectl needs a cluster for its schemas), docker build (no Docker daemon; CI builds the images),"
echo "# a running cluster, the prometheus-operator CRDs, and the CI workflow itself (it runs only on GitHub)"
