#!/bin/bash -eux
# The whole OSS-Fuzz build (run by the project's build.sh under `bash -eux`). Uses $CC,
# $CXX, $CFLAGS, $CXXFLAGS, $LIB_FUZZING_ENGINE, $SRC and $OUT from the OSS-Fuzz
# environment; needs `apt-get install ragel libidn2-dev pkg-config` in the Dockerfile.
cd "$(dirname "$0")/.."
build="${WORK:-/tmp}/smtpcodec-ossfuzz"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_SHARED_LIBS=OFF \
  -DSMTPCODEC_FUZZ=ON -DSMTPCODEC_TESTS=OFF -DSMTPCODEC_BENCH=OFF -DSMTPCODEC_TOOLS=OFF \
  -DSMTPCODEC_INSTALL=OFF -DSMTPCODEC_RAGEL_STYLE=-G2
cmake --build "$build" -j"$(nproc)"
for bin in "$build"/fuzz/fuzz_*; do
  [ -x "$bin" ] || continue
  name=$(basename "$bin")
  cp "$bin" "$OUT/$name"
  cp fuzz/smtp.dict "$OUT/$name.dict"
  if [ -f "fuzz/$name.options" ]; then
    cp "fuzz/$name.options" "$OUT/$name.options"
  else
    printf '[libfuzzer]\ndict = %s.dict\nmax_len = 8192\n' "$name" > "$OUT/$name.options"
  fi
  if [ -d "corpus/$name" ]; then
    (cd "corpus/$name" && zip -q -r "$OUT/${name}_seed_corpus.zip" .)
  fi
done
