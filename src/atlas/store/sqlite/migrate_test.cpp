#include "atlas/store/sqlite/migrate.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "atlas/core/resources.h"

namespace atlas::store::sqlite {
namespace {

constexpr const char* kInsertRow =
    "INSERT INTO enterprise_year (credit_code, year, cluster_id, role, high_tech, specialised, "
    "single_champion, listed) VALUES ('91420100MA4K0001X0', 2025, 1, ?, 0, 0, 0, 0)";

// A database at schema version 6 — what every installation held before 007 — with one
// enterprise row, built from the embedded migrations as migrate() would have built it then.
class MigrateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("atlas_migrate_test_" + std::to_string(getpid()) + ".db");
    std::filesystem::remove(path_);
    db_ = std::make_unique<SQLite::Database>(path_.string(),
                                             SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db_->exec(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL, "
        "file TEXT NOT NULL)");
    const char* files[] = {"001_registry",
                           "002_revisions",
                           "003_cluster_reports",
                           "004_evaluation_runs",
                           "005_enterprise_year_index",
                           "006_corrections_and_industry_sources"};
    int version = 0;
    for (const char* name : files) {
      std::string file = std::string("src/atlas/store/sqlite/migrations/") + name + ".sql";
      db_->exec(std::string(*find_resource(file)));
      db_->exec("INSERT INTO schema_migrations VALUES (" + std::to_string(++version) +
                ", '2026-01-01', '" + file + "')");
    }
    SQLite::Statement row(*db_, kInsertRow);
    row.bind(1, "leader");
    row.exec();
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove(path_);
  }

  // How many temporary B-trees the program of an enterprise_year insert opens, on this
  // connection's idea of the schema: each one is built again for every row written.
  int temporary_tables_per_insert() {
    SQLite::Statement explain(*db_, std::string("EXPLAIN ") + kInsertRow);
    int n = 0;
    while (explain.executeStep()) n += explain.getColumn(1).getString() == "OpenEphemeral";
    return n;
  }

  bool accepts_role(const std::string& role) {
    SQLite::Statement row(*db_, std::string(kInsertRow) + " ON CONFLICT DO NOTHING");
    row.bind(1, role);
    try {
      row.exec();
      return true;
    } catch (const SQLite::Exception&) {
      return false;
    }
  }

  std::filesystem::path path_;
  std::unique_ptr<SQLite::Database> db_;
};

TEST_F(MigrateTest, TheRoleRuleNoLongerBuildsATableForEveryRow) {
  EXPECT_EQ(temporary_tables_per_insert(), 1);  // the IN list, before 007
  migrate(*db_, path_.string());
  // On the connection that migrated (the schema is reloaded), and on a new one.
  EXPECT_EQ(temporary_tables_per_insert(), 0);
  db_ = std::make_unique<SQLite::Database>(path_.string(), SQLite::OPEN_READWRITE);
  EXPECT_EQ(temporary_tables_per_insert(), 0);
}

TEST_F(MigrateTest, TheRoleRuleAllowsTheSameRolesAndKeepsTheRows) {
  migrate(*db_, path_.string());
  EXPECT_EQ(db_->execAndGet("SELECT role FROM enterprise_year").getString(), "leader");
  for (const char* role : {"leader", "backbone", "other"}) EXPECT_TRUE(accepts_role(role)) << role;
  for (const char* role : {"boss", "Leader", "", "龙头"}) EXPECT_FALSE(accepts_role(role)) << role;
  EXPECT_EQ(db_->execAndGet("PRAGMA integrity_check").getString(), "ok");
  EXPECT_EQ(db_->execAndGet("SELECT max(version) FROM schema_migrations").getInt(),
            latest_version());
}

// The rule as the migrated and a new database must both write it.
constexpr const char* kRule = "CHECK (role = 'leader' OR role = 'backbone' OR role = 'other')";

std::string table_sql(SQLite::Database& db) {
  return db.execAndGet("SELECT sql FROM sqlite_schema WHERE name = 'enterprise_year'").getString();
}

TEST_F(MigrateTest, AMigratedAndANewDatabaseWriteTheSameRule) {
  migrate(*db_, path_.string());
  const std::string migrated = table_sql(*db_);
  EXPECT_NE(migrated.find(kRule), std::string::npos) << migrated;
  EXPECT_EQ(migrated.find("IN ("), std::string::npos) << migrated;

  auto fresh_path = path_;
  fresh_path += ".new";
  std::filesystem::remove(fresh_path);
  {
    SQLite::Database fresh(fresh_path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    migrate(fresh, fresh_path.string());
    EXPECT_EQ(table_sql(fresh), migrated);
    EXPECT_EQ(fresh.execAndGet("PRAGMA integrity_check").getString(), "ok");
  }
  std::filesystem::remove(fresh_path);
}

// A connection open while another migrates must not go on with the old rule: SQLite reloads a
// connection's schema only when the schema version changes, which an edit of sqlite_schema alone
// does not do. The rule it applies shows in the message that refuses a role.
TEST_F(MigrateTest, AConnectionAlreadyOpenTakesUpTheNewRule) {
  SQLite::Database other(path_.string(), SQLite::OPEN_READWRITE);
  EXPECT_EQ(other.execAndGet("SELECT count(*) FROM enterprise_year").getInt(), 1);
  migrate(*db_, path_.string());
  SQLite::Statement row(other, std::string(kInsertRow) + " ON CONFLICT DO NOTHING");
  row.bind(1, "boss");
  try {
    row.exec();
    ADD_FAILURE() << "the role 'boss' was accepted";
  } catch (const SQLite::Exception& e) {
    EXPECT_NE(std::string(e.what()).find("role = 'leader' OR"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace atlas::store::sqlite
