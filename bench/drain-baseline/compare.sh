#!/usr/bin/env bash
# Whole-process `fm templates` against the plain-Python Drain (drain.py) on the same 1 M-line HDFS file, in one run,
# alternating, so both see the same machine load. Reports CPU seconds (user + sys) and wall time of each run and the
# ratio of the medians. Usage (from the repository root, after `dotnet build src/FaultMaven.Cli -c Release`):
#   bench/drain-baseline/compare.sh [HDFS_LOG [RUNS]]
# HDFS_LOG (plain or gzip) defaults to the repository's 83,973-line tests/data/hdfs/HDFS.log.gz; it is concatenated 12
# times (1,007,676 lines) into $TMPDIR.
# FM_AOT=PATH also measures a Native AOT build of fm (docs/benchmarks.md says how to publish one) in the same rounds, and
# FM_BUILDS="NAME=PATH ..." any other builds' fm executables (a ReadyToRun publish, the build before a change); each
# one's CSV is compared with the JIT build's.
set -euo pipefail
source_log=${1:-tests/data/hdfs/HDFS.log.gz}
runs=${2:-3}
work=${TMPDIR:-/tmp}/fm-drain-compare
mkdir -p "$work"
big=$work/hdfs1m.log
if [ ! -s "$big" ]; then
  for _ in $(seq 12); do gzip -cdf "$source_log"; done > "$big"
fi
format='<Date> <Time> <Pid> <Level> <Component>: <Content>'
fm=src/FaultMaven.Cli/bin/Release/net10.0/fm.dll
echo "$(wc -l < "$big") lines, $(du -h "$big" | cut -f1); $(date -u '+%F %T UTC'); load: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
measure() { # name command... → prints "name cpu wall"
  local name=$1; shift
  /usr/bin/time -f "$name %U %S %e" "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%s %.2f %.2f\n", $1, $2 + $3, $4}'
}
results=$work/results.txt
: > "$results"
for _ in $(seq "$runs"); do
  measure fm dotnet "$fm" templates "$big" --format "$format" --out "$work/fm.csv" | tee -a "$results"
  # shellcheck disable=SC2086 # FM_BUILDS is a list of words
  for build in "fm-aot=${FM_AOT:-}" ${FM_BUILDS:-}; do
    name=${build%%=*} path=${build#*=}
    [ -n "$path" ] || continue
    measure "$name" "$path" templates "$big" --format "$format" --out "$work/$name.csv" | tee -a "$results"
    cmp "$work/fm.csv" "$work/$name.csv"
  done
  measure drain.py python3 bench/drain-baseline/drain.py "$big" --format "$format" --out "$work/drain.csv" | tee -a "$results"
done
python3 - "$results" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
names = dict.fromkeys(r[0] for r in rows)
cpu = {name: statistics.median(float(r[1]) for r in rows if r[0] == name) for name in names}
wall = {name: statistics.median(float(r[2]) for r in rows if r[0] == name) for name in names}
for name in (n for n in names if n != "drain.py"):
    print(f"median CPU s: {name} {cpu[name]:.2f}, drain.py {cpu['drain.py']:.2f} -> drain.py / {name} = {cpu['drain.py'] / cpu[name]:.1f}x")
    print(f"median wall s: {name} {wall[name]:.2f}, drain.py {wall['drain.py']:.2f} -> {wall['drain.py'] / wall[name]:.1f}x")
PY
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
