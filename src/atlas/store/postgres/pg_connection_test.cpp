// The libpq driver against a real, private PostgreSQL server: one per test binary, started by
// the first test that needs it (so that a run of other tests never starts one), each test in a
// database of its own.
#include "atlas/store/postgres/pg_connection.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "atlas/store/backend_test_support.h"

namespace atlas::store::postgres {
namespace {

using test_support::PgServer;

class PgConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static int databases = 0;
    db_ = fmt::format("driver_{}", ++databases);
    PgConnection(PgServer::get().uri()).exec("CREATE DATABASE " + db_);
    uri_ = PgServer::uri_of(db_);
  }
  void TearDown() override {
    PgConnection(PgServer::get().uri()).exec("DROP DATABASE IF EXISTS " + db_ + " WITH (FORCE)");
  }

  // The first column of the first row of `sql`, as text.
  static std::string text(sql::Connection& c, const std::string& sql) {
    auto q = c.statement(sql);
    if (!q->executeStep()) return "(no row)";
    return q->getColumn(0).getString();
  }

  std::string db_;
  std::string uri_;
};

TEST_F(PgConnectionTest, PlaceholdersAreNumberedAsSQLiteNumbersThem) {
  PgConnection c(uri_);
  // ?2 → $2; ? → $3; the '?' in quotes stays; ? → $4; ?1 → $1.
  auto& q = c.prepared(
      "SELECT CAST(?2 AS text), CAST(? AS text), '?' || CAST(? AS text), CAST(?1 AS text)");
  q.bind(1, "a");
  q.bind(2, "b");
  q.bind(3, "c");
  q.bind(4, "d");
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getString(), "b");
  EXPECT_EQ(q.getColumn(1).getString(), "c");
  EXPECT_EQ(q.getColumn(2).getString(), "?d");
  EXPECT_EQ(q.getColumn(3).getString(), "a");
  EXPECT_FALSE(q.executeStep());

  // `?` after `?3` is ?4; ?1 and ?2 appear nowhere, yet the statement prepares.
  auto& after = c.prepared("SELECT CAST(?3 AS text), CAST(? AS text)");
  after.bind(3, "x");
  after.bind(4, "y");
  ASSERT_TRUE(after.executeStep());
  EXPECT_EQ(after.getColumn(0).getString(), "x");
  EXPECT_EQ(after.getColumn(1).getString(), "y");
  EXPECT_THROW(after.bind(5, "z"), sql::Exception);
}

TEST_F(PgConnectionTest, AParameterNeverBoundIsNullAndNullReadsAsZeroOrEmpty) {
  PgConnection c(uri_);
  const std::string sql = "SELECT CAST(?1 AS bigint) IS NULL, CAST(?2 AS text), CAST(?3 AS float8)";
  auto& q = c.prepared(sql);
  q.bind(1, std::int64_t{7});
  q.bind(2, "set");
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getInt(), 0);
  EXPECT_EQ(q.getColumn(1).getString(), "set");
  EXPECT_TRUE(q.getColumn(2).isNull());
  EXPECT_EQ(q.getColumn(2).getDouble(), 0.0);

  // The kept statement again: every binding is gone.
  auto& again = c.prepared(sql);
  ASSERT_TRUE(again.executeStep());
  EXPECT_EQ(again.getColumn(0).getInt(), 1);
  EXPECT_TRUE(again.isColumnNull(1));
  EXPECT_EQ(again.getColumn(1).getString(), "");
  EXPECT_EQ(again.getColumn(1).getInt64(), 0);
}

