#!/usr/bin/env bash
# Builds the smtpcodec CLI and decodes a bundled sample SMTP session, as the server would
# see it: one JSON line per command, or the reply the server would send.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
cmake --build build -j"$(nproc)" --target smtpcodec_cli >&2
echo "== smtpcodec decode --role server < examples/sample_session.txt" >&2
build/tools/smtpcodec decode --role server < examples/sample_session.txt
