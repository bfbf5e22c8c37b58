#!/usr/bin/env bash
# Ingest + segment evaluation at scale (issues 4 and 16): generates 1,000,000 customers and
# 10,000,000 events with `campaign gen` (cached under Benchmarks/out/), then times
# `campaign segments examples` on them (release build, median of RUNS = 5, peak memory from
# /usr/bin/time -v) and, when the Python package duckdb is importable, the same five
# segments computed by DuckDB from the same CSV files, the runs alternating. Does this for
# events.csv in each order `campaign gen --order` writes (time, as event logs are;
# customer; shuffled; ORDERS="time" for one), checks for each that both count the same,
# prints a table per order and then all orders side by side.
#   Benchmarks/data.sh [CUSTOMERS] [EVENTS]
set -euo pipefail
cd "$(dirname "$0")/.."
customers="${1:-1000000}"
events="${2:-10000000}"
at="2026-11-01"
source Benchmarks/dataset.sh

ours() { "$binary" segments examples --customers "$data/customers.csv" --events "$data/events.csv" --at "$at" "$@"; }
ours_run() { ours --format csv > "$data/ours.csv"; }
duck_run() { "${duck_command[@]}"; }
summary=()
for order in "${orders[@]}"; do
  dataset "$order"
  duck_command=(python3 Benchmarks/duckdb_segments.py "$data/customers.csv" "$data/events.csv" "$at 00:00:00+00")
  ours >/dev/null   # warm the page cache
  alternate
  peak=$(peak_memory "$binary" segments examples --customers "$data/customers.csv" --events "$data/events.csv" --at "$at")
  duck_peak="n/a"
  [ "$has_duck" = no ] || duck_peak=$(peak_memory env DUCKDB_RUNS=1 "${duck_command[@]}")
  phases=$(phase_times ours)
  rate=$(awk -v b="$bytes" -v t="$median" 'BEGIN { printf "%.0f", (b / 1048576) / (t / 1000) }')

  agree="n/a"
  if [ "$has_duck" = yes ]; then
    agree=$(printf '%s' "$result" | python3 -c "
import csv, json, sys
duck = json.load(sys.stdin)['segments']
ours = {row['segment']: int(row['customers']) for row in csv.DictReader(open('$data/ours.csv'))}
print('yes, all five segments' if all(ours[k] == v for k, v in duck.items()) else 'NO: ' + str(ours) + ' vs ' + str(duck))")
  fi
  printf '\n%-34s %s\n' "benchmark" "campaign segments examples, ${customers} customers, ${events} events, at ${at}"
  printf '%-34s %s\n' "events.csv order" "$order"
  printf '%-34s %s MB\n' "input (CSV)" "$(( bytes / 1048576 ))"
  printf '%-34s %s ms (runs: %s)\n' "campaign: read + evaluate, median" "$median" "${times[*]}"
  printf '%-34s %s\n' "phases" "$phases"
  printf '%-34s %s MB/s\n' "ingest rate" "$rate"
  printf '%-34s %s\n' "peak memory" "$peak"
  printf '%-34s %s\n' "DuckDB, same segments, median" "$duck"
  printf '%-34s %s\n' "DuckDB peak memory (with Python)" "$duck_peak"
  printf '%-34s %s\n' "ratio campaign / DuckDB" "$ratio"
  printf '%-34s %s\n' "same counts as DuckDB" "$agree"
  printf '%-34s %s\n' "targets" "<= DuckDB's time, <= DuckDB's peak memory"
  summary+=("$(printf '%-9s %9s %9s %7s %10s %10s  %s' "$order" "$median" "$duck_ms" "$ratio" "$peak" "$duck_peak" "${agree%%,*}")")
done
printf '\n%s, median of %s\n' "campaign segments examples vs DuckDB, ${customers} customers, ${events} events" "$runs"
printf '%-9s %9s %9s %7s %10s %10s  %s\n' "order" "ours ms" "duck ms" "ratio" "our peak" "duck peak" "same counts"
printf '%s\n' "${summary[@]}"