TEST_F(PgConnectionTest, Int64ExtremesRoundTrip) {
  PgConnection c(uri_);
  c.exec("CREATE TABLE t (k bigint, v bigint)");
  const std::int64_t values[] = {INT64_C(-9223372036854775807) - 1, -1, 0,
                                 INT64_C(9223372036854775807)};
  for (std::int64_t k = 0; k < 4; ++k) {
    auto& insert = c.prepared("INSERT INTO t VALUES (?, ?)");
    insert.bind(1, k);
    insert.bind(2, values[k]);
    EXPECT_EQ(insert.exec(), 1);
  }
  auto q = c.statement("SELECT v, v::text FROM t ORDER BY k");
  const char* texts[] = {"-9223372036854775808", "-1", "0", "9223372036854775807"};
  for (int k = 0; k < 4; ++k) {
    ASSERT_TRUE(q->executeStep());
    EXPECT_EQ(q->getColumn(0).getInt64(), values[k]);
    EXPECT_EQ(q->getColumn(1).getString(), texts[k]);
    EXPECT_FALSE(q->getColumn(0).isFloat());
  }
}

TEST_F(PgConnectionTest, DoublesRoundTripExactlyAndNaNIsStoredAsNull) {
  PgConnection c(uri_);
  c.exec("CREATE TABLE t (k bigint, v double precision)");
  const double values[] = {
      0.1 + 0.2, 1e308, -0.0, 4.9406564584124654e-324, 2.2250738585072009e-308, std::nan("")};
  for (std::int64_t k = 0; k < 6; ++k) {
    auto& insert = c.prepared("INSERT INTO t VALUES (?, ?)");
    insert.bind(1, k);
    insert.bind(2, values[k]);
    insert.exec();
  }
  auto q = c.statement("SELECT v, v::text FROM t ORDER BY k");
  // The server's own text of each, PostgreSQL 15 writing the shortest exact form.
  const char* texts[] = {"0.30000000000000004", "1e+308", "-0", "5e-324", "2.225073858507201e-308"};
  for (int k = 0; k < 5; ++k) {
    ASSERT_TRUE(q->executeStep());
    const double read = q->getColumn(0).getDouble();
    EXPECT_EQ(std::memcmp(&read, &values[k], sizeof read), 0) << k << ": " << read;
    EXPECT_EQ(q->getColumn(1).getString(), texts[k]);
    EXPECT_TRUE(q->getColumn(0).isFloat());
  }
  EXPECT_EQ(0.1 + 0.2, 0.30000000000000004);
  EXPECT_TRUE(std::signbit(values[2]));
  ASSERT_TRUE(q->executeStep());
  EXPECT_TRUE(q->getColumn(0).isNull());  // the NaN
  EXPECT_FALSE(q->getColumn(0).isFloat());
  EXPECT_FALSE(q->executeStep());
}

TEST_F(PgConnectionTest, TextKeepsCjkAndEmojiAndEmptyIsNotNull) {
  PgConnection c(uri_);
  c.exec("CREATE TABLE t (k bigint, v text)");
  // 7 Han characters, a space, a rocket, and a scientist (woman, ZWJ, microscope: 3 code points).
  const std::string cjk = "创新型产业集群 🚀👩‍🔬";
  auto& insert = c.prepared("INSERT INTO t VALUES (?, ?)");
  insert.bind(1, 1);
  insert.bind(2, cjk);
  insert.exec();
  c.exec("INSERT INTO t VALUES (2, ''), (3, NULL)");
  auto q = c.statement("SELECT v, length(v), octet_length(v), v IS NULL FROM t ORDER BY k");
  ASSERT_TRUE(q->executeStep());
  EXPECT_EQ(q->getColumn(0).getString(), cjk);
  EXPECT_EQ(q->getColumn(1).getInt(), 12);
  EXPECT_EQ(q->getColumn(2).getInt(), 7 * 3 + 1 + 4 + (4 + 3 + 4));
  ASSERT_TRUE(q->executeStep());
  EXPECT_FALSE(q->getColumn(0).isNull());
  EXPECT_EQ(q->getColumn(0).getString(), "");
  EXPECT_EQ(q->getColumn(3).getInt(), 0);
  ASSERT_TRUE(q->executeStep());
  EXPECT_TRUE(q->getColumn(0).isNull());
  EXPECT_EQ(q->getColumn(0).getString(), "");
  EXPECT_EQ(q->getColumn(3).getInt(), 1);
}

