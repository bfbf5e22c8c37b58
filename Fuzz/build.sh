#!/usr/bin/env bash
# Builds the libFuzzer targets (all five, or those named: fuzz-syntax fuzz-plan fuzz-csv
# fuzz-ndjson fuzz-rpc) with AddressSanitizer, optimised, into Fuzz/.build/release/. SwiftPM's
# `--sanitize fuzzer` instruments every module of the main package they use, and links
# libFuzzer's `main` (plain `-Xswiftc -sanitize=fuzzer` would build a binary that exits
# at once). AddressSanitizer comes as `-sanitize=fuzzer,address` in one flag: swiftc
# keeps only the last `-sanitize=` it is given, and `--sanitize fuzzer --sanitize
# address` passes two in an order that changes from run to run, so half the builds had
# no coverage. A first build takes several minutes; later ones rebuild what changed.
set -euo pipefail
cd "$(dirname "$0")"
flags=(-c release --sanitize fuzzer -Xswiftc -sanitize=fuzzer,address)
# SwiftPM does not notice a file added to or removed from the main package (a dependency
# here): without its saved build plan it makes a new one (objects are still reused).
rm -f .build/release.yaml .build/*/release/description.json
products=("$@")
if [ ${#products[@]} -eq 0 ]; then
  swift build "${flags[@]}"
  products=(fuzz-syntax fuzz-plan fuzz-csv fuzz-ndjson fuzz-rpc)
else
  for product in "${products[@]}"; do swift build "${flags[@]}" --product "$product"; done
fi
for product in "${products[@]}"; do
  binary=.build/release/$product
  # (grep reads to the end: with -q it would stop early, and pipefail would see SIGPIPE)
  if ! readelf -S "$binary" | grep __sancov_pcs >/dev/null || ! nm "$binary" | grep __asan_init >/dev/null; then
    echo "error: $binary lacks coverage or AddressSanitizer instrumentation" >&2
    exit 1
  fi
done
echo "built into Fuzz/.build/release/: ${products[*]}"
