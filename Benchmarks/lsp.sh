#!/usr/bin/env bash
# Time from a `didChange` to its `publishDiagnostics` in `campaign lsp` (issue 17), with a
# release build: a 20-file project written into Benchmarks/out/lsp/ (one 400-line file
# typed into, one character per change, 200 changes by default), median, p95 and maximum.
# Target: p95 under 30 ms. Benchmarks/lsp_latency.py is the client (standard library
# only) and says what it sends; the server's standard error goes to
# Benchmarks/out/lsp-server.log.
#   Benchmarks/lsp.sh [CHANGES]
# CAMPAIGN=/path/to/campaign skips the release build and times that binary instead (a
# debug build shows the script works; its figures are not the benchmark's).
set -euo pipefail
cd "$(dirname "$0")/.."
changes="${1:-200}"
binary="${CAMPAIGN:-}"
if [ -z "$binary" ]; then
  swift build -c release --product campaign >/dev/null
  binary="$(swift build -c release --show-bin-path)/campaign"
fi
mkdir -p Benchmarks/out
python3 Benchmarks/lsp_latency.py --binary "$binary" --out Benchmarks/out/lsp --changes "$changes"
