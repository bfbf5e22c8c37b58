#!/usr/bin/env bash
# The Spark job (integrations/spark/campaign_plan.py, docs/scale.md) against the
# single-process planner on the same data: CUSTOMERS generated customers (default
# 200,000) with 10 events each in time order (`campaign gen --order time`, seed 7, cached
# under Benchmarks/out/), every campaign of the examples over 2026-04-01 to 2027-01-01,
# CSV output, release build. Times, rows per second and peak resident memory of:
#   - `campaign plan` with the two files (all cores);
#   - `campaign plan --bundles FILE` (the same data as bundles, `gen --bundles`);
#   - the job with local[1] and local[2] (PARTITIONS partitions, default 2), whole
#     spark-submit wall time (JVM start-up included), the JVM's peak, the Python workers'
#     and one binary's (from Benchmarks/process_peaks.py).
# Checks that each Spark run's parts, merged in the plan's order, equal the plan. Needs
# Java and pyspark (integrations/spark/test.sh installs them; CAMPAIGN_SPARK_VENV as there).
#   Benchmarks/spark.sh [CUSTOMERS]
# CAMPAIGN=/path/to/campaign skips the release build (a debug build shows the script works;
# its figures are not the benchmark's).
set -euo pipefail
cd "$(dirname "$0")/.."
customers="${1:-200000}"
events=$(( customers * 10 ))
partitions="${PARTITIONS:-2}"
from="2026-04-01"
to="2027-01-01"
binary="${CAMPAIGN:-}"
if [ -z "$binary" ]; then
  swift build -c release --product campaign >/dev/null
  binary="$(swift build -c release --show-bin-path)/campaign"
fi
binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"
venv="${CAMPAIGN_SPARK_VENV:-$HOME/.cache/campaign-spark-venv}"
export PATH="$venv/bin:$PATH"
export SPARK_LOCAL_IP=127.0.0.1
command -v spark-submit >/dev/null || { echo "Benchmarks/spark.sh: no spark-submit; run integrations/spark/test.sh once to install pyspark" >&2; exit 2; }

data="Benchmarks/out/spark-data-${customers}"
if [ ! -f "$data/bundles.ndjson" ]; then
  "$binary" gen --customers "$customers" --events "$events" --seed 7 --order time --out "$data" \
    --bundles "$data/bundles.ndjson" >/dev/null 2>&1
fi
out="Benchmarks/out/spark-run"
rm -rf "$out"
mkdir -p "$out"
peaks() { python3 Benchmarks/process_peaks.py "$out/stdout" "$out/stderr" -- "$@"; }
# One process's wall time and exact peak (GNU time), as the JSON process_peaks.py prints.
timed() {
  /usr/bin/time -f "%e %M" -o "$out/time" "$@" > "$out/stdout" 2> "$out/stderr"
  read -r seconds kb < "$out/time"
  echo "{\"status\": 0, \"seconds\": $seconds, \"peak_single_mb\": {\"campaign\": $(( kb / 1024 ))}}"
}
# The binary the executors run: the real one under GNU time, each run's peak (KB) appended
# to $out/binary-peaks, so one worker's peak is exact.
worker="$out/campaign"
cat > "$worker" <<EOF
#!/usr/bin/env bash
exec /usr/bin/time -f "%M" -a -o "$PWD/$out/binary-peaks" "$binary" "\$@"
EOF
chmod +x "$worker"
field() { python3 -c "import json,sys; d=json.loads(sys.argv[1]); print(eval(sys.argv[2], {}, d))" "$1" "$2"; }

echo "campaign plan vs the Spark job: $customers customers, $events events (time order), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "binary: $binary; $(java -version 2>&1 | head -1); pyspark $(python3 -c 'import pyspark; print(pyspark.__version__)' 2>/dev/null || "$venv/bin/python" -c 'import pyspark; print(pyspark.__version__)')"

result=$(timed "$binary" plan examples --customers "$data/customers.csv" --events "$data/events.csv" \
  --from "$from" --to "$to" --format csv)
cp "$out/stdout" "$out/plan.csv"
rows=$(( $(wc -l < "$out/plan.csv") - 1 ))
line() { # name, result json
  local seconds
  seconds=$(field "$2" seconds)
  printf '%-34s %8.1f s %10.0f rows/s   %s\n' "$1" "$seconds" "$(awk -v r="$rows" -v s="$seconds" 'BEGIN { print r / s }')" "$3"
}
echo "$rows rows"
printf '%-34s %10s %16s   %s\n' "run" "wall" "throughput" "peak resident memory"
line "campaign plan (two files)" "$result" "$(field "$result" "peak_single_mb['campaign']") MB"

result=$(timed "$binary" plan examples --bundles "$data/bundles.ndjson" --from "$from" --to "$to" --format csv)
bundle_rows=$(( $(wc -l < "$out/stdout") - 1 ))
[ "$bundle_rows" -eq "$rows" ] || echo "  --bundles wrote $bundle_rows rows, the two files $rows" >&2
line "campaign plan --bundles FILE" "$result" "$(field "$result" "peak_single_mb['campaign']") MB"

spark() { # master, customers file, events file
  rm -rf "$out/spark" "$out/binary-peaks"
  result=$(peaks spark-submit --master "$1" --conf spark.ui.enabled=false \
    integrations/spark/campaign_plan.py examples --customers "$2" --events "$3" \
    --from "$from" --to "$to" --out "$out/spark" --partitions "$partitions" --binary "$worker")
  [ "$(field "$result" status)" = 0 ] || { cat "$out/stdout" >&2; echo "the job failed" >&2; exit 1; }
  memory="JVM $(field "$result" "peak_single_mb['java']") MB, Python $(field "$result" "peak_total_mb.get('python', 0)") MB (all workers), one binary $(sort -n "$out/binary-peaks" | tail -1 | awk '{ printf "%.0f", $1 / 1024 }') MB"
}
for master in "local[1]" "local[2]"; do
  spark "$master" "$data/customers.csv" "$data/events.csv"
  same=$(python3 integrations/spark/plan_order.py "$out/spark" | cmp -s - "$out/plan.csv" && echo "same rows" || echo "ROWS DIFFER")
  line "spark $master, $partitions partitions" "$result" "$memory; $same"
done
# The fixed cost: the same job on the examples' 8 customers (JVM start-up, the driver's
# check, the stages' scheduling), to read the figures above as fixed cost + rows.
spark "local[2]" examples/data/customers.csv examples/data/events.csv
printf '%-34s %8.1f s   (fixed cost: the examples'"'"' 8 customers)   %s\n' "spark local[2], 8 customers" "$(field "$result" seconds)" "$memory"
