#!/usr/bin/env bash
# Measures the Ragel code styles on the real parsers: builds the library once per style
# (Release) and runs the command benchmark, both as parse_command() runs (fast lanes first,
# the machine for the rest) and with the machine taking every line. This is how -G2 was
# chosen as the default.
# Usage: bench/ragel_styles.sh [styles...]   (default: -G2 -G1 -G0 -F1 -F0 -T1 -T0)
set -euo pipefail
cd "$(dirname "$0")/.."
styles=("$@")
[ ${#styles[@]} -gt 0 ] || styles=(-G2 -G1 -G0 -F1 -F0 -T1 -T0)
for style in "${styles[@]}"; do
  dir="build-style${style}"
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release -DSMTPCODEC_TESTS=OFF -DSMTPCODEC_TOOLS=OFF \
    -DSMTPCODEC_RAGEL_STYLE="$style" >/dev/null
  cmake --build "$dir" -j"$(nproc)" --target command_bench >/dev/null
  echo "== ragel $style"
  "$dir/bench/command_bench" --benchmark_filter='BM_ParseCommands$|MachineOnly' --benchmark_min_time=0.3 2>/dev/null |
    grep BM_
done
