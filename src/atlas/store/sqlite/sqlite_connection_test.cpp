// The statement layer's contract (sql/connection.h) on SQLite: what the store relies on of any
// driver. A second driver's test asks the same of it.
#include "atlas/store/sqlite/sqlite_connection.h"

#include <gtest/gtest.h>

namespace atlas::store::sqlite {
namespace {

class SqliteConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INTEGER, x REAL, b BLOB)");
  }
  std::int64_t count(const std::string& where) {
    auto& q = c_.prepared("SELECT count(*) FROM t WHERE " + where);
    q.executeStep();
    const auto n = q.getColumn(0).getInt64();
    q.reset();
    return n;
  }

  SQLite::Database db_{":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE};
  SqliteConnection c_{db_};
};

TEST_F(SqliteConnectionTest, IdsComeFromReturningAndChangedRowsFromExec) {
  auto& insert = c_.prepared("INSERT INTO t (name) VALUES (?) RETURNING id");
  insert.bind(1, "a");
  EXPECT_EQ(insert.returning_id(), 1);
  auto& again = c_.prepared("INSERT INTO t (name) VALUES (?) RETURNING id");
  again.bind(1, "b");
  EXPECT_EQ(again.returning_id(), 2);
  auto& update = c_.prepared("UPDATE t SET n = ? WHERE id >= ?");
  update.bind(1, 7);
  update.bind(2, std::int64_t{1});
  EXPECT_EQ(update.exec(), 2);
  EXPECT_EQ(c_.exec("DELETE FROM t WHERE id = 2"), 1);
  // The finished INSERT does not keep the transaction from committing.
  c_.begin_write();
  c_.prepared("INSERT INTO t (name) VALUES ('c') RETURNING id").returning_id();
  c_.commit();
  EXPECT_EQ(count("name = 'c'"), 1);
}

TEST_F(SqliteConnectionTest, AParameterNeverBoundIsNullAndEachUseStartsUnbound) {
  const std::string sql = "INSERT INTO t (name, n) VALUES (?1, ?2) RETURNING id";
  auto& q = c_.prepared(sql);
  q.bind(1, "a");
  q.bind(2, 5);
  q.returning_id();
  c_.prepared(sql).returning_id();  // nothing bound: both NULL, not the last values
  EXPECT_EQ(count("name IS NULL AND n IS NULL"), 1);
  // reset() keeps the bindings.
  auto& r = c_.prepared(sql);
  r.bind(1, "kept");
  r.returning_id();  // resets
  r.returning_id();
  EXPECT_EQ(count("name = 'kept'"), 2);
}

TEST_F(SqliteConnectionTest, ReadsEachTypeAndNullAsZeroOrEmpty) {
  const char blob[] = {'\x00', '\xff', 'z'};
  auto& q = c_.prepared("INSERT INTO t (name, n, x, b) VALUES (?, ?, ?, ?)");
  q.bind(1, std::string("名称"));
  q.bind(2, std::int64_t{1} << 40);
  q.bind(3, 2.5);
  q.bind(4, blob, 3);
  q.exec();
  c_.prepared("INSERT INTO t (name) VALUES (NULL)").exec();
  auto& s = c_.prepared("SELECT name, n, x, b, 7 / 2.0 FROM t ORDER BY id");
  ASSERT_TRUE(s.executeStep());
  EXPECT_EQ(s.getColumn(0).getString(), "名称");
  EXPECT_EQ(s.getColumn(1).getInt64(), std::int64_t{1} << 40);
  EXPECT_EQ(s.getColumn(2).getDouble(), 2.5);
  EXPECT_EQ(s.getColumn(3).getBlob(), std::string(blob, 3));
  EXPECT_TRUE(s.getColumn(2).isFloat());
  EXPECT_TRUE(s.getColumn(4).isFloat());
  EXPECT_FALSE(s.getColumn(1).isFloat());
  EXPECT_EQ(s.getColumn(2).getString(), "2.5");  // a number reads as its text
  ASSERT_TRUE(s.executeStep());
  EXPECT_TRUE(s.getColumn(0).isNull());
  EXPECT_TRUE(s.isColumnNull(1));
  EXPECT_EQ(s.getColumn(0).getString(), "");
  EXPECT_EQ(s.getColumn(1).getInt(), 0);
  EXPECT_EQ(s.getColumn(2).getDouble(), 0.0);
  EXPECT_FALSE(s.executeStep());
}

