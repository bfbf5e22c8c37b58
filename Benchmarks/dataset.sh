# Sourced by the benchmarks: builds the release binary and generates (once, cached under
# Benchmarks/out/) the dataset of $customers customers and $events events, seed 7.
# Sets: binary, data (the folder), bytes (the size of both CSV files), has_duck; defines
# `alternate`, `peak_memory` and `phase_times`.
swift build -c release --product campaign >/dev/null
binary="$(swift build -c release --show-bin-path)/campaign"
data="Benchmarks/out/data-${customers}-${events}"
if [ ! -f "$data/events.csv" ]; then
  "$binary" gen --customers "$customers" --events "$events" --seed 7 --out "$data"
fi
bytes=$(( $(stat -L -c %s "$data/customers.csv") + $(stat -L -c %s "$data/events.csv") ))
has_duck=$(python3 -c "import duckdb" 2>/dev/null && echo yes || echo no)

# Five runs each of the caller's `ours_run` and, when DuckDB is importable, `duck_run`
# (which prints the DuckDB script's JSON), alternating: this VM's speed drifts by ±20%
# over a minute, and alternating gives both the same conditions. Sets times, duck_times
# (ms), median, duck_ms, result (the last DuckDB JSON), duck (DuckDB's median, as shown)
# and ratio (ours / DuckDB's).
alternate() {
  times=()
  duck_times=()
  result=""
  for run in 1 2 3 4 5; do
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
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
  duck="not installed (pip install duckdb)"
  ratio="n/a"
  if [ "$has_duck" = yes ]; then
    duck_ms=$(printf '%s\n' "${duck_times[@]}" | sort -n | sed -n 3p)
    duck="${duck_ms} ms (runs: ${duck_times[*]}; DuckDB $(printf '%s' "$result" | python3 -c "import json,sys; print(json.load(sys.stdin)['duckdb'])"))"
    ratio=$(awk -v a="$median" -v b="$duck_ms" 'BEGIN { printf "%.2f", a / b }')
  fi
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
