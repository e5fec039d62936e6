#!/usr/bin/env bash
# Runs drain.py on the Loghub-2k sets and scores it: first with drain3's defaults (st 0.4, depth 4, numbers masked),
# then with each dataset's masks and parameters from the Loghub benchmark (Zhu et al., ICSE-SEIP 2019), the settings
# behind Drain's published accuracy. Usage: loghub.sh DATA_DIR SCORE_SCRIPT OUT_DIR
set -euo pipefail
data=$1 score=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
declare -A format=(
  [HDFS]='<Date> <Time> <Pid> <Level> <Component>: <Content>'
  [Spark]='<Date> <Time> <Level> <Component>: <Content>'
  [Thunderbird]='<Label> <Timestamp> <Date> <User> <Month> <Day> <Time> <Location> <Component>(\[<PID>\])?: <Content>'
  [Android]='<Date> <Time>  <Pid>  <Tid> <Level> <Component>: <Content>'
  [HealthApp]='<Time>\|<Component>\|<Pid>\|<Content>'
  [Proxifier]='\[<Time>\] <Program> - <Content>'
  [OpenSSH]='<Date> <Day> <Time> <Component> sshd\[<Pid>\]: <Content>'
  [Mac]='<Month>  <Date> <Time> <User> <Storage>\[<PID>\]: <Content>'
)
# st depth, then the masks
declare -A settings=(
  [HDFS]='0.5 4 blk_-?\d+ (\d+\.){3}\d+(:\d+)?'
  [Spark]='0.5 4 (\d+\.){3}\d+ \b[KGTM]?B\b ([\w-]+\.){2,}[\w-]+'
  [Thunderbird]='0.5 4 (\d+\.){3}\d+'
  [Android]='0.2 6 (/[\w-]+)+ ([\w-]+\.){2,}[\w-]+ \b(\-?\+?\d+)\b|\b0[Xx][a-fA-F\d]+\b|\b[a-fA-F\d]{4,}\b'
  [HealthApp]='0.2 4'
  [Proxifier]='0.6 3 <\d+\ssec ([\w-]+\.)+[\w-]+(:\d+)? \d{2}:\d{2}(:\d{2})* [KGTM]B'
  [OpenSSH]='0.6 5 (\d+\.){3}\d+ ([\w-]+\.){2,}[\w-]+'
  [Mac]='0.7 6 ([\w-]+\.){2,}[\w-]+'
)
mkdir -p "$out/defaults" "$out/benchmark"
for d in "${!format[@]}"; do
  log=$data/$d/${d}_2k.log
  python3 "$here/drain.py" "$log" --format "${format[$d]}" --out "$out/defaults/$d.csv"
  read -r st depth masks <<<"${settings[$d]} "
  args=(--st "$st" --depth "$depth")
  for m in $masks; do args+=(--regex "$m"); done
  [ -z "$masks" ] && args+=(--regex '$^')
  python3 "$here/drain.py" "$log" --format "${format[$d]}" --out "$out/benchmark/$d.csv" "${args[@]}"
done
echo "drain3 defaults:"; python3 "$score" "$data" "$out/defaults"
echo "Loghub benchmark settings:"; python3 "$score" "$data" "$out/benchmark"
