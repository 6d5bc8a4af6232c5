#include "atlas/core/whole_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "atlas/core/error.h"

namespace atlas::core {
namespace {

namespace fs = std::filesystem;

class WholeFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("whole_file_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    path_ = (dir_ / "结果.csv").string();
    std::ofstream(path_) << "before";
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string read() {
    std::ifstream in(path_);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::size_t files() {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir_), {}));
  }
  fs::path dir_;
  std::string path_;
};

TEST_F(WholeFileTest, CommitReplacesTheFile) {
  WholeFile f(path_);
  f.stream() << "after";
  EXPECT_EQ(read(), "before");  // nothing in place until committed
  f.commit();
  EXPECT_EQ(read(), "after");
  EXPECT_EQ(files(), 1u);
}

TEST_F(WholeFileTest, WithoutCommitTheEarlierFileStaysAndNoPartOne) {
  {
    WholeFile f(path_);
    f.stream() << "half";
    f.finish();
  }
  EXPECT_EQ(read(), "before");
  EXPECT_EQ(files(), 1u);
}

TEST_F(WholeFileTest, APipeIsWrittenAsItIs) {
  // A FIFO stands for /dev/stdout and the like: written through, not replaced by a file. The
  // reader is open first (without blocking), so the writer's open succeeds at once.
  std::string fifo = (dir_ / "pipe").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(reader, 0);
  {
    WholeFile f(fifo);
    f.stream() << "through";
    f.commit();
  }
  char buffer[64] = {};
  ssize_t got = ::read(reader, buffer, sizeof buffer);
  ::close(reader);
  EXPECT_EQ(std::string(buffer, got > 0 ? static_cast<std::size_t>(got) : 0), "through");
  EXPECT_TRUE(fs::is_fifo(fifo));
  EXPECT_EQ(files(), 2u);  // the pipe and the earlier file, no part file
}

TEST_F(WholeFileTest, AFileThatCannotBeCreatedNamesItsPath) {
  std::string missing = (dir_ / "no-such-dir" / "x.csv").string();
  try {
    WholeFile f(missing);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().file, missing);
    EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
  }
}

}  // namespace
}  // namespace atlas::core
