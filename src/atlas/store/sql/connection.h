// A thin, dialect-neutral way for the store to run SQL, so that its rules and SQL are written
// once for SQLite (sqlite/sqlite_connection.h) and PostgreSQL. It is shaped like the part of
// SQLiteCpp the store used — prepared(), bind(), executeStep(), getColumn(i).getInt64() … keep
// SQLiteCpp's names — so a call site changed only its type. Every driver keeps these of SQLite's
// behaviours, which the store relies on:
// - Placeholders are `?` and `?N` in the SQL text; a bare `?` is one more than the highest
//   number before it. A parameter never bound is NULL (conditional binds switch filters off).
// - Parameters are numbered from 1, result columns from 0. Reading NULL gives 0, 0.0 or "".
// - New ids come from `INSERT … RETURNING id` (returning_id()), changed rows from exec(): no
//   last-insert-rowid or changes() of the connection.
// - A failure throws sql::Exception with the database's own message.
// A parameter the SQL gives no type to (`? IS NULL OR …`) is cast on its first use
// (`CAST(? AS BIGINT) IS NULL OR …`): PostgreSQL must know every parameter's type.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace atlas::store::sql {

// What the database refused, in its own words. The store turns it into atlas::Error (kStore).
class Exception : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Statement;

// What a value is, as SQLite's storage classes say (PostgreSQL: from the column's type).
enum class Type { kNull, kInteger, kFloat, kText, kBlob };

// One column of a statement's current row. Valid until the statement steps or resets.
class Column {
 public:
  Column(const Statement& statement, int index) : statement_(&statement), index_(index) {}
  bool isNull() const;
  int getInt() const;
  std::int64_t getInt64() const;
  double getDouble() const;
  std::string getString() const;  // a number reads as its text
  std::string getBlob() const;    // the bytes of a BLOB (PostgreSQL: bytea)
  // Whether the value is a floating-point number (SQLite: of the value; PostgreSQL: of the
  // column's type), so that a value shown to people can be written as a number, not as text.
  bool isFloat() const;
  Type getType() const;

 private:
  const Statement* statement_;
  int index_;
};

// A prepared statement. The public names are SQLiteCpp's; the overloads forward to a few
// virtual functions a driver implements.
class Statement {
 public:
  virtual ~Statement() = default;
  Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void bind(int i, int value) { bind_int64(i, value); }
  void bind(int i, std::int64_t value) { bind_int64(i, value); }
  void bind(int i, double value) { bind_double(i, value); }
  void bind(int i, const std::string& value) { bind_text(i, value); }
  void bind(int i, const char* value) { bind_text(i, value); }
  void bind(int i, const void* blob, int size) { bind_blob(i, blob, size); }
  void bind(int i) { bind_null(i); }
  void bind(int i, std::nullopt_t) { bind_null(i); }

  // Steps to the next row: true when there is one to read.
  virtual bool executeStep() = 0;
  // Runs a statement that returns no rows; gives how many rows it changed.
  virtual int exec() = 0;
  // Runs an `INSERT … RETURNING id` and gives the id, the statement finished (an unfinished
  // INSERT would keep SQLite from committing).
  std::int64_t returning_id();
  // Back to the first row, keeping the bindings.
  virtual void reset() = 0;

  Column getColumn(int i) const { return {*this, i}; }
  bool isColumnNull(int i) const { return column_is_null(i); }
  // The result's columns, for code that copies whole rows (migrate-store). Valid once a row has
  // been stepped to.
  virtual int getColumnCount() const = 0;
  virtual std::string getColumnName(int i) const = 0;

 protected:
  friend class Column;
  virtual void bind_null(int i) = 0;
  virtual void bind_int64(int i, std::int64_t value) = 0;
  virtual void bind_double(int i, double value) = 0;
  virtual void bind_text(int i, const std::string& value) = 0;
  virtual void bind_blob(int i, const void* blob, int size) = 0;

  virtual bool column_is_null(int i) const = 0;
  virtual bool column_is_float(int i) const = 0;
  virtual Type column_type(int i) const = 0;
  virtual int column_int(int i) const = 0;
  virtual std::int64_t column_int64(int i) const = 0;
  virtual double column_double(int i) const = 0;
  virtual std::string column_text(int i) const = 0;
  virtual std::string column_blob(int i) const = 0;
};

inline bool Column::isNull() const {
  return statement_->column_is_null(index_);
}
inline int Column::getInt() const {
  return statement_->column_int(index_);
}
inline std::int64_t Column::getInt64() const {
  return statement_->column_int64(index_);
}
inline double Column::getDouble() const {
  return statement_->column_double(index_);
}
inline std::string Column::getString() const {
  return statement_->column_text(index_);
}
inline std::string Column::getBlob() const {
  return statement_->column_blob(index_);
}
inline bool Column::isFloat() const {
  return statement_->column_is_float(index_);
}
inline Type Column::getType() const {
  return statement_->column_type(index_);
}

// How many rows a statement may return. A driver that receives a result whole (libpq) reads a
// kMany result in batches through a cursor, so that memory stays bounded; SQLite steps one row
// at a time anyway.
enum class Rows { kFew, kMany };

// One connection to a database, with the statements prepared on it.
class Connection {
 public:
  virtual ~Connection() = default;

  // A statement kept for the life of the connection, one per SQL text: on each call it is reset
  // and every parameter is unbound. A caller that stops reading before the last row leaves it
  // open until the next call (or end_reads()).
  virtual Statement& prepared(const std::string& sql, Rows rows = Rows::kFew) = 0;
  // A statement of its own, for one that stays open while others of the same text run (two
  // revisions merged in order) or that is used once.
  virtual std::unique_ptr<Statement> statement(const std::string& sql, Rows rows = Rows::kFew) = 0;
  // Runs SQL that returns no rows — one statement or several separated by `;` — and gives the
  // number of rows the last one changed.
  virtual int exec(const std::string& sql) = 0;
  // Resets every kept statement, ending the reads a look-up stopped at its first row left open
  // (in SQLite such a read pins an old snapshot of the database). Not inside a transaction.
  virtual void end_reads() = 0;

  // Transactions. begin_write() starts one that will write, taking the database's one write
  // lock first (SQLite: BEGIN IMMEDIATE): the store's rules read, check, then write, and no
  // other writer may come in between. Savepoints nest inside it.
  virtual void begin_write() = 0;
  void commit() { exec("COMMIT"); }
  void rollback() { exec("ROLLBACK"); }
  void savepoint(const std::string& name) { exec("SAVEPOINT " + name); }
  void release(const std::string& name) { exec("RELEASE " + name); }
  // Undoes everything since the savepoint, and ends it.
  void rollback_to(const std::string& name) { exec("ROLLBACK TO " + name + "; RELEASE " + name); }
  // Checks foreign keys at commit instead of at each statement, until this transaction ends:
  // rows that refer to each other are written in any order (industries and their parents).
  virtual void defer_foreign_keys() = 0;
  // Gathers the planner's statistics of every table, this transaction's own rows included.
  virtual void update_statistics() = 0;

  // The dialect's few differences, as SQL text. Whether `text` contains `part` (both SQL
  // expressions): SQLite's instr(), PostgreSQL's strpos().
  virtual std::string contains(std::string_view text, std::string_view part) const = 0;
};

}  // namespace atlas::store::sql
