#include "atlas/store/sqlite/sqlite_connection.h"

#include <SQLiteCpp/Exception.h>
#include <fmt/format.h>
#include <sqlite3.h>

namespace atlas::store::sqlite {
namespace {

// Runs `f`, turning SQLiteCpp's exception into the layer's, with the same message.
template <class F>
auto translated(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const SQLite::Exception& e) {
    throw sql::Exception(e.what());
  }
}

}  // namespace

void throw_sqlite_error(sqlite3* db, int rc) {
  throw sql::Exception(SQLite::Exception(db, rc).what());
}

// A SQLite::Statement behind the neutral interface: each call is SQLiteCpp's, so the store
// reads, binds and fails exactly as it did on SQLiteCpp.
class SqliteConnection::Statement final : public sql::Statement {
 public:
  Statement(SQLite::Database& db, const std::string& sql)
      : q_(translated([&] { return SQLite::Statement(db, sql); })) {}

  bool executeStep() override {
    return translated([&] { return q_.executeStep(); });
  }
  int exec() override {
    return translated([&] { return q_.exec(); });
  }
  void reset() override {
    translated([&] { q_.reset(); });
  }
  // For the connection's cache: ready to bind again. tryReset: SQLiteCpp's reset() throws the
  // last step's error again, and that failure was reported to whoever stepped.
  void restart() {
    q_.tryReset();
    translated([&] { q_.clearBindings(); });
  }
  // Never throws: a failed step's error was reported when it happened.
  void try_reset() { q_.tryReset(); }

 protected:
  void bind_null(int i) override {
    translated([&] { q_.bind(i); });
  }
  void bind_int64(int i, std::int64_t value) override {
    translated([&] { q_.bind(i, value); });
  }
  void bind_double(int i, double value) override {
    translated([&] { q_.bind(i, value); });
  }
  void bind_text(int i, const std::string& value) override {
    translated([&] { q_.bind(i, value); });
  }
  void bind_blob(int i, const void* blob, int size) override {
    translated([&] { q_.bind(i, blob, size); });
  }

  bool column_is_null(int i) const override {
    return translated([&] { return q_.isColumnNull(i); });
  }
  bool column_is_float(int i) const override {
    return translated([&] { return q_.getColumn(i).getType() == SQLITE_FLOAT; });
  }
  sql::Type column_type(int i) const override {
    return translated([&] {
      switch (q_.getColumn(i).getType()) {
        case SQLITE_INTEGER: return sql::Type::kInteger;
        case SQLITE_FLOAT: return sql::Type::kFloat;
        case SQLITE_TEXT: return sql::Type::kText;
        case SQLITE_BLOB: return sql::Type::kBlob;
        default: return sql::Type::kNull;
      }
    });
  }
  int getColumnCount() const override { return q_.getColumnCount(); }
  std::string getColumnName(int i) const override {
    return translated([&] { return std::string(q_.getColumnName(i)); });
  }
  int column_int(int i) const override {
    return translated([&] { return q_.getColumn(i).getInt(); });
  }
  std::int64_t column_int64(int i) const override {
    return translated([&] { return q_.getColumn(i).getInt64(); });
  }
  double column_double(int i) const override {
    return translated([&] { return q_.getColumn(i).getDouble(); });
  }
  std::string column_text(int i) const override {
    return translated([&] { return q_.getColumn(i).getString(); });
  }
  std::string column_blob(int i) const override {
    return translated([&] {
      const auto c = q_.getColumn(i);
      const auto* data = static_cast<const char*>(c.getBlob());
      return std::string(data ? data : "", static_cast<std::size_t>(c.getBytes()));
    });
  }

 private:
  SQLite::Statement q_;
};

SqliteConnection::SqliteConnection(SQLite::Database& db) : db_(db) {}
SqliteConnection::~SqliteConnection() = default;

sql::Statement& SqliteConnection::prepared(const std::string& sql, sql::Rows) {
  auto& slot = statements_[sql];
  if (!slot) slot = std::make_unique<Statement>(db_, sql);
  slot->restart();
  return *slot;
}

std::unique_ptr<sql::Statement> SqliteConnection::statement(const std::string& sql, sql::Rows) {
  return std::make_unique<Statement>(db_, sql);
}

int SqliteConnection::exec(const std::string& sql) {
  return translated([&] { return db_.exec(sql); });
}

void SqliteConnection::end_reads() {
  for (auto& [sql, statement] : statements_) statement->try_reset();
}

void SqliteConnection::begin_write() {
  // IMMEDIATE: the write lock now, not at the first write — after the rules' reads, when another
  // writer may have changed what they read (and SQLite would refuse the upgrade as busy).
  exec("BEGIN IMMEDIATE");
}

void SqliteConnection::defer_foreign_keys() {
  exec("PRAGMA defer_foreign_keys = ON");  // SQLite turns it off again at COMMIT or ROLLBACK
}

// SQLite plans by the shape of its indexes when it has no statistics, which suits this schema;
// ANALYZE would instead add sqlite_stat tables that every later plan then follows.
void SqliteConnection::update_statistics() {}

std::string SqliteConnection::contains(std::string_view text, std::string_view part) const {
  return fmt::format("instr({}, {}) > 0", text, part);
}

}  // namespace atlas::store::sqlite
