// What the readers' tests share: files written into a directory of the test's own. ctest runs
// each test in its own process, several at once; two tests writing "bad.csv" into one shared
// temporary directory read each other's bytes now and then (CI saw it on 2026-12-04).
#pragma once
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

namespace atlas::ingest::test_support {

class ScratchFiles : public ::testing::Test {
 protected:
  // `prefix` starts every file's name, so messages name the file as a user would see it.
  explicit ScratchFiles(std::string prefix) : prefix_(std::move(prefix)) {}

  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           (std::string("atlas_") + test->test_suite_name() + "." + test->name() + "." +
            std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // The path of `name` (with the prefix) in this test's directory, not yet written.
  std::string path(const std::string& name) const { return (dir_ / (prefix_ + name)).string(); }

  // Writes `bytes` as `name` and returns its path.
  std::string write(const std::string& name, const std::string& bytes) const {
    auto p = path(name);
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }

 private:
  std::string prefix_;
  std::filesystem::path dir_;
};

}  // namespace atlas::ingest::test_support
