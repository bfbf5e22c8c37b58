#!/usr/bin/env bash
# How `check`, `plan` and `explain` scale with the number of campaigns (issue 12): projects
# of N trivial campaigns over examples/schema.campaign (default 5,000, 20,000 and 50,000),
# planned for 100 customers over October 2026 (release build, median of 3). A quarter of
# the campaigns each: `trigger on purchase`, `trigger once at` a minute of its own,
# `trigger weekly`, `trigger 30d after last(purchase)`; every one with an audience that
# few customers meet and one email. Prints wall time and CPU time (user + system: this VM
# is shared, so the CPU time is the steadier figure) and the CPU time per campaign, which
# stays flat when a command is linear in the campaigns.
#   Benchmarks/campaigns.sh [N ...]
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(5000 20000 50000)
swift build -c release --product campaign >/dev/null
binary="$(swift build -c release --show-bin-path)/campaign"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$binary" gen --customers 100 --events 1000 --seed 3 --out "$work/data" >/dev/null
window=(--customers "$work/data/customers.csv" --events "$work/data/events.csv" --from 2026-10-01 --to 2026-11-01)

project() {
  mkdir -p "$2"
  cp examples/schema.campaign "$2/"
  awk -v n="$1" 'BEGIN {
    print "import \"schema.campaign\"\n"
    for (i = 0; i < n; i++) {
      k = i % 4
      if (k == 0) t = "trigger on purchase"
      else if (k == 1) t = sprintf("trigger once at 2026-10-%02d %02d:%02d", 1 + int(i / 4) % 28, int(i / 112) % 24, int(i / 2688) % 60)
      else if (k == 2) t = "trigger weekly on tuesday at 18:00"
      else t = "trigger 30d after last(purchase)"
      printf "campaign c%d {\n  audience tier == \"pro\"\n  %s\n  send email m {\n    subject \"x\"\n    body \"y\"\n  }\n}\n", i, t
    }
  }' > "$2/many.campaign"
}

# Median of 3 runs of a command: "wall_ms cpu_ms".
measure() {
  local runs=()
  for run in 1 2 3; do
    local start end cpu
    start=$(date +%s%N)
    /usr/bin/time -o "$work/time" -f '%U %S' "$@" >/dev/null 2>&1
    cpu=$(awk '{ printf "%d", ($1 + $2) * 1000 }' "$work/time")
    end=$(date +%s%N)
    runs+=("$(( (end - start) / 1000000 )) $cpu")
  done
  printf '%s\n' "${runs[@]}" | sort -n -k2 | sed -n 2p
}

printf '\n%-10s %-8s %10s %10s %16s\n' "campaigns" "command" "wall ms" "cpu ms" "cpu µs/campaign"
for n in "${sizes[@]}"; do
  project "$n" "$work/p$n"
  for command in check plan explain; do
    case $command in
      check) result=$(measure "$binary" check "$work/p$n") ;;
      plan) result=$(measure "$binary" plan "$work/p$n" "${window[@]}" --format csv) ;;
      explain) result=$(measure "$binary" explain c0000001 "$work/p$n" "${window[@]}") ;;
    esac
    read -r wall cpu <<< "$result"
    printf '%-10s %-8s %10s %10s %16s\n' "$n" "$command" "$wall" "$cpu" "$(awk -v c="$cpu" -v n="$n" 'BEGIN { printf "%.1f", c * 1000 / n }')"
  done
done
