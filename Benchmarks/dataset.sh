# Sourced by the benchmarks: builds the release binary and generates (once, cached under
# Benchmarks/out/) the dataset of $customers customers and $events events, seed 7.
# Sets: binary, data (the folder), bytes (the size of both CSV files).
swift build -c release --product campaign >/dev/null
binary="$(swift build -c release --show-bin-path)/campaign"
data="Benchmarks/out/data-${customers}-${events}"
if [ ! -f "$data/events.csv" ]; then
  "$binary" gen --customers "$customers" --events "$events" --seed 7 --out "$data"
fi
bytes=$(( $(stat -L -c %s "$data/customers.csv") + $(stat -L -c %s "$data/events.csv") ))
