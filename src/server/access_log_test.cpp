#include "server/access_log.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "atlas/core/error.h"

namespace atlas::server {
namespace {

// What the line was before it was written by hand: the object, dumped.
std::string as_nlohmann_writes_it(const AccessEntry& e) {
  nlohmann::ordered_json line = {
      {"time", e.time},
      {"request_id", e.request_id},
      {"account", e.account.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(e.account)},
      {"method", e.method},
      {"path", e.path},
      {"status", e.status},
      {"duration_ms", e.duration_ms}};
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

TEST(AccessLine, TheBytesOfTheObjectDumpedWhateverThePathAndAccount) {
  const std::string invalid_utf8 = "/api/v1/\xff\xfe/x";
  for (AccessEntry e : {
           AccessEntry{"2026-12-04T20:00:00Z", "AbC-_0123456789xy", "", "GET", "/healthz", 200, 0},
           AccessEntry{"2026-12-04T20:00:00Z", "id", "湖北-office", "POST", "/api/v1/session", 401,
                       12.3},
           AccessEntry{"t", "id", "a\"b\\c", "GET", "/api/v1/clusters/42/\"quoted\"", 404, 0.1},
           AccessEntry{"t", "id", "x", "GET", "/tab\there/\x01\x1f\x7f", 400, 1234567.8},
           AccessEntry{"t", "", "", "", invalid_utf8, 400, 5},
       }) {
    EXPECT_EQ(access_line(e), as_nlohmann_writes_it(e)) << e.path;
  }
}

class AccessLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("atlas_access_log_test_" + std::to_string(getpid()) + ".jsonl");
    std::filesystem::remove(path_);
  }
  void TearDown() override { std::filesystem::remove(path_); }
  std::vector<std::string> lines() {
    std::ifstream in(path_);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }
  std::filesystem::path path_;
};

TEST_F(AccessLogTest, EveryLineIsWrittenWholeAndInOrderOnceFinished) {
  constexpr int kThreads = 4, kLines = 5000;
  AccessLog log(path_.string());
  std::vector<std::thread> workers;
  for (int t = 0; t < kThreads; ++t) {
    workers.emplace_back([&log, t] {
      for (int i = 0; i < kLines; ++i) {
        log.write("{\"worker\":" + std::to_string(t) + ",\"n\":" + std::to_string(i) + "}");
      }
    });
  }
  for (auto& w : workers) w.join();
  log.finish();
  auto written = lines();
  ASSERT_EQ(written.size(), static_cast<std::size_t>(kThreads * kLines));
  std::map<int, int> next;  // each worker's lines in the order it wrote them
  for (const auto& line : written) {
    int worker = -1, n = -1;
    ASSERT_EQ(std::sscanf(line.c_str(), "{\"worker\":%d,\"n\":%d}", &worker, &n), 2) << line;
    EXPECT_EQ(n, next[worker]++) << line;
  }
}

TEST_F(AccessLogTest, ALineAfterFinishIsWrittenAtOnceAfterTheOthers) {
  AccessLog log(path_.string());
  log.write("first");
  log.finish();
  log.write("after");
  EXPECT_EQ(lines(), (std::vector<std::string>{"first", "after"}));
}

TEST_F(AccessLogTest, TheDestructorWritesWhatIsKeptAndAnExistingLogIsAppendedTo) {
  { std::ofstream(path_) << "earlier\n"; }
  { AccessLog(path_.string()).write("kept"); }
  EXPECT_EQ(lines(), (std::vector<std::string>{"earlier", "kept"}));
}

TEST_F(AccessLogTest, AFileThatCannotBeOpenedIsRefused) {
  EXPECT_THROW(AccessLog((path_ / "no-such-dir" / "x").string()), Error);
}

}  // namespace
}  // namespace atlas::server
