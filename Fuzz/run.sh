#!/usr/bin/env bash
# Fuzz/run.sh TARGET [SECONDS]: runs one libFuzzer target (fuzz-syntax, fuzz-plan,
# fuzz-csv, fuzz-ndjson, fuzz-rpc) for SECONDS (default 600), building it first if needed. The
# corpus grows in Fuzz/corpus/TARGET across runs; crashers land in Fuzz/out/ as
# TARGET-crash-*; the whole log in Fuzz/out/TARGET.log. Both folders are git-ignored.
# Reproduce a crasher: Fuzz/.build/release/TARGET Fuzz/out/TARGET-crash-…
set -euo pipefail
cd "$(dirname "$0")"
target="${1:?usage: Fuzz/run.sh fuzz-syntax|fuzz-plan|fuzz-csv|fuzz-ndjson|fuzz-rpc [SECONDS]}"
seconds="${2:-600}"
case "$target" in
  fuzz-syntax|fuzz-plan) dict=campaign.dict ;;
  fuzz-csv|fuzz-ndjson) dict=data.dict ;;
  fuzz-rpc) dict=rpc.dict ;;
  *) echo "unknown target '$target'" >&2; exit 2 ;;
esac
binary=.build/release/$target
[ -x "$binary" ] || ./build.sh "$target"
corpus=corpus/$target
seeds=out/seeds/$target
mkdir -p "$corpus" out
rm -rf "$seeds"
# Without the Swift backtracer a crash cannot leave a child holding the output pipe.
export SWIFT_BACKTRACE=enable=no
# Swift keeps pointers in enum payloads' spare bits, where LeakSanitizer cannot see
# them: its reports are false, so leak detection is off.
export ASAN_OPTIONS=detect_leaks=0
# The target writes its own seeds (FuzzSeeds) when asked.
FUZZ_WRITE_SEEDS="$seeds" "$binary"
log=out/$target.log
set +e
"$binary" -max_total_time="$seconds" -max_len=8192 -timeout=30 -rss_limit_mb=4096 -detect_leaks=0 -print_final_stats=1 \
  -artifact_prefix="out/$target-" -dict="$dict" "$corpus" "$seeds" >"$log" 2>&1
status=$?
set -e
grep -E "INITED|DONE|Done [0-9]+ runs|stat::|ERROR|SUMMARY|Fatal error|Test unit written" "$log" | tail -n 20
echo "corpus: $(ls "$corpus" | wc -l) files in Fuzz/$corpus"
crashers=$(find out -maxdepth 1 \( -name "$target-crash-*" -o -name "$target-timeout-*" -o -name "$target-oom-*" \) | sort)
if [ -n "$crashers" ]; then
  echo "$crashers"
  echo "crashers above (this run's and earlier ones): minimise ($binary -minimize_crash=1 -runs=20000 FILE), fix, keep each as a regression test"
else
  echo "no crashers"
fi
exit $status
