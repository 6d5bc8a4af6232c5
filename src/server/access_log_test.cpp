#include "server/access_log.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "atlas/core/error.h"

namespace atlas::server {
namespace {

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