TEST_F(PgConnectionTest, ByteaKeepsZeroBytes) {
  PgConnection c(uri_);
  c.exec("CREATE TABLE t (b bytea)");
  const char bytes[] = {'a', '\0', 'b', '\xff', '\0'};
  auto& insert = c.prepared("INSERT INTO t VALUES (?)");
  insert.bind(1, bytes, 5);
  insert.exec();
  auto q = c.statement("SELECT b, octet_length(b), b = '\\x610062ff00'::bytea FROM t");
  ASSERT_TRUE(q->executeStep());
  EXPECT_EQ(q->getColumn(0).getBlob(), std::string(bytes, 5));
  EXPECT_EQ(q->getColumn(1).getInt(), 5);
  EXPECT_EQ(q->getColumn(2).getInt(), 1);
}

TEST_F(PgConnectionTest, ANumericSumOfBigintsReadsAsAnExactInteger) {
  PgConnection c(uri_);
  c.exec("CREATE TABLE t (v bigint)");
  // 2^53 + 1: a double cannot hold it, so only an integer reading gets it right.
  c.exec("INSERT INTO t VALUES (9007199254740992), (1)");
  auto q = c.statement("SELECT sum(v), pg_typeof(sum(v))::text, sum(v) / 2 FROM t");
  ASSERT_TRUE(q->executeStep());
  EXPECT_EQ(q->getColumn(1).getString(), "numeric");
  EXPECT_EQ(q->getColumn(0).getInt64(), INT64_C(9007199254740993));
  EXPECT_EQ(q->getColumn(0).getString(), "9007199254740993");
  EXPECT_FALSE(q->getColumn(0).isFloat());
  // 9007199254740993 / 2 = 4503599627370496.5: a fraction, so a float; as an integer, truncated.
  EXPECT_TRUE(q->getColumn(2).isFloat());
  EXPECT_EQ(q->getColumn(2).getInt64(), INT64_C(4503599627370496));
}

TEST_F(PgConnectionTest, BooleansReadAsOneAndZero) {
  PgConnection c(uri_);
  auto q = c.statement("SELECT 1 = 1, 1 = 2, NULL::boolean");
  ASSERT_TRUE(q->executeStep());
  EXPECT_EQ(q->getColumn(0).getInt(), 1);
  EXPECT_EQ(q->getColumn(0).getInt64(), 1);
  EXPECT_EQ(q->getColumn(0).getString(), "1");
  EXPECT_EQ(q->getColumn(0).getDouble(), 1.0);
  EXPECT_EQ(q->getColumn(1).getInt(), 0);
  EXPECT_EQ(q->getColumn(1).getString(), "0");
  EXPECT_TRUE(q->getColumn(2).isNull());
  EXPECT_EQ(q->getColumn(2).getInt(), 0);
}

TEST_F(PgConnectionTest, ReturningIdGivesEachNewId) {
  PgConnection c(uri_);
  c.exec("CREATE TABLE t (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, v text)");
  const std::string sql = "INSERT INTO t (v) VALUES (?) RETURNING id";
  auto& first = c.prepared(sql);
  first.bind(1, "a");
  EXPECT_EQ(first.returning_id(), 1);
  auto& second = c.prepared(sql);
  second.bind(1, "b");
  EXPECT_EQ(second.returning_id(), 2);
  EXPECT_EQ(text(c, "SELECT string_agg(v, ',' ORDER BY id) FROM t"), "a,b");
}

TEST_F(PgConnectionTest, ExecGivesTheLastStatementsChangedRows) {
  PgConnection c(uri_);
  EXPECT_EQ(c.exec("CREATE TABLE t (v bigint)"), 0);
  EXPECT_EQ(c.exec("INSERT INTO t VALUES (1), (2), (3)"), 3);
  EXPECT_EQ(c.exec("UPDATE t SET v = v + 10 WHERE v > 1"), 2);
  EXPECT_EQ(c.exec("INSERT INTO t VALUES (4); DELETE FROM t WHERE v >= 4"), 3);  // 12, 13, 4
  auto& update = c.prepared("UPDATE t SET v = ? WHERE v = ?");
  update.bind(1, 5);
  update.bind(2, 1);
  EXPECT_EQ(update.exec(), 1);
  EXPECT_EQ(text(c, "SELECT string_agg(v::text, ',') FROM t"), "5");
}

