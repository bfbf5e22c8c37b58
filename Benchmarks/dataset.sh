# Sourced by the benchmarks: builds the release binary and generates (once, cached under
# Benchmarks/out/) the dataset of $customers customers and $events events, seed 7, with
# events.csv in each order the caller runs (`campaign gen --order`: time, customer,
# shuffled; every order holds the same events). ORDERS (a space-separated list; default
# all three) chooses the orders; IDS=uuid gives every customer a UUID for an id instead
# of `c0000001` (Benchmarks/uuid_ids.py). Sets: binary, orders (an array), has_duck; then `dataset
# ORDER` sets data (the folder) and bytes (the size of both CSV files) for that order, and
# this file calls it for the first order, so a caller that runs one order needs nothing
# else. Defines `alternate`, `middle`, `peak_memory` and `phase_times`.
swift build -c release --product campaign >/dev/null
binary="$(swift build -c release --show-bin-path)/campaign"
read -r -a orders <<< "${ORDERS:-time customer shuffled}"
runs="${runs:-${RUNS:-5}}"   # diff.sh sets its own before sourcing
has_duck=$(python3 -c "import duckdb" 2>/dev/null && echo yes || echo no)

dataset() {
  data="Benchmarks/out/data-${customers}-${events}-$1"
  if [ ! -f "$data/events.csv" ]; then
    "$binary" gen --customers "$customers" --events "$events" --seed 7 --order "$1" --out "$data"
  fi
  if [ "${IDS:-}" = uuid ]; then
    # The same data with 36-byte ids in no order (Benchmarks/uuid_ids.py).
    if [ ! -f "$data-uuid/events.csv" ]; then python3 Benchmarks/uuid_ids.py "$data" "$data-uuid"; fi
    data="$data-uuid"
  fi
  bytes=$(( $(stat -L -c %s "$data/customers.csv") + $(stat -L -c %s "$data/events.csv") ))
}
dataset "${orders[0]}"

# $runs runs (default 5; RUNS sets it) each of the caller's `ours_run` and, when DuckDB is
# importable, `duck_run` (which prints the DuckDB script's JSON), alternating: this VM's
# speed drifts by ±20% over a minute, and alternating gives both the same conditions. Sets
# times, duck_times (ms), median, duck_ms, result (the last DuckDB JSON), duck (DuckDB's
# median, as shown) and ratio (ours / DuckDB's).
alternate() {
  times=()
  duck_times=()
  result=""
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    ours_run
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
    if [ "$has_duck" = yes ]; then
      result=$(DUCKDB_RUNS=1 duck_run)
      duck_times+=($(printf '%s' "$result" | python3 -c "import json,sys; print(round(json.load(sys.stdin)['seconds']*1000))"))
    fi
  done
  median=$(middle "${times[@]}")
  duck="not installed (pip install duckdb)"
  duck_ms="n/a"
  ratio="n/a"
  if [ "$has_duck" = yes ]; then
    duck_ms=$(middle "${duck_times[@]}")
    duck="${duck_ms} ms (runs: ${duck_times[*]}; DuckDB $(printf '%s' "$result" | python3 -c "import json,sys; print(json.load(sys.stdin)['duckdb'])"))"
    ratio=$(awk -v a="$median" -v b="$duck_ms" 'BEGIN { printf "%.2f", a / b }')
  fi
}

# The median of whole numbers (the lower middle one of an even count).
middle() {
  printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# Peak resident memory of a command, from GNU time ("n/a" without it).
peak_memory() {
  if [ -x /usr/bin/time ]; then
    { /usr/bin/time -v "$@" 2>&1 >/dev/null || true; } | awk -F': ' '/Maximum resident/ {printf "%.0f MB", $2/1024}'
  else
    echo "n/a"
  fi
}

# The phase timings a command prints under CAMPAIGN_TIMING=1, on one line.
phase_times() {
  CAMPAIGN_TIMING=1 "$@" 2>&1 >/dev/null | sed -n 's/^timing: //p' | grep -v '^start ' | paste -sd ',' | sed 's/,/, /g'
}
