#!/usr/bin/env bash
# Builds Fuzz/out/fuzz-syntax: the CampaignSyntax sources and Fuzz/FuzzEntry.swift as one
# module, with libFuzzer and AddressSanitizer (TOOLCHAIN.md: this works with swiftc here).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p Fuzz/out
sources=$(find Sources/CampaignSyntax -name '*.swift' | sort)
swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name CampaignFuzz \
  $sources Fuzz/FuzzEntry.swift -o Fuzz/out/fuzz-syntax
echo "built Fuzz/out/fuzz-syntax"
