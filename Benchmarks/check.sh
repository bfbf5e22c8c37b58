#!/usr/bin/env bash
# Times `campaign check` on a folder of N copies of examples/ (default 1,000) with a
# release build, and prints a table: files, megabytes, median of 5 runs, throughput,
# peak memory. Target (issue 2): under one second for 1,000 copies. The copies form one
# project, so the type checker reports every repeated name (E0101) and the time includes
# rendering those diagnostics.
set -euo pipefail
cd "$(dirname "$0")/.."
copies="${1:-1000}"
swift build -c release --product campaign >/dev/null
binary="$(swift build -c release --show-bin-path)/campaign"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for i in $(seq 1 "$copies"); do
  mkdir -p "$work/copy$i"
  cp examples/*.campaign "$work/copy$i/"
done
files=$(find "$work" -name '*.campaign' | wc -l)
bytes=$(cat "$work"/copy*/*.campaign | wc -c)

"$binary" check "$work" >/dev/null 2>&1 || true   # warm the page cache
times=()
for run in 1 2 3 4 5; do
  start=$(date +%s%N)
  status=0
  "$binary" check "$work" >"$work/stdout" 2>"$work/stderr" || status=$?
  [ "$status" -le 1 ] || { cat "$work/stderr"; exit 1; }
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
peak="n/a"
if [ -x /usr/bin/time ]; then
  peak=$( { /usr/bin/time -v "$binary" check "$work" 2>&1 >/dev/null || true; } | awk -F': ' '/Maximum resident/ {printf "%.1f MB", $2/1024}')
fi
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1048576 }')
rate=$(awk -v b="$bytes" -v t="$median" 'BEGIN { printf "%.1f", (b / 1048576) / (t / 1000) }')
printf '\n%-28s %s\n' "benchmark" "campaign check, ${copies} copies of examples/"
printf '%-28s %s\n' "files" "$files"
printf '%-28s %s MB\n' "source" "$mb"
printf '%-28s %s ms (runs: %s)\n' "median wall time" "$median" "${times[*]}"
printf '%-28s %s MB/s\n' "throughput" "$rate"
printf '%-28s %s\n' "peak memory" "$peak"
printf '%-28s %s\n' "result" "$(tail -n 1 "$work/stderr")"
printf '%-28s %s\n' "target" "< 1000 ms"
echo "(one project: the copies redeclare each other's names, so the run also renders every E0101)"
