// Runs the built `smtpcodec` CLI with given arguments and stdin bytes, for the tests that
// pin its public contract (JSON lines, exit codes, stderr messages).
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

namespace smtpcodec::testing {

struct cli_result {
  std::string out;   ///< stdout
  std::string err;   ///< stderr
  int status = -1;   ///< exit status, -1 if it did not exit normally
};

inline std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

/// Runs `smtpcodec <args>` with `input` on stdin.
inline cli_result run_cli(const std::string& args, const std::string& input) {
  // ctest runs tests as parallel processes: the pid keeps their scratch files apart.
  static int serial = 0;
  const std::string base = ::testing::TempDir() + "smtpcodec_cli_" + std::to_string(::getpid()) + "_" +
                           std::to_string(++serial);
  {
    std::ofstream f(base + ".in", std::ios::binary);
    f << input;
  }
  const std::string cmd =
      std::string(SMTPCODEC_CLI_PATH) + " " + args + " < " + base + ".in 2> " + base + ".err";
  cli_result r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  r.err = read_file(base + ".err");
  std::remove((base + ".in").c_str());
  std::remove((base + ".err").c_str());
  return r;
}

/// Fixture base: skips when the CLI was not built (SMTPCODEC_TOOLS=OFF).
class cli_test : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::string(SMTPCODEC_CLI_PATH).empty()) GTEST_SKIP() << "CLI not built (SMTPCODEC_TOOLS=OFF)";
  }
};

}  // namespace smtpcodec::testing
