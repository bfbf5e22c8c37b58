#!/usr/bin/env bash
# The planner at scale (issues 5 and 16): the 30/60/90-day SMS win-back of the examples
# planned for 1,000,000 customers and 10,000,000 events over a 90-day window (release
# build, median of RUNS = 5, peak memory from /usr/bin/time -v), and, when the Python
# package duckdb is importable, DuckDB computing the same entries and the send times of
# all three SMS in SQL from the same CSV files (Benchmarks/duckdb_winback.py), the runs
# alternating. Does this for events.csv in each order `campaign gen --order` writes (time,
# as event logs are; customer; shuffled; ORDERS="time" for one), checks for each that both
# agree row for row, prints a table per order and then all orders side by side.
#   Benchmarks/plan.sh [CUSTOMERS] [EVENTS]
set -euo pipefail
cd "$(dirname "$0")/.."
customers="${1:-1000000}"
events="${2:-10000000}"
from="2026-09-01"
to="2026-11-30"
source Benchmarks/dataset.sh
run() {
  "$binary" plan examples --customers "$data/customers.csv" --events "$data/events.csv" \
    --from "$from" --to "$to" --campaign winback_sms --format csv "$@"
}
ours_run() { run > "$data/plan.csv"; }
duck_run() { "${duck_command[@]}"; }
summary=()
for order in "${orders[@]}"; do
  dataset "$order"
  duck_command=(python3 Benchmarks/duckdb_winback.py "$data/customers.csv" "$data/events.csv" "$from 00:00:00+00" "$to 00:00:00+00" "$data/duck-winback.csv")
  run > /dev/null   # warm the page cache
  alternate
  one_thread=$( { start=$(date +%s%N); run --threads 1 > "$data/plan-1.csv"; end=$(date +%s%N); echo $(( (end - start) / 1000000 )); } )
  same_threads=$(cmp -s "$data/plan.csv" "$data/plan-1.csv" && echo "yes" || echo "NO")
  peak=$(peak_memory "$binary" plan examples --customers "$data/customers.csv" --events "$data/events.csv" \
      --from "$from" --to "$to" --campaign winback_sms --format csv)
  duck_peak="n/a"
  [ "$has_duck" = no ] || duck_peak=$(peak_memory env DUCKDB_RUNS=1 "${duck_command[@]}")
  phases=$(phase_times run)
  rows=$(( $(wc -l < "$data/plan.csv") - 1 ))
  first_plan="${first_plan:-$data/plan.csv}"   # the plan may not depend on the order of the rows
  same_plan=$(cmp -s "$first_plan" "$data/plan.csv" && echo "yes" || echo "NO")
  counts=$(python3 - "$data/plan.csv" <<'PY'
import csv, sys, collections
c = collections.Counter(r["action"] for r in csv.DictReader(open(sys.argv[1])))
print(", ".join(f"{v} {k}" for k, v in sorted(c.items())))
PY
)

  agree="n/a"
  if [ "$has_duck" = yes ]; then
    agree=$(python3 - "$data/plan.csv" "$data/duck-winback.csv" <<'PY'
import csv, sys
steps = {"survey": 1, "contest": 2, "coupon": 3}
ours = {}
for r in csv.DictReader(open(sys.argv[1])):
    if r["action"] == "enter":
        ours[r["customer_id"]] = [r["time"], "", "", ""]
    elif r["action"] == "send" and r["step"] in steps:
        ours[r["customer_id"]][steps[r["step"]]] = r["time"]
duck = {}
for line in open(sys.argv[2]):
    values = line.rstrip("\n").split(",")
    duck[values[0]] = values[1:]
diff = [k for k in set(ours) | set(duck) if ours.get(k) != duck.get(k)]
sends = sum(1 for v in ours.values() for t in v[1:] if t)
print(f"yes: {len(ours)} entries and {sends} sends, same instants" if not diff else f"NO: {len(diff)} customers differ, e.g. {diff[:3]}")
PY
)
  fi
  printf '\n%-38s %s\n' "benchmark" "campaign plan --campaign winback_sms, ${customers} customers, ${events} events, ${from} to ${to}"
  printf '%-38s %s\n' "events.csv order" "$order"
  printf '%-38s %s MB\n' "input (CSV)" "$(( bytes / 1048576 ))"
  printf '%-38s %s ms (runs: %s)\n' "campaign: read + plan + write, median" "$median" "${times[*]}"
  printf '%-38s %s ms (identical output: %s)\n' "campaign with --threads 1" "$one_thread" "$same_threads"
  printf '%-38s %s\n' "phases" "$phases"
  printf '%-38s %s (%s)\n' "schedule rows" "$rows" "$counts"
  printf '%-38s %s\n' "same plan as for ${orders[0]} order" "$same_plan"
  printf '%-38s %s\n' "peak memory" "$peak"
  printf '%-38s %s\n' "DuckDB, entries + 3 send times, median" "$duck"
  printf '%-38s %s\n' "DuckDB peak memory (Python included)" "$duck_peak"
  printf '%-38s %s\n' "ratio campaign / DuckDB" "$ratio"
  printf '%-38s %s\n' "same entries and send times" "$agree"
  summary+=("$(printf '%-9s %9s %9s %7s %10s %10s  %-9s %s' "$order" "$median" "$duck_ms" "$ratio" "$peak" "$duck_peak" "${agree%%:*}" "$same_plan")")
done
printf '\n%s, median of %s\n' "campaign plan --campaign winback_sms vs DuckDB, ${customers} customers, ${events} events" "$runs"
printf '%-9s %9s %9s %7s %10s %10s  %-9s %s\n' "order" "ours ms" "duck ms" "ratio" "our peak" "duck peak" "same rows" "same plan as ${orders[0]}"
printf '%s\n' "${summary[@]}"