// Reads 100 000 rows through a cursor, outside a transaction and inside one: every row, in order,
// with the cursor open on the server while it reads and closed after.
TEST_F(PgConnectionTest, ManyRowsArriveInOrderThroughACursor) {
  PgConnection c(uri_);
  // The driver's cursors, not the protocol's portal of this very query (inside a transaction).
  const std::string count_cursors = "SELECT count(*) FROM pg_cursors WHERE name LIKE 'atlas_c%'";
  for (const bool in_transaction : {false, true}) {
    SCOPED_TRACE(in_transaction ? "in a transaction" : "outside a transaction");
    if (in_transaction) c.begin_write();
    auto& q = c.prepared("SELECT g, 'row ' || g FROM generate_series(1, 100000) g ORDER BY g",
                         sql::Rows::kMany);
    std::int64_t n = 0;
    bool in_order = true;
    while (q.executeStep()) {
      ++n;
      in_order = in_order && q.getColumn(0).getInt64() == n &&
                 q.getColumn(1).getString() == "row " + std::to_string(n);
      if (n == 50000) {
        EXPECT_EQ(text(c, count_cursors), "1");
      }
    }
    EXPECT_EQ(n, 100000);
    EXPECT_TRUE(in_order);
    EXPECT_EQ(text(c, count_cursors), "0");
    if (in_transaction) c.commit();
  }
}

TEST_F(PgConnectionTest, TwoCursorsReadSideBySideAndOneStoppedEarlyIsClosed) {
  PgConnection c(uri_);
  auto odd =
      c.statement("SELECT g FROM generate_series(1, 25001, 2) g ORDER BY g", sql::Rows::kMany);
  auto even =
      c.statement("SELECT g FROM generate_series(2, 25002, 2) g ORDER BY g", sql::Rows::kMany);
  std::int64_t expected = 1;
  bool merged = true;
  while (odd->executeStep() && even->executeStep()) {
    merged = merged && odd->getColumn(0).getInt64() == expected &&
             even->getColumn(0).getInt64() == expected + 1;
    expected += 2;
  }
  EXPECT_TRUE(merged);
  EXPECT_EQ(expected, 25003);
  c.begin_write();
  auto early = c.statement("SELECT g FROM generate_series(1, 30000) g", sql::Rows::kMany);
  ASSERT_TRUE(early->executeStep());
  early.reset();  // stopped at row 1, inside the transaction
  EXPECT_EQ(text(c, "SELECT count(*) FROM pg_cursors WHERE name LIKE 'atlas_c%'"), "0");
  c.commit();
}

TEST_F(PgConnectionTest, NestedSavepointsRollBackTheirOwnWork) {
  PgConnection c(uri_);
  c.exec("CREATE TABLE t (v bigint)");
  c.begin_write();
  c.exec("INSERT INTO t VALUES (1)");
  c.savepoint("atlas_1");
  c.exec("INSERT INTO t VALUES (2)");
  c.savepoint("atlas_2");
  c.exec("INSERT INTO t VALUES (3)");
  c.rollback_to("atlas_2");  // undoes 3
  c.exec("INSERT INTO t VALUES (4)");
  c.release("atlas_1");
  c.commit();

  c.begin_write();
  c.exec("INSERT INTO t VALUES (10)");
  c.savepoint("atlas_1");
  c.exec("INSERT INTO t VALUES (11)");
  c.savepoint("atlas_2");
  c.exec("INSERT INTO t VALUES (12)");
  c.rollback_to("atlas_1");  // undoes 11 and 12, and ends atlas_2 with it
  c.commit();
  EXPECT_EQ(text(c, "SELECT string_agg(v::text, ',' ORDER BY v) FROM t"), "1,2,4,10");
}

