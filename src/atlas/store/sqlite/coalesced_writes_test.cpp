#include "atlas/store/sqlite/coalesced_writes.h"

#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <string>

#include <gtest/gtest.h>

namespace atlas::store::sqlite {
namespace {

// Beneath a coalescing VFS: the system's files, with their writes to a WAL counted, and refused as
// a full disk would refuse them once `g_wal_budget` bytes have been written.
constexpr const char* kVfs = "atlas-coalescing-over-counting";
sqlite3_vfs* g_system = nullptr;
sqlite3_vfs g_counting;
std::map<const sqlite3_io_methods*, sqlite3_io_methods> g_methods;  // system's → counting copy
std::map<sqlite3_file*, const sqlite3_io_methods*> g_files;         // open file → system's
std::map<sqlite3_file*, bool> g_is_wal;
int g_wal_writes = 0;
long long g_wal_budget = -1;  // -1: no limit

int counting_write(sqlite3_file* f, const void* data, int n, sqlite3_int64 off) {
  if (g_is_wal[f]) {
    ++g_wal_writes;
    if (g_wal_budget >= 0 && g_wal_budget < n) return SQLITE_FULL;
    if (g_wal_budget >= 0) g_wal_budget -= n;
  }
  return g_files[f]->xWrite(f, data, n, off);
}

int counting_close(sqlite3_file* f) {
  const sqlite3_io_methods* system = g_files[f];
  g_files.erase(f);
  g_is_wal.erase(f);
  return system->xClose(f);
}

int counting_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out) {
  int rc = g_system->xOpen(g_system, name, f, flags, out);
  if (rc != SQLITE_OK || !f->pMethods) return rc;
  auto [it, fresh] = g_methods.try_emplace(f->pMethods, *f->pMethods);
  if (fresh) {
    it->second.xWrite = counting_write;
    it->second.xClose = counting_close;
  }
  g_files[f] = f->pMethods;
  g_is_wal[f] = (flags & SQLITE_OPEN_WAL) != 0;
  f->pMethods = &it->second;
  return SQLITE_OK;
}

class CoalescedWritesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (g_system) return;
    g_system = sqlite3_vfs_find(nullptr);
    g_counting = *g_system;
    g_counting.zName = "atlas-counting";
    g_counting.xOpen = counting_open;
    g_counting.pNext = nullptr;
    sqlite3_vfs_register(&g_counting, 0);
    coalescing_vfs_over(&g_counting, kVfs);
  }
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("atlas_coalesced_test_" + std::to_string(getpid()) + ".db");
    remove_files();
    g_wal_writes = 0;
    g_wal_budget = -1;
  }
  void TearDown() override {
    if (db_) sqlite3_close(db_);
    if (reader_) sqlite3_close(reader_);
    remove_files();
  }
  void remove_files() {
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(path_.string() + suffix);
  }

  // Opens the database through the coalescing VFS, in WAL mode with a cache far smaller than a
  // transaction, so that the transaction's pages spill into the WAL before it commits.
  void open() {
    ASSERT_EQ(
        sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, kVfs),
        SQLITE_OK);
    exec(db_,
         "PRAGMA page_size = 8192; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
         "PRAGMA cache_size = 20; PRAGMA wal_autocheckpoint = 0; CREATE TABLE t (x)");
  }
  static int exec(sqlite3* db, const std::string& sql) {
    return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  }
  // 600 rows of 3,000 bytes: about 250 pages.
  static int add_rows(sqlite3* db, int tag) {
    return exec(db,
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600) "
                "INSERT INTO t SELECT " +
                    std::to_string(tag) + " || ':' || i || ':' || hex(zeroblob(1490)) FROM n");
  }
  // What another connection, with the system's own VFS, sees: the rows and their total length.
  std::string seen() {
    if (!reader_) {
      EXPECT_EQ(sqlite3_open_v2(path_.c_str(), &reader_, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    }
    sqlite3_stmt* q = nullptr;
    sqlite3_prepare_v2(reader_, "SELECT count(*), total(length(x)) FROM t", -1, &q, nullptr);
    std::string out = "?";
    if (sqlite3_step(q) == SQLITE_ROW) {
      out = std::to_string(sqlite3_column_int64(q, 0)) + " " +
            std::to_string(static_cast<long long>(sqlite3_column_double(q, 1)));
    }
    sqlite3_finalize(q);
    return out;
  }

  std::filesystem::path path_;
  sqlite3* db_ = nullptr;
  sqlite3* reader_ = nullptr;
};

// 600 rows "1:i:" + 2,980 hex digits: 600 × 2,983 bytes and the digits of 1…600 (9 + 180 + 1,503).
constexpr const char* kOneBatch = "600 1791492";
constexpr const char* kTwoBatches = "1200 3582984";

TEST_F(CoalescedWritesTest, AWalIsWrittenInFewCallsAndACommitIsInTheFileWhenItReturns) {
  open();
  g_wal_writes = 0;
  ASSERT_EQ(exec(db_, "BEGIN"), SQLITE_OK);
  ASSERT_EQ(add_rows(db_, 1), SQLITE_OK);
  ASSERT_EQ(exec(db_, "COMMIT"), SQLITE_OK);
  // SQLite writes a frame in two calls; gathered, about 14 frames go in one.
  auto frames = static_cast<int>((std::filesystem::file_size(path_.string() + "-wal") - 32) / 8216);
  EXPECT_GT(frames, 200);
  EXPECT_LT(g_wal_writes, frames / 4) << frames << " frames";
  // Another connection reads the committed rows from the file as soon as COMMIT returns.
  EXPECT_EQ(seen(), kOneBatch);
}

TEST_F(CoalescedWritesTest, AWriteThatFailsFailsTheTransactionAndKeepsWhatWasCommitted) {
  open();
  ASSERT_EQ(add_rows(db_, 1), SQLITE_OK);
  ASSERT_EQ(seen(), kOneBatch);
  // The disk fills part of the way through the next transaction's 250 pages, or at its commit.
  for (long long budget : {200'000LL, 1'000'000LL, 2'000'000LL}) {
    g_wal_budget = budget;
    ASSERT_EQ(exec(db_, "BEGIN"), SQLITE_OK);
    int added = add_rows(db_, 1);
    int committed = added == SQLITE_OK ? exec(db_, "COMMIT") : added;
    EXPECT_NE(committed, SQLITE_OK) << budget;
    exec(db_, "ROLLBACK");
    EXPECT_EQ(seen(), kOneBatch) << budget;
  }
  g_wal_budget = -1;
  ASSERT_EQ(add_rows(db_, 1), SQLITE_OK);
  EXPECT_EQ(seen(), kTwoBatches);
  EXPECT_EQ(exec(db_, "PRAGMA integrity_check"), SQLITE_OK);
}

}  // namespace
}  // namespace atlas::store::sqlite
