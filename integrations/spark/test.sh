#!/usr/bin/env bash
# The Spark job (integrations/spark/campaign_plan.py) against `campaign plan` on one machine
# (docs/scale.md), with Spark's local master, local[2]:
#  1. 50,000 generated customers with their events in time order (`campaign gen --order
#     time`), planned over the examples with 1, 3 and 8 partitions, CSV output: every part
#     file starts with the plan's header, and the parts, merged by plan_order.py (header
#     once, records sorted stably by time, customer id and campaign), are byte-identical to
#     the single-machine plan;
#  2. a retried task: the binary fails the first partition it plans (after writing part of
#     its output) under local[2,2], which lets Spark try a task twice; the job succeeds and
#     its part files are byte-identical to those of the run without the failure;
#  3. Parquet output: the plan's columns with their types, every row's values equal;
#  4. hostile data: a customer id with a comma, quotes and a non-ASCII letter, a name with
#     a line break, its rows identical to the plan's, from the CSV files and from typed
#     Parquet (typed_parquet.py: timestamps, dates, booleans, doubles, a properties
#     struct); an event of a customer who is not in the customers file fails the job
#     (exit 1, D0301 and the id in the message, nothing committed), and with
#     --skip-bad-rows gives `campaign plan --skip-bad-rows`'s rows.
#
# Before those, test_units.py checks the pure parts without Spark (the id field, bundles,
# unknown customers, plan_order.py).
#
# Installs what it needs: Java from Debian's packages when `java` is missing
# (openjdk-17-jre-headless) and pyspark from PyPI into a virtual environment
# (CAMPAIGN_SPARK_VENV, default ~/.cache/campaign-spark-venv). CAMPAIGN=/path/to/campaign
# uses that binary; otherwise this builds one with `swift build --product campaign`
# (debug). Prints each step's time; exit status 0 when every check passed, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"
pyspark_version="4.3.0"
customers=50000
from="2026-04-01"
to="2027-01-01"
began=$(date +%s)
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

step_started=0
step() { step_started=$(date +%s%N); printf '%s' "$1"; }
done_step() { printf ' (%.1f s)\n' "$(awk -v s="$step_started" -v e="$(date +%s%N)" 'BEGIN { print (e - s) / 1e9 }')"; }
fail() { echo; echo "integrations/spark/test.sh: FAILED: $*" >&2; exit 1; }

step "the job's pure parts (test_units.py)"
python3 integrations/spark/test_units.py >"$scratch/units.log" 2>&1 || { cat "$scratch/units.log" >&2; fail "test_units.py"; }
done_step

# Debian's packages, as any CI step on a fresh Debian or Ubuntu image: as root, or through sudo.
apt_install() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -q "$@" >/dev/null \
    || { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q "$@" >/dev/null; }
}
if ! command -v java >/dev/null 2>&1; then
  step "installing Java (openjdk-17-jre-headless) with apt-get"
  apt_install openjdk-17-jre-headless
  done_step
fi
venv="${CAMPAIGN_SPARK_VENV:-$HOME/.cache/campaign-spark-venv}"
if ! "$venv/bin/python" -c "import pyspark, sys; sys.exit(pyspark.__version__ != '$pyspark_version')" 2>/dev/null; then
  step "installing pyspark $pyspark_version into $venv"
  # Debian's own python3 makes virtual environments only with python3-venv.
  python3 -m venv "$venv" 2>/dev/null || { rm -rf "$venv"; apt_install python3-venv; python3 -m venv "$venv"; }
  "$venv/bin/pip" install -q "pyspark==$pyspark_version"
  done_step
fi
export PATH="$venv/bin:$PATH"
java -version 2>&1 | head -1
echo "pyspark $("$venv/bin/python" -c 'import pyspark; print(pyspark.__version__)')"

if [ -z "${CAMPAIGN:-}" ]; then
  step "building campaign (debug)"
  swift build --product campaign >/dev/null
  CAMPAIGN="$(swift build --show-bin-path)/campaign"
  done_step
fi
CAMPAIGN="$(cd "$(dirname "$CAMPAIGN")" && pwd)/$(basename "$CAMPAIGN")"
[ -x "$CAMPAIGN" ] || fail "$CAMPAIGN is not an executable"

data="$scratch/data"
# Spark on this machine only: no UI port, the loopback address.
export SPARK_LOCAL_IP=127.0.0.1
spark_log="$scratch/spark.log"

