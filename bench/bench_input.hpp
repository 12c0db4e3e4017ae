// The input of a benchmark: the user's own capture when the named environment variable
// points at a file, otherwise the benchmark's deterministic generated input.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

namespace smtpcodec::bench {

template <class Generate>
std::string load_input(const char* env_var, Generate generate) {
  if (const char* path = std::getenv(env_var)) {
    std::ifstream f(path, std::ios::binary);
    if (!f) {
      std::fprintf(stderr, "%s=%s: cannot read the file\n", env_var, path);
      std::exit(2);
    }
    std::fprintf(stderr, "benchmark input: %s\n", path);
    return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  }
  return generate();
}

}  // namespace smtpcodec::bench
