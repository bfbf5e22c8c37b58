#!/usr/bin/env bash
# `plan --bundles` against the two-file `plan` on the same data (issue 19): CUSTOMERS
# generated customers (default 100,000) with 10 events each, events.csv in time order, and
# the same data as bundles (`gen --bundles`, customers shuffled). Release build. Prints the
# rows, the seconds, the rows written per second and the peak RSS (/usr/bin/time -v) of
# each run: the two files; the bundles from a file at --batch-size 1000, 10000 (the
# default) and 100000; the bundles through a pipe (`cat | plan --bundles -`). Checks that
# every bundles output, sorted stably by time, customer id and campaign (`sort -s`, bytes),
# is the two-file output byte for byte (by sha256).
#   Benchmarks/bundles.sh [CUSTOMERS]
set -euo pipefail
cd "$(dirname "$0")/.."
customers="${1:-100000}"
events=$(( customers * 10 ))
ORDERS=time
runs=1
source Benchmarks/dataset.sh
bundles="$data/bundles.ndjson"
if [ ! -f "$bundles" ]; then
  "$binary" gen --customers "$customers" --events "$events" --seed 7 --order time --out "$data.bundles" --bundles "$bundles" 2>/dev/null
  rm -rf "$data.bundles"
fi
window=(--from 2026-09-01 --to 2026-12-31)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One run of `plan` with the given input options: prints "seconds peak_kb rows sha256"
# of its output sorted in the plan's order (LC_ALL=C: bytes).
one() {
  /usr/bin/time -f "%e %M" -o "$work/time" "$binary" plan examples "${window[@]}" --format csv "$@" > "$work/out.csv"
  local rows sum
  rows=$(( $(wc -l < "$work/out.csv") - 1 ))
  sum=$( { head -1 "$work/out.csv"; tail -n +2 "$work/out.csv" | LC_ALL=C sort -s -t, -k1,1 -k3,3 -k4,4; } | sha256sum | cut -c1-16)
  echo "$(cat "$work/time") $rows $sum"
}

echo "bundles: $customers customers, $events events, $(du -m "$bundles" | cut -f1) MB of bundles, $(nproc) cores; $(uptime | sed 's/.*load/load/')"
printf '%-34s %10s %9s %12s %10s  %s\n' "run" "rows" "seconds" "rows/s" "peak RSS" "sorted sha256 (first 16)"
reference=""
for setting in "two files|--customers $data/customers.csv --events $data/events.csv" \
               "bundles, --batch-size 1000|--bundles $bundles --batch-size 1000" \
               "bundles, --batch-size 10000|--bundles $bundles" \
               "bundles, --batch-size 100000|--bundles $bundles --batch-size 100000" \
               "bundles through a pipe|--bundles -"; do
  name="${setting%%|*}"
  read -r -a flags <<< "${setting#*|}"
  if [ "${flags[1]}" = "-" ]; then
    read -r seconds peak rows sum < <(one "${flags[@]}" < "$bundles")
  else
    read -r seconds peak rows sum < <(one "${flags[@]}")
  fi
  reference="${reference:-$sum}"
  printf '%-34s %10d %9.2f %12.0f %7.0f MB  %s%s\n' "$name" "$rows" "$seconds" "$(awk -v r="$rows" -v s="$seconds" 'BEGIN { print r / s }')" \
    "$(( peak / 1024 ))" "$sum" "$([ "$sum" = "$reference" ] || echo "  DIFFERS")"
  [ "$sum" = "$reference" ] || exit 1
done
echo "every bundles output, sorted stably, is the two-file output: yes"
