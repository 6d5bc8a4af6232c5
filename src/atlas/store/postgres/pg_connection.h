// The PostgreSQL driver of the neutral statement layer (sql/connection.h), over libpq. It keeps
// SQLite's behaviours that the layer promises (placeholders, NULL for a parameter never bound,
// NULL read as 0 or ""), and adds what a client of a server needs: timeouts, the SQLSTATE of a
// failure, and a way back after the connection is lost. One connection is used by one thread.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "atlas/store/sql/connection.h"

struct pg_conn;
struct pg_result;

namespace atlas::store::postgres {

// A failure PostgreSQL or libpq reported. code() is its SQLSTATE ("23505" unique, "23503" foreign
// key, "23514" check, "40P01" deadlock, "57014" statement timeout, "55P03" lock timeout, "08…"
// connection): libpq gives none for a connection lost, and then it is "08006".
class PgException : public sql::Exception {
 public:
  PgException(const std::string& message, std::string code, bool connection_lost)
      : sql::Exception(message), code_(std::move(code)), connection_lost_(connection_lost) {}
  const std::string& code() const { return code_; }
  // The connection is unusable (the server restarted, the network failed, the session was ended
  // by idle_in_transaction_session_timeout …): PgConnection::reset() gets a new one.
  bool connection_lost() const { return connection_lost_; }

 private:
  std::string code_;
  bool connection_lost_;
};

// Whether `text` names a PostgreSQL database (postgresql:// or postgres://), not a SQLite file.
bool is_postgres_uri(std::string_view text);
// `uri` with its password (user:PASSWORD@ or ?password=…) replaced by "***": any text that shows
// a URI to a person or a log shows this.
std::string redact_password(std::string_view uri);

class PgConnection final : public sql::Connection {
 public:
  // The key of the one write lock, pg_advisory_xact_lock(kWriteLockKey), which every write
  // transaction takes first, as SQLite's BEGIN IMMEDIATE does: the bytes of "ATLAS_WR". Another
  // program that shares the database must not use it.
  static constexpr std::int64_t kWriteLockKey = 0x41544C41535F5752;
  // Rows a kMany statement fetches from its cursor at a time: few enough that a batch of wide
  // rows stays a few MB in memory, many enough that round trips cost little.
  static constexpr int kBatchRows = 10000;

  // Connects to `uri` (postgresql://…). The session gets the defaults below unless the URI's
  // own `options` set them (libpq's syntax: ?options=-c%20statement_timeout%3D5min):
  //   connect_timeout=10 (seconds; the URI's own wins), statement_timeout=60s, lock_timeout=5s
  //   (SQLite's busy_timeout), idle_in_transaction_session_timeout=60s (frees a dead client's
  //   write lock). TimeZone=UTC and client_encoding=UTF8 are always set. The URI is the one
  //   place a deployment sets these, so there is no second channel of settings to plumb.
  // Throws PgException (connection_lost) when the server cannot be reached; its message shows
  // the URI without its password.
  explicit PgConnection(const std::string& uri);
  ~PgConnection() override;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  sql::Statement& prepared(const std::string& sql, sql::Rows rows = sql::Rows::kFew) override;
  // The statement must not outlive the connection.
  std::unique_ptr<sql::Statement> statement(const std::string& sql,
                                            sql::Rows rows = sql::Rows::kFew) override;
  int exec(const std::string& sql) override;
  void end_reads() override;
  void begin_write() override;
  void defer_foreign_keys() override;
  void update_statistics() override;
  std::string contains(std::string_view text, std::string_view part) const override;

  // Whether the connection was lost (libpq's CONNECTION_BAD). Nothing is retried here: a lost
  // transaction is gone, and only the caller knows whether its work may run again.
  bool lost() const;
  // Connects again with the same settings. The server forgot every prepared statement and
  // cursor; statements kept here prepare themselves again on their next use. Throws
  // PgException when the server is still unreachable.
  void reset();
  // The URI with its password redacted, for messages.
  const std::string& uri() const { return shown_uri_; }
  // Runs `copy` (COPY … FROM STDIN, text format) with the data `fill` appends to its buffer,
  // one call after another, until it returns false; gives the rows copied. A bulk import's
  // rows go to the server in large blocks instead of a statement a row. Fails as any statement
  // does (PgException), the data sent so far discarded with the statement.
  std::int64_t copy_in(const std::string& copy, const std::function<bool(std::string&)>& fill);
  // libpq's own connection, for what the layer does not cover.
  pg_conn* native() { return conn_; }

 private:
  class Statement;
  friend class Statement;

  // Throws the failure of `result` (nullptr: libpq's own message) as a PgException.
  [[noreturn]] void fail(const ::pg_result* result) const;
  // Runs `sql` with no parameters; gives the result, checked.
  std::unique_ptr<::pg_result, void (*)(::pg_result*)> run(const std::string& sql);
  void check_usable() const;
  // After each command: counts the commands that leave no transaction open, so that a cursor
  // without HOLD knows whether the transaction it lived in has ended.
  void note_transaction_state();
  std::string next_name(std::string_view prefix) {
    return std::string(prefix) + std::to_string(++names_);
  }

  pg_conn* conn_ = nullptr;
  std::string shown_uri_;
  std::uint64_t generation_ = 0;     // one more at each reset(): what was prepared is gone
  std::uint64_t idle_commands_ = 0;  // commands that left no transaction open
  std::uint64_t names_ = 0;          // for statement and cursor names unique on this connection
  std::map<std::string, std::unique_ptr<Statement>, std::less<>> statements_;
};

}  // namespace atlas::store::postgres
