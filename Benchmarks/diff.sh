#!/usr/bin/env bash
# The cost of `campaign diff` (issue 15): a diff plans both versions, and on the 1M / 10M
# benchmark it must cost no more than twice a plan plus 10%. Times, on the same dataset
# (Benchmarks/dataset.sh: 1,000,000 customers, 10,000,000 events, seed 7) and window as
# Benchmarks/plan.sh, `campaign plan` of the examples and `campaign diff` of the examples
# against a copy with one edit (winback_sms's first wait, 30d → 21d), release build, the
# two alternating (this VM's speed drifts), median of RUNS each; wall time and CPU time
# (user + system: the steadier figure on a shared machine) and peak memory of each, both
# from GNU time. Prints both figures, the ratio diff / (2 × plan) against the 1.10 allowed,
# and what the diff found.
#   Benchmarks/diff.sh [CUSTOMERS] [EVENTS] [RUNS]
# CAMPAIGN=winback_sms (the default, as plan.sh) plans that campaign alone; CAMPAIGN= plans
# every campaign of the examples.
set -euo pipefail
cd "$(dirname "$0")/.."
customers="${1:-1000000}"
events="${2:-10000000}"
runs="${3:-5}"
from="2026-09-01"
to="2026-11-30"
campaign="${CAMPAIGN-winback_sms}"
[ -x /usr/bin/time ] || { echo "diff.sh needs GNU time (/usr/bin/time)" >&2; exit 2; }
source Benchmarks/dataset.sh

head="$(mktemp -d)"
trap 'rm -rf "$head"' EXIT
cp examples/*.campaign "$head/"
perl -0pi -e 's/  wait 30d\n  if not clicked\(survey\) \{/  wait 21d\n  if not clicked(survey) {/' "$head/winback_sms.campaign"
if cmp -s examples/winback_sms.campaign "$head/winback_sms.campaign"; then
  echo "the edit (winback_sms: wait 30d → 21d) no longer applies to examples/winback_sms.campaign" >&2
  exit 2
fi

options=(--customers "$data/customers.csv" --events "$data/events.csv" --from "$from" --to "$to")
[ -z "$campaign" ] || options+=(--campaign "$campaign")
plan_command=("$binary" plan examples "${options[@]}" --format csv)
diff_command=("$binary" diff examples "$head" "${options[@]}")

# One run under GNU time: appends "wall_ms cpu_ms peak_mb" to the array named first; the
# command's output goes to $data/<name>.out, its errors to $data/<name>.err.
measure() {
  local -n into="$1"
  local name="$1"; shift
  /usr/bin/time -f '%e %U %S %M' -o "$data/$name.time" "$@" > "$data/$name.out" 2> "$data/$name.err"
  into+=("$(awk '{ printf "%d %d %d", $1 * 1000, ($2 + $3) * 1000, $4 / 1024 }' "$data/$name.time")")
}

# The median of one column (1 wall, 2 CPU, 3 peak) of an array's runs.
median() {
  local -n rows="$1"
  printf '%s\n' "${rows[@]}" | awk -v c="$2" '{ print $c }' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
column() {
  local -n rows="$1"
  printf '%s\n' "${rows[@]}" | awk -v c="$2" '{ print $c }' | paste -sd ' '
}

"${plan_command[@]}" > /dev/null   # warm the page cache
plan=()
diff=()
for _ in $(seq "$runs"); do
  measure plan "${plan_command[@]}"
  measure diff "${diff_command[@]}"
done
status=0
"${diff_command[@]}" --exit-code > /dev/null 2>&1 || status=$?

plan_wall=$(median plan 1); plan_cpu=$(median plan 2)
diff_wall=$(median diff 1); diff_cpu=$(median diff 2)
ratio() { awk -v d="$1" -v p="$2" 'BEGIN { r = d / (2 * p); printf "%.2f (%s)", r, r <= 1.10 ? "within 1.10" : "OVER 1.10" }'; }

printf '\n%-34s %s\n' "benchmark" "${customers} customers, ${events} events, ${from} to ${to}, campaigns: ${campaign:-all}, $(nproc) cores"
printf '%-34s %s MB of CSV\n' "input" "$(( bytes / 1048576 ))"
printf '%-34s %s\n' "edit (head)" "winback_sms: wait 30d → 21d"
printf '%-34s wall %s ms, CPU %s ms, peak %s MB (wall: %s)\n' "campaign plan, median of $runs" "$plan_wall" "$plan_cpu" "$(median plan 3)" "$(column plan 1)"
printf '%-34s wall %s ms, CPU %s ms, peak %s MB (wall: %s)\n' "campaign diff, median of $runs" "$diff_wall" "$diff_cpu" "$(median diff 3)" "$(column diff 1)"
printf '%-34s wall %s, CPU %s\n' "diff / (2 plans)" "$(ratio "$diff_wall" "$plan_wall")" "$(ratio "$diff_cpu" "$plan_cpu")"
printf '%-34s %s\n' "plan rows" "$(( $(wc -l < "$data/plan.out") - 1 ))"
printf '%-34s exit %s with --exit-code; %s\n' "diff found" "$status" "$(grep -m1 '^winback_sms:' "$data/diff.out" || echo 'no winback_sms line')"