// A second writer waits in begin_write() until the first commits, then sees its rows.
TEST_F(PgConnectionTest, BeginWriteSerialisesWriters) {
  PgConnection first(uri_), second(uri_), watcher(uri_);
  first.exec("CREATE TABLE t (v text)");
  std::mutex m;
  std::vector<std::string> events;
  auto note = [&](std::string e) {
    std::lock_guard lock(m);
    events.push_back(std::move(e));
  };

  first.begin_write();
  first.exec("INSERT INTO t VALUES ('first')");
  std::string seen;
  std::thread other([&] {
    second.begin_write();
    note("second has the lock");
    seen = text(second, "SELECT string_agg(v, ',') FROM t");
    second.exec("INSERT INTO t VALUES ('second')");
    second.commit();
  });
  // Until the second connection waits for the advisory lock: no sleep decides the order.
  const std::string waiting =
      "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted";
  while (text(watcher, waiting) != "1") std::this_thread::yield();
  note("first commits");
  first.commit();
  other.join();
  EXPECT_EQ(events, (std::vector<std::string>{"first commits", "second has the lock"}));
  EXPECT_EQ(seen, "first");  // READ COMMITTED: the read after the lock sees the commit before it
  EXPECT_EQ(text(watcher, "SELECT string_agg(v, ',' ORDER BY v) FROM t"), "first,second");
}

TEST_F(PgConnectionTest, ALockTimeoutInBeginWriteLeavesNoTransaction) {
  PgConnection holder(uri_);
  PgConnection waiter(uri_ + "?options=-c%20lock_timeout%3D100");
  holder.begin_write();
  try {
    waiter.begin_write();
    FAIL() << "begin_write() took a lock another connection holds";
  } catch (const PgException& e) {
    EXPECT_EQ(e.code(), "55P03") << e.what();
  }
  holder.commit();
  waiter.begin_write();  // a transaction left open would make this BEGIN a warning, not an error
  waiter.commit();
  EXPECT_EQ(text(waiter, "SELECT 1"), "1");
}

TEST_F(PgConnectionTest, SessionSettingsHaveDefaultsTheUriMayOverride) {
  PgConnection c(uri_);
  EXPECT_EQ(text(c, "SHOW TimeZone"), "UTC");
  EXPECT_EQ(text(c, "SHOW client_encoding"), "UTF8");
  EXPECT_EQ(text(c, "SHOW statement_timeout"), "1min");
  EXPECT_EQ(text(c, "SHOW lock_timeout"), "5s");
  EXPECT_EQ(text(c, "SHOW idle_in_transaction_session_timeout"), "1min");
  PgConnection own(uri_ + "?options=-c%20statement_timeout%3D2s%20-c%20TimeZone%3DAsia/Shanghai");
  EXPECT_EQ(text(own, "SHOW statement_timeout"), "2s");
  EXPECT_EQ(text(own, "SHOW TimeZone"), "UTC");  // the store's times are UTC, whatever asked
}

TEST_F(PgConnectionTest, AStatementTimeoutIsAClearErrorWith57014) {
  PgConnection c(uri_ + "?options=-c%20statement_timeout%3D200");
  try {
    c.exec("SELECT pg_sleep(30)");
    FAIL() << "pg_sleep(30) finished within a 200 ms statement_timeout";
  } catch (const PgException& e) {
    EXPECT_EQ(e.code(), "57014");
    EXPECT_EQ(std::string(e.what()), "canceling statement due to statement timeout");
    EXPECT_FALSE(e.connection_lost());
  }
  EXPECT_FALSE(c.lost());
  EXPECT_EQ(text(c, "SELECT 2"), "2");
}

