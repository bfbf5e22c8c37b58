# Sourced by the benchmarks: builds the release binary and generates (once, cached under
# Benchmarks/out/) the dataset of $customers customers and $events events, seed 7.
# Sets: binary, data (the folder), bytes (the size of both CSV files), has_duck; defines
# `alternate`.
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
# (ms), median, duck_ms and result (the last DuckDB JSON).
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
  duck_ms=$( [ "$has_duck" = yes ] && printf '%s\n' "${duck_times[@]}" | sort -n | sed -n 3p || true)
}
