#include "atlas/store/sqlite/coalesced_writes.h"

#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
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
  void open() { ASSERT_EQ(connect(path_.string(), &db_), SQLITE_OK); }
  static int connect(const std::string& path, sqlite3** db) {
    int rc = sqlite3_open_v2(path.c_str(), db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, kVfs);
    if (rc != SQLITE_OK) return rc;
    return exec(*db,
                "PRAGMA page_size = 8192; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
                "PRAGMA cache_size = 20; PRAGMA wal_autocheckpoint = 0; "
                "CREATE TABLE IF NOT EXISTS t (x)");
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
  // The first row of `sql`'s answer, its columns separated by spaces.
  static std::string one_row(sqlite3* db, const char* sql) {
    sqlite3_stmt* q = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &q, nullptr);
    std::string out = "?";
    if (sqlite3_step(q) == SQLITE_ROW) {
      out.clear();
      for (int i = 0; i < sqlite3_column_count(q); ++i) {
        if (i > 0) out += ' ';
        out += reinterpret_cast<const char*>(sqlite3_column_text(q, i));
      }
    }
    sqlite3_finalize(q);
    return out;
  }
  // The rows of t as `db` sees them: their count and total length.
  static std::string rows_in(sqlite3* db) {
    return one_row(db, "SELECT count(*), CAST(total(length(x)) AS INTEGER) FROM t");
  }
  // What another connection, with the system's own VFS, sees.
  std::string seen() {
    if (!reader_) {
      EXPECT_EQ(sqlite3_open_v2(path_.c_str(), &reader_, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    }
    return rows_in(reader_);
  }

  std::filesystem::path path_;
  sqlite3* db_ = nullptr;
  sqlite3* reader_ = nullptr;
};

// 600 rows "1:i:" + 2,980 hex digits: 600 × 2,983 bytes and the digits of 1…600 (9 + 180 + 1,503).
constexpr const char* kOneBatch = "600 1791492";
constexpr const char* kTwoBatches = "1200 3582984";
constexpr const char* kThreeBatches = "1800 5374476";

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
  EXPECT_EQ(one_row(db_, "PRAGMA integrity_check"), "ok");
}

// SQLite reads back a page it spilled into the WAL while the transaction is open, and writes a
// page changed again after it spilled over its frame: both must meet the bytes gathered, not
// what the file held before. The transaction spills 250 pages through a cache of 20, reads
// every row, then changes every row.
TEST_F(CoalescedWritesTest, ATransactionReadsAndRewritesThePagesItSpilled) {
  open();
  ASSERT_EQ(exec(db_, "BEGIN"), SQLITE_OK);
  ASSERT_EQ(add_rows(db_, 1), SQLITE_OK);
  EXPECT_EQ(rows_in(db_), kOneBatch);
  EXPECT_EQ(seen(), "0 0");  // nothing is committed yet
  ASSERT_EQ(exec(db_, "UPDATE t SET x = '7' || substr(x, 2)"), SQLITE_OK);
  EXPECT_EQ(one_row(db_, "SELECT count(*) FROM t WHERE x LIKE '7:%'"), "600");
  ASSERT_EQ(exec(db_, "COMMIT"), SQLITE_OK);
  EXPECT_EQ(seen(), kOneBatch);
  EXPECT_EQ(one_row(reader_, "SELECT count(*) FROM t WHERE x LIKE '7:%'"), "600");
  EXPECT_EQ(one_row(reader_, "PRAGMA integrity_check"), "ok");
}

// A checkpoint empties the WAL (TRUNCATE) or lets the next writer start it again from its header
// (PASSIVE, then a restart over the old frames): the frame size is learnt again from the new
// header, and every commit is whole.
TEST_F(CoalescedWritesTest, AWalCheckpointedAndStartedAgainIsWrittenWhole) {
  open();
  ASSERT_EQ(add_rows(db_, 1), SQLITE_OK);
  EXPECT_EQ(one_row(db_, "PRAGMA wal_checkpoint(PASSIVE)").substr(0, 1), "0");
  ASSERT_EQ(add_rows(db_, 2), SQLITE_OK);
  EXPECT_EQ(seen(), kTwoBatches);
  sqlite3_close(reader_);  // a reader would keep the WAL from being emptied
  reader_ = nullptr;
  EXPECT_EQ(one_row(db_, "PRAGMA wal_checkpoint(TRUNCATE)").substr(0, 1), "0");
  EXPECT_EQ(std::filesystem::file_size(path_.string() + "-wal"), 0u);
  g_wal_writes = 0;
  ASSERT_EQ(add_rows(db_, 3), SQLITE_OK);
  EXPECT_LT(g_wal_writes, 40);  // gathered again: 250 frames would be 500 calls
  EXPECT_EQ(seen(), kThreeBatches);
  EXPECT_EQ(one_row(reader_, "PRAGMA integrity_check"), "ok");
}

// A writer killed part of the way through a transaction, with frames gathered and not yet
// written, leaves the database as its last commit left it, and another can write on
// (tests/cli/test_crash.py does the same to an import).
TEST_F(CoalescedWritesTest, AWriterKilledMidTransactionLeavesWhatItCommitted) {
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    sqlite3* db = nullptr;
    if (connect(path_.string(), &db) != SQLITE_OK || add_rows(db, 1) != SQLITE_OK) ::_exit(2);
    if (exec(db, "BEGIN") != SQLITE_OK || add_rows(db, 2) != SQLITE_OK) ::_exit(3);
    ::kill(::getpid(), SIGKILL);
    ::_exit(4);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the child exited " << WEXITSTATUS(status);
  EXPECT_EQ(seen(), kOneBatch);
  EXPECT_EQ(one_row(reader_, "PRAGMA integrity_check"), "ok");
  open();
  ASSERT_EQ(add_rows(db_, 3), SQLITE_OK);
  EXPECT_EQ(seen(), kTwoBatches);
}

}  // namespace
}  // namespace atlas::store::sqlite
