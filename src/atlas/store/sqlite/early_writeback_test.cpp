#include "atlas/store/sqlite/early_writeback.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

namespace atlas::store::sqlite {
namespace {

// Only a hint: it creates no file, changes no byte, and stops promptly when the change is over.
TEST(EarlyWriteback, HintsWithoutCreatingOrChangingFiles) {
  auto dir = std::filesystem::temp_directory_path() /
             ("atlas_early_writeback_test_" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto db = (dir / "atlas.db").string();
  std::ofstream(db, std::ios::binary) << "eight KiB of pages, in short";  // no WAL file yet
  auto start = std::chrono::steady_clock::now();
  {
    EarlyWriteback writeback(db);
    std::this_thread::sleep_for(std::chrono::milliseconds(120));  // two or three hints
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_FALSE(std::filesystem::exists(db + "-wal"));
  std::ifstream in(db, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "eight KiB of pages, in short");
  std::filesystem::remove_all(dir);
}

// Whether another process sees a read lock on the byte range where SQLite's connections hold
// their SHARED lock of the database file (PENDING_BYTE + 2, 510 bytes: os_unix.c). A lock of
// this process is visible only from another one, so a child asks the kernel.
bool another_process_sees_a_shared_lock(const std::string& path) {
  pid_t child = fork();
  if (child == 0) {
    int fd = ::open(path.c_str(), O_RDONLY);
    struct flock lock = {};
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    lock.l_start = 0x40000000 + 2;
    lock.l_len = 510;
    bool held = fd >= 0 && ::fcntl(fd, F_GETLK, &lock) == 0 && lock.l_type == F_RDLCK;
    _exit(held ? 0 : 1);
  }
  int status = 0;
  waitpid(child, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// Closing a descriptor of a file drops every POSIX lock the process holds on it: the hints must
// leave the locks of the process's connections in place (a server's workers share the file).
TEST(EarlyWriteback, LeavesTheLocksOfTheProcesssConnections) {
  auto dir = std::filesystem::temp_directory_path() /
             ("atlas_early_writeback_locks_" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto path = (dir / "atlas.db").string();
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA journal_mode = WAL; CREATE TABLE t (x); INSERT INTO t VALUES (1)");
    // A WAL connection holds its SHARED lock while it reads.
    db.exec("BEGIN");
    SQLite::Statement read(db, "SELECT x FROM t");
    ASSERT_TRUE(read.executeStep());
    ASSERT_TRUE(another_process_sees_a_shared_lock(path));
    for (int i = 0; i < 2; ++i) {  // a second import reuses what the first opened
      EarlyWriteback writeback(path);
      std::this_thread::sleep_for(std::chrono::milliseconds(120));  // the file is opened
    }
    EXPECT_TRUE(another_process_sees_a_shared_lock(path));
    read.reset();
    db.exec("COMMIT");
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace atlas::store::sqlite