TEST_F(SqliteConnectionTest, TwoStatementsOfOneTextStepInTurn) {
  c_.exec("INSERT INTO t (n) VALUES (1), (2), (3)");
  auto a = c_.statement("SELECT n FROM t ORDER BY n", sql::Rows::kMany);
  auto b = c_.statement("SELECT n FROM t ORDER BY n", sql::Rows::kMany);
  ASSERT_TRUE(a->executeStep());
  ASSERT_TRUE(b->executeStep());
  ASSERT_TRUE(b->executeStep());
  EXPECT_EQ(a->getColumn(0).getInt(), 1);
  EXPECT_EQ(b->getColumn(0).getInt(), 2);
}

TEST_F(SqliteConnectionTest, ASavepointUndoesItsPartAlone) {
  c_.begin_write();
  c_.exec("INSERT INTO t (name) VALUES ('kept')");
  c_.savepoint("inner");
  c_.exec("INSERT INTO t (name) VALUES ('undone')");
  c_.rollback_to("inner");
  c_.savepoint("inner");
  c_.exec("INSERT INTO t (name) VALUES ('released')");
  c_.release("inner");
  c_.commit();
  EXPECT_EQ(count("name = 'kept'"), 1);
  EXPECT_EQ(count("name = 'undone'"), 0);
  EXPECT_EQ(count("name = 'released'"), 1);
  c_.begin_write();
  c_.exec("INSERT INTO t (name) VALUES ('rolled back')");
  c_.rollback();
  EXPECT_EQ(count("name = 'rolled back'"), 0);
}

TEST_F(SqliteConnectionTest, DeferredForeignKeysAreCheckedAtCommit) {
  db_.exec("PRAGMA foreign_keys = ON");
  c_.exec("CREATE TABLE node (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES node (id))");
  c_.begin_write();
  c_.defer_foreign_keys();
  c_.exec("INSERT INTO node VALUES (2, 1)");  // its parent comes next
  c_.exec("INSERT INTO node VALUES (1, NULL)");
  c_.commit();
  c_.begin_write();
  EXPECT_THROW(c_.exec("INSERT INTO node VALUES (3, 9)"), sql::Exception);  // checked now again
  c_.rollback();
}

TEST_F(SqliteConnectionTest, FailuresCarryTheDatabasesMessage) {
  try {
    c_.prepared("SELECT missing FROM t");
    FAIL() << "prepared a statement naming a missing column";
  } catch (const sql::Exception& e) {
    EXPECT_NE(std::string(e.what()).find("no such column: missing"), std::string::npos) << e.what();
  }
  c_.exec("CREATE TABLE u (k TEXT UNIQUE)");
  c_.exec("INSERT INTO u VALUES ('a')");
  auto& q = c_.prepared("INSERT INTO u VALUES (?)");
  q.bind(1, "a");
  try {
    q.exec();
    FAIL() << "inserted a duplicate";
  } catch (const sql::Exception& e) {
    EXPECT_NE(std::string(e.what()).find("UNIQUE constraint failed: u.k"), std::string::npos)
        << e.what();
  }
}

// The store keeps its statements: one whose step failed (a duplicate, a rule's trigger) is taken
// again by the next caller, which must get its own result, not the old failure.
TEST_F(SqliteConnectionTest, ACachedStatementThatFailedRunsAgainOnItsNextUse) {
  c_.exec("CREATE TABLE u (k TEXT UNIQUE)");
  c_.exec("INSERT INTO u VALUES ('a')");
  const std::string sql = "INSERT INTO u VALUES (?)";
  auto& q = c_.prepared(sql);
  q.bind(1, "a");
  EXPECT_THROW(q.exec(), sql::Exception);
  auto& again = c_.prepared(sql);
  again.bind(1, "b");
  EXPECT_EQ(again.exec(), 1);
  auto& count = c_.prepared("SELECT count(*) FROM u");
  ASSERT_TRUE(count.executeStep());
  EXPECT_EQ(count.getColumn(0).getInt(), 2);
}

TEST_F(SqliteConnectionTest, ContainsFindsAPartOfText) {
  c_.exec("INSERT INTO t (name) VALUES ('武汉光谷集成电路集群'), ('襄阳新能源汽车集群')");
  auto& q = c_.prepared("SELECT count(*) FROM t WHERE " + c_.contains("name", "?1"));
  q.bind(1, "光谷");
  q.executeStep();
  EXPECT_EQ(q.getColumn(0).getInt(), 1);
  auto& all = c_.prepared("SELECT count(*) FROM t WHERE " + c_.contains("name", "?1"));
  all.bind(1, "集群");
  all.executeStep();
  EXPECT_EQ(all.getColumn(0).getInt(), 2);
}

}  // namespace
}  // namespace atlas::store::sqlite
