#!/usr/bin/env bash
# Builds smtpcodec with every warning as an error and runs all tests: unit tests, corpus
# replays of every fuzz target, the CLI contract tests and the install/consumer test.
# Installs missing Debian packages first (tools/deps.sh). Usage: tools/test.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh
build=${1:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSMTPCODEC_WERROR=ON -DSMTPCODEC_FUZZ_LINKMAIN=ON
cmake --build "$build" -j"$(nproc)"
ctest --test-dir "$build" --output-on-failure -j"$(nproc)"
