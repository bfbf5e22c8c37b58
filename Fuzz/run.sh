#!/usr/bin/env bash
# Runs the syntax fuzzer for SECONDS (default 600), seeded from examples/ and the test
# fixtures. New crashers land in Fuzz/out/; copy each into
# Tests/CampaignSyntaxTests/Fixtures/errors (or format/) as a regression fixture.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
[ -x Fuzz/out/fuzz-syntax ] || Fuzz/build.sh
corpus=Fuzz/corpus-run
mkdir -p "$corpus"
cp examples/*.campaign Tests/CampaignSyntaxTests/Fixtures/errors/*.campaign Tests/CampaignSyntaxTests/Fixtures/format/*.campaign "$corpus"/ 2>/dev/null || true
SWIFT_BACKTRACE=enable=no ./Fuzz/out/fuzz-syntax -max_total_time="$seconds" -max_len=8192 \
  -artifact_prefix=Fuzz/out/ -dict=Fuzz/campaign.dict "$corpus" 2>&1 \
  | grep -E "INITED|DONE|pulse|NEW_FUNC|ERROR|SUMMARY|Done [0-9]+ runs|crash-|Test unit written" | tail -n 40
ls Fuzz/out/crash-* 2>/dev/null && echo "crashers above: keep each as a regression fixture" || echo "no crashers"