# spark-submit of the job with local[2] (or $master); its messages (spark-submit's standard
# output) go to $scratch/job.out, Spark's log to $spark_log. Returns the job's status.
master="local[2]"
job() {
  spark-submit --master "$master" --conf spark.ui.enabled=false \
    integrations/spark/campaign_plan.py examples --from "$from" --to "$to" --binary "${binary:-$CAMPAIGN}" "$@" \
    >"$scratch/job.out" 2>"$spark_log"
}
show_job() { cat "$scratch/job.out" >&2; grep -E "ERROR|Error|error" "$spark_log" | head -20 >&2 || true; }

step "generating $customers customers with events in time order"
"$CAMPAIGN" gen --customers "$customers" --seed 11 --order time --out "$data" >/dev/null 2>&1 \
  || fail "campaign gen failed"
done_step
step "planning them on one machine (campaign plan)"
"$CAMPAIGN" plan examples --customers "$data/customers.csv" --events "$data/events.csv" \
  --from "$from" --to "$to" --format csv > "$scratch/plan.csv"
done_step
echo "  $(( $(wc -l < "$scratch/plan.csv") - 1 )) rows"
header="$(head -1 "$scratch/plan.csv")"

for partitions in 1 3 8; do
  step "spark, $master, $partitions partitions, CSV"
  job --customers "$data/customers.csv" --events "$data/events.csv" --out "$scratch/out-$partitions" \
    --partitions "$partitions" || { show_job; fail "the job failed with $partitions partitions"; }
  done_step
  parts=("$scratch/out-$partitions"/part-*.csv)
  [ "${#parts[@]}" -eq "$partitions" ] || fail "$partitions partitions wrote ${#parts[@]} part files"
  for part in "${parts[@]}"; do
    [ "$(head -1 "$part")" = "$header" ] || fail "$part does not start with the plan's header"
  done
  python3 integrations/spark/plan_order.py "$scratch/out-$partitions" > "$scratch/merged-$partitions.csv"
  cmp "$scratch/merged-$partitions.csv" "$scratch/plan.csv" \
    || fail "$partitions partitions: the merged parts differ from campaign plan's output"
  echo "  ${#parts[@]} part files, each with the header; merged in the plan's order: byte-identical to campaign plan"
done

# A binary that fails the first partition it plans, after part of its output, and then
# works: Spark retries the task (local[2,2]: two tries), and the parts are the same.
flaky="$scratch/flaky-campaign"
cat > "$flaky" <<EOF
#!/usr/bin/env bash
if [ "\$1" = plan ] && mkdir "$scratch/failed-once" 2>/dev/null; then
  "$CAMPAIGN" "\$@" | head -c 100000
  echo "flaky-campaign: failing on purpose after 100000 bytes" >&2
  exit 2
fi
exec "$CAMPAIGN" "\$@"
EOF
chmod +x "$flaky"
step "spark, local[2,2], 3 partitions, the first task failing once"
master="local[2,2]" binary="$flaky" job --customers "$data/customers.csv" --events "$data/events.csv" \
  --out "$scratch/out-retried" --partitions 3 || { show_job; fail "the job with a retried task failed"; }
done_step
[ -d "$scratch/failed-once" ] || fail "the flaky binary never failed"
grep -q "failing on purpose" "$spark_log" || fail "Spark's log does not show the failed try"
retried=("$scratch/out-retried"/part-*.csv)
first=("$scratch/out-3"/part-*.csv)
for i in "${!first[@]}"; do
  cmp "${retried[$i]}" "${first[$i]}" || fail "after a retry, part $i differs from the run without one"
done
echo "  a task failed and was retried; its part files are byte-identical to the run without the failure"

step "spark, $master, 2 partitions, Parquet"
job --customers "$data/customers.csv" --events "$data/events.csv" --out "$scratch/out-parquet" \
  --partitions 2 --output-format parquet || { show_job; fail "the Parquet job failed"; }
done_step
step "checking the Parquet output against the plan"
spark-submit --master "local[2]" --conf spark.ui.enabled=false integrations/spark/check_parquet.py \
  "$scratch/out-parquet" "$scratch/plan.csv" >"$scratch/check.out" 2>"$spark_log" \
  || { cat "$scratch/check.out" >&2; fail "the Parquet output differs from the plan"; }
done_step
sed 's/^/  /' "$scratch/check.out"