TEST_F(PgConnectionTest, ConstraintFailuresCarryTheirSqlstate) {
  PgConnection c(uri_);
  c.exec("CREATE TABLE t (v bigint UNIQUE CHECK (v > 0))");
  c.exec("INSERT INTO t VALUES (1)");
  auto code_of = [&](const std::string& sql) {
    try {
      c.exec(sql);
    } catch (const PgException& e) {
      return e.code();
    }
    return std::string("none");
  };
  EXPECT_EQ(code_of("INSERT INTO t VALUES (1)"), "23505");
  EXPECT_EQ(code_of("INSERT INTO t VALUES (-1)"), "23514");
  EXPECT_EQ(code_of("SELECT * FROM no_such_table"), "42P01");
}

TEST_F(PgConnectionTest, AStatementThatFailedRunsAgainOnItsNextStep) {
  PgConnection c(uri_);
  auto q = c.statement("SELECT 10 / CAST(? AS bigint)");
  q->bind(1, 0);
  try {
    q->executeStep();
    FAIL() << "10 / 0 gave a row";
  } catch (const PgException& e) {
    EXPECT_EQ(e.code(), "22012");
  }
  q->bind(1, 5);
  ASSERT_TRUE(q->executeStep());
  EXPECT_EQ(q->getColumn(0).getInt(), 2);
}

TEST_F(PgConnectionTest, ALostConnectionIsReportedAndWorksAgainAfterReset) {
  PgConnection c(uri_);
  auto& q = c.prepared("SELECT CAST(? AS bigint) + 1");
  q.bind(1, 41);
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getInt(), 42);

  PgServer::get().restart();
  try {
    c.exec("SELECT 1");
    FAIL() << "a query ran on a connection the server's restart ended";
  } catch (const PgException& e) {
    EXPECT_TRUE(e.connection_lost()) << e.what();
    EXPECT_TRUE(e.code() == "57P01" || e.code().starts_with("08")) << e.code();
    EXPECT_TRUE(std::string(e.what()).starts_with("the connection to the database was lost"))
        << e.what();
  }
  EXPECT_TRUE(c.lost());
  try {
    c.exec("SELECT 1");
    FAIL() << "a lost connection ran a query before reset()";
  } catch (const PgException& e) {
    EXPECT_EQ(e.code(), "08003");
  }

  c.reset();
  EXPECT_FALSE(c.lost());
  auto& again = c.prepared("SELECT CAST(? AS bigint) + 1");  // prepared again on the new session
  again.bind(1, 1);
  ASSERT_TRUE(again.executeStep());
  EXPECT_EQ(again.getColumn(0).getInt(), 2);
}

TEST_F(PgConnectionTest, ContainsIsStrposAsInstrIs) {
  PgConnection c(uri_);
  auto found = [&](const char* part) {
    auto& s = c.prepared("SELECT " + c.contains("'创新型产业集群'", "?1"));
    s.bind(1, part);
    return s.executeStep() && s.getColumn(0).getInt() == 1;
  };
  EXPECT_TRUE(found("集群"));
  EXPECT_TRUE(found(""));  // instr(x, '') is 1 in SQLite
  EXPECT_FALSE(found("园区"));
}

TEST(PgUri, PasswordsAreRedacted) {
  EXPECT_EQ(redact_password("postgresql://u:secret@db:5432/atlas?password=x&sslmode=disable"),
            "postgresql://u:***@db:5432/atlas?password=***&sslmode=disable");
  EXPECT_EQ(redact_password("postgres://u@db/atlas"), "postgres://u@db/atlas");
  EXPECT_EQ(redact_password("host=db password=secret user=u"), "host=db password=*** user=u");
  EXPECT_TRUE(is_postgres_uri("postgres://db/x"));
  EXPECT_FALSE(is_postgres_uri("atlas.db"));
}

TEST(PgUri, AFailedConnectionDoesNotShowThePassword) {
  try {
    PgConnection c("postgresql://atlas:hunter2@127.0.0.1:1/atlas?connect_timeout=2");
    FAIL() << "connected to port 1";
  } catch (const PgException& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
    EXPECT_NE(message.find("postgresql://atlas:***@127.0.0.1:1/atlas"), std::string::npos)
        << message;
    EXPECT_TRUE(e.connection_lost());
  }
}

}  // namespace
}  // namespace atlas::store::postgres
