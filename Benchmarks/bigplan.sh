#!/usr/bin/env bash
# A schedule larger than memory (issue 16): Benchmarks/bigplan.campaign, one email to every
# customer every day (an enter and a send row each), for 1,000,000 customers over DAYS = 50
# days: about 100,000,000 rows, 10 GB of CSV. Release build. Prints the rows, the seconds,
# the rows written per second and the peak RSS (/usr/bin/time -v) with the default memory
# budget (1 GiB) and with `--memory-limit 64MiB`, and checks that the output is identical
# at --threads 1 and 2 and with the small budget: by the sha256 of the output streamed
# through sha256sum, never stored. Spilled runs go under TMPDIR (default /tmp): it needs
# room for the rows (about 3.5 GB at 32 bytes a row).
#   Benchmarks/bigplan.sh [CUSTOMERS] [DAYS]
set -euo pipefail
cd "$(dirname "$0")/.."
customers="${1:-1000000}"
days="${2:-50}"
events=10000000
ORDERS="${ORDERS:-customer}"
source Benchmarks/dataset.sh
from="2026-09-01"
to=$(date -u -d "$from + $days days" +%F)

# One run: prints "sha256 seconds peak_kb rows" for the plan streamed through sha256sum
# (and, through a FIFO, wc -l).
one() {
  local work
  work=$(mktemp -d)
  mkfifo "$work/lines"
  wc -l < "$work/lines" > "$work/rows" &
  local counter=$!
  /usr/bin/time -f "%e %M" -o "$work/time" "$binary" plan examples/schema.campaign Benchmarks/bigplan.campaign \
      --customers "$data/customers.csv" --events "$data/events.csv" --from "$from" --to "$to" --format csv "$@" \
    | tee "$work/lines" | sha256sum | cut -c1-16 > "$work/sum"
  wait "$counter"
  echo "$(cat "$work/sum") $(cat "$work/time") $(( $(cat "$work/rows") - 1 ))"
  rm -rf "$work"
}

echo "bigplan: $customers customers, $days days ($from to $to), $(nproc) cores; $(uptime | sed 's/.*load/load/')"
printf '%-28s %12s %9s %14s %10s  %s\n' "run" "rows" "seconds" "rows/s" "peak RSS" "sha256 (first 16)"
declare -A sums
for setting in "default budget, 2 threads|--threads 2" "--memory-limit 64MiB, 2 thr|--threads 2 --memory-limit 64MiB" \
               "default budget, 1 thread|--threads 1"; do
  name="${setting%%|*}"
  read -r -a flags <<< "${setting#*|}"
  read -r sum seconds peak rows < <(one "${flags[@]}")
  sums["$name"]=$sum
  printf '%-28s %12d %9.1f %14.0f %7.0f MB  %s\n' "$name" "$rows" "$seconds" "$(awk -v r="$rows" -v s="$seconds" 'BEGIN { print r / s }')" \
    "$(( peak / 1024 ))" "$sum"
done
if [ "$(printf '%s\n' "${sums[@]}" | sort -u | wc -l)" = 1 ]; then
  echo "identical output at 1 and 2 threads and with --memory-limit 64MiB: yes"
else
  echo "identical output at 1 and 2 threads and with --memory-limit 64MiB: NO"
  exit 1
fi