# Hostile values: the examples' data and one more customer, whose id has a comma, quotes
# and a non-ASCII letter, with a line break and quotes in the name, and a purchase; then
# the same with an event of a customer who is not there (c999).
hostile="$scratch/hostile"
mkdir "$hostile"
python3 - "$repo/examples/data" "$hostile" <<'PY'
import csv, sys
source, out = sys.argv[1], sys.argv[2]
customers = list(csv.reader(open(f"{source}/customers.csv", newline="", encoding="utf-8")))
odd = list(customers[1])
odd[customers[0].index("id")] = 'c,"q"ü'
odd[customers[0].index("first_name")] = 'Ana\nMaría, "la"'
customers.append(odd)
events = list(csv.reader(open(f"{source}/events.csv", newline="", encoding="utf-8")))
events.append(['c,"q"ü', "purchase", "2026-09-01T15:00:00Z", "42.50", "home"])
write = lambda name, rows: csv.writer(open(f"{out}/{name}", "w", newline="", encoding="utf-8"), lineterminator="\n").writerows(rows)
write("customers.csv", customers)
write("events.csv", events)
write("events-unknown.csv", events + [["c999", "purchase", "2026-09-02T10:00:00Z", "5", "home"]])
PY
"$CAMPAIGN" plan examples --customers "$hostile/customers.csv" --events "$hostile/events.csv" \
  --from "$from" --to "$to" --format csv --render > "$hostile/plan.csv"
grep -q '^[^,]*,[^,]*,"c,""q""ü",' "$hostile/plan.csv" || fail "the hostile customer has no rows in the plan"
step "spark, hostile ids and values, 3 partitions, --render"
job --customers "$hostile/customers.csv" --events "$hostile/events.csv" --out "$hostile/out" --partitions 3 --render \
  || { show_job; fail "the job failed on the hostile data"; }
done_step
python3 integrations/spark/plan_order.py "$hostile/out" | cmp - "$hostile/plan.csv" \
  || fail "the hostile data's parts differ from campaign plan's output"
echo "  the id 'c,\"q\"ü' and a name with a line break: byte-identical to campaign plan"

step "the hostile data as typed Parquet (typed_parquet.py)"
spark-submit --master "local[2]" --conf spark.ui.enabled=false integrations/spark/typed_parquet.py \
  "$hostile/customers.csv" "$hostile/events.csv" "$hostile/parquet" >"$scratch/typed.out" 2>"$spark_log" \
  || { cat "$scratch/typed.out" >&2; fail "typed_parquet.py failed"; }
done_step
step "spark, typed Parquet input, 3 partitions, --render"
job --customers "$hostile/parquet/customers.parquet" --events "$hostile/parquet/events.parquet" --out "$hostile/out-typed" \
  --partitions 3 --render || { show_job; fail "the job failed on typed Parquet"; }
done_step
python3 integrations/spark/plan_order.py "$hostile/out-typed" | cmp - "$hostile/plan.csv" \
  || fail "typed Parquet input: the parts differ from campaign plan's output on the CSV files"
echo "  timestamps, dates, booleans, doubles and a properties struct: byte-identical to the CSV files' plan"

step "spark, an event of an unknown customer"
status=0
job --customers "$hostile/customers.csv" --events "$hostile/events-unknown.csv" --out "$hostile/out-unknown" \
  --partitions 3 || status=$?
done_step
[ "$status" -eq 1 ] || { show_job; fail "the job with an unknown customer's event exited $status, not 1"; }
grep -q 'no customer has the id "c999" in the customers file (1 event) \[D0301\]' "$scratch/job.out" \
  || { show_job; fail "the failure does not name the unknown customer"; }
[ ! -e "$hostile/out-unknown/_SUCCESS" ] || fail "the failed job committed its output"
echo "  exit 1: $(grep -m1 'D0301' "$scratch/job.out")"

"$CAMPAIGN" plan examples --customers "$hostile/customers.csv" --events "$hostile/events-unknown.csv" \
  --from "$from" --to "$to" --format csv --skip-bad-rows > "$hostile/plan-skipped.csv" 2>/dev/null
step "spark, the same with --skip-bad-rows"
job --customers "$hostile/customers.csv" --events "$hostile/events-unknown.csv" --out "$hostile/out-skipped" \
  --partitions 3 --skip-bad-rows || { show_job; fail "the job with --skip-bad-rows failed"; }
done_step
python3 integrations/spark/plan_order.py "$hostile/out-skipped" | cmp - "$hostile/plan-skipped.csv" \
  || fail "--skip-bad-rows: the parts differ from campaign plan --skip-bad-rows"
grep -q "skipped 1 event of 1 customer id not in the customers file \[D0301\]" "$scratch/job.out" \
  || { show_job; fail "--skip-bad-rows does not report the skipped event"; }
echo "  $(grep -m1 'skipped' "$scratch/job.out")"

echo "integrations/spark/test.sh: every check passed in $(( $(date +%s) - began )) s"
