#!/usr/bin/env bash
# Installs the Debian 12 packages smtpcodec builds, tests, fuzzes and benchmarks with.
# Idempotent: does nothing when everything is present. Needs root (or sudo) otherwise.
set -euo pipefail
need=(cmake g++ make ragel pkg-config libidn2-dev libgtest-dev libgmock-dev libbenchmark-dev
      clang-14 libclang-rt-14-dev llvm-14 python3)
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "smtpcodec: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
