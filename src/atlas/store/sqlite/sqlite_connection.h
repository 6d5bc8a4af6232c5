// The SQLite driver of the neutral statement layer (sql/connection.h), over SQLiteCpp. It
// borrows an open SQLite::Database: what only SQLite has (PRAGMAs, migrations, the import's
// virtual table) goes to that database directly, beside this connection. Not for use outside
// store/sqlite/.
#pragma once
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <map>
#include <memory>
#include <string>

#include "atlas/store/sql/connection.h"

struct sqlite3;

namespace atlas::store::sqlite {

// Throws sql::Exception with SQLite's message for the result code `rc` of a call on `db`: the
// raw sqlite3 calls of the import fail the way the driver's do.
[[noreturn]] void throw_sqlite_error(sqlite3* db, int rc);

class SqliteConnection final : public sql::Connection {
 public:
  // `db` must outlive the connection.
  explicit SqliteConnection(SQLite::Database& db);
  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  SQLite::Database& database() { return db_; }

  sql::Statement& prepared(const std::string& sql, sql::Rows rows = sql::Rows::kFew) override;
  std::unique_ptr<sql::Statement> statement(const std::string& sql,
                                            sql::Rows rows = sql::Rows::kFew) override;
  int exec(const std::string& sql) override;
  void end_reads() override;
  void begin_write() override;
  void defer_foreign_keys() override;
  void update_statistics() override;
  std::string contains(std::string_view text, std::string_view part) const override;

 private:
  class Statement;

  SQLite::Database& db_;
  std::map<std::string, std::unique_ptr<Statement>, std::less<>> statements_;
};

}  // namespace atlas::store::sqlite
