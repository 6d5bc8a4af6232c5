#include "atlas/store/postgres/pg_connection.h"

#include <libpq-fe.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "atlas/store/postgres/placeholders.h"

namespace atlas::store::postgres {
namespace {

using Result = std::unique_ptr<PGresult, void (*)(PGresult*)>;
Result own(PGresult* r) {
  return Result(r, PQclear);
}

// Type OIDs of the built-in types (catalog/pg_type.h; fixed since PostgreSQL 7).
constexpr Oid kBool = 16, kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kText = 25, kOid = 26,
              kFloat4 = 700, kFloat8 = 701, kNumeric = 1700;

// libpq's messages end in newlines and indent their second lines: one line for ours.
std::string one_line(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const bool space = c == '\n' || c == '\t' || c == ' ';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool is_integer_type(Oid t) {
  return t == kInt8 || t == kInt4 || t == kInt2 || t == kOid;
}

double to_double(std::string_view s) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);  // from_chars takes no plus sign
  double d = 0.0;
  std::from_chars(s.data(), s.data() + s.size(), d);  // SQLite reads text that is no number as 0
  return d;
}

// As SQLite converts a real to an integer: toward zero, and clamped to the int64 range.
std::int64_t to_int64(double d) {
  if (std::isnan(d)) return 0;
  if (d <= -9223372036854775808.0) return std::numeric_limits<std::int64_t>::min();
  if (d >= 9223372036854775808.0) return std::numeric_limits<std::int64_t>::max();
  return static_cast<std::int64_t>(d);
}

// A value of any type as an integer. An integer written in full (int8, or a numeric sum of
// bigints, which has no fraction) is read exactly; anything else goes through a double.
std::int64_t to_int64(std::string_view s, Oid type) {
  if (type == kBool) return s == "t" ? 1 : 0;
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc() && end == s.data() + s.size()) return v;
  return to_int64(to_double(s));
}

std::string unescaped_bytea(const char* text) {
  std::size_t size = 0;
  std::unique_ptr<unsigned char, void (*)(void*)> bytes(
      PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &size), PQfreemem);
  if (!bytes) throw sql::Exception("out of memory reading a bytea value");
  return std::string(reinterpret_cast<const char*>(bytes.get()), size);
}

void ignore_notice(void*, const char*) {}  // NOTICEs are for psql users, not the store's stderr

}  // namespace

bool is_postgres_uri(std::string_view text) {
  return text.starts_with("postgresql://") || text.starts_with("postgres://");
}

std::string redact_password(std::string_view uri) {
  std::string out(uri);
  // user:PASSWORD@ in the authority (before the path, the query or the fragment).
  if (const auto scheme = out.find("://"); scheme != std::string::npos) {
    const auto start = scheme + 3;
    auto end = out.find_first_of("/?#", start);
    if (end == std::string::npos) end = out.size();
    const auto at = out.rfind('@', end);
    if (at != std::string::npos && at >= start) {
      const auto colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // password=… as a query parameter or a key=value setting.
  for (std::size_t at = 0; (at = out.find("password=", at)) != std::string::npos;) {
    at += 9;
    if (at > 9 && std::string_view("?& ").find(out[at - 10]) == std::string_view::npos) continue;
    auto end = out.find_first_of("& ", at);
    if (end == std::string::npos) end = out.size();
    out.replace(at, end - at, "***");
  }
  return out;
}

// One statement: its text in PostgreSQL's form, its parameters, and the rows of its current
// result. A kMany statement reads through a cursor, kBatchRows at a time.
class PgConnection::Statement final : public sql::Statement {
 public:
  Statement(PgConnection& c, const std::string& sql, sql::Rows rows, bool kept)
      : c_(c),
        p_(rewrite_placeholders(sql)),
        many_(rows == sql::Rows::kMany),
        kept_(kept),
        values_(static_cast<std::size_t>(p_.count)),
        binary_(static_cast<std::size_t>(p_.count), 0),
        // A parameter the text never uses has nothing to infer its type from, and PostgreSQL
        // refuses to prepare it: it is sent, as NULL, as text.
        types_(static_cast<std::size_t>(p_.count), 0) {
    for (std::size_t i = 0; i < types_.size(); ++i) {
      if (!p_.used[i]) types_[i] = kText;
    }
  }
  ~Statement() override { close(); }

  bool executeStep() override {
    if (!started_) start();
    while (++row_ >= PQntuples(result_.get())) {
      row_ = PQntuples(result_.get());  // stays past the end: done
      if (!cursor_) return false;
      fetch();
    }
    return true;
  }

  int exec() override {
    close();
    started_ = true;
    result_ = execute(p_.sql);
    row_ = PQntuples(result_.get());
    return std::atoi(PQcmdTuples(result_.get()));
  }

  void reset() override { close(); }

  // For the connection's cache: as new, every parameter NULL again.
  void restart() {
    close();
    for (auto& v : values_) v.reset();
    std::fill(binary_.begin(), binary_.end(), 0);
  }

  // Drops the result and ends an open cursor. Never throws: it runs in destructors, and a
  // cursor that cannot be closed ends with its transaction or its session anyway.
  void close() noexcept {
    close_cursor(false);
    result_.reset();
    started_ = false;
    row_ = -1;
  }

 protected:
  void bind_null(int i) override { slot(i).reset(); }
  void bind_int64(int i, std::int64_t value) override {
    char buffer[24];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    set(i, std::string(buffer, end), false);
  }
  void bind_double(int i, double value) override {
    // SQLite stores a NaN it is given as NULL; so does this.
    if (std::isnan(value)) return bind_null(i);
    if (std::isinf(value)) return set(i, value > 0 ? "Infinity" : "-Infinity", false);
    char buffer[32];  // the shortest text that reads back as the same double (and "-0" for -0.0)
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    set(i, std::string(buffer, end), false);
  }
  void bind_text(int i, const std::string& value) override { set(i, value, false); }
  void bind_blob(int i, const void* blob, int size) override {
    set(i, std::string(static_cast<const char*>(blob), static_cast<std::size_t>(size)), true);
  }

  bool column_is_null(int i) const override { return value(i) == nullptr; }
  bool column_is_float(int i) const override {
    const char* v = value(i);
    if (!v) return false;
    const Oid t = type(i);
    // numeric (avg(), sums) is a float in SQLite's sense only when it has a fraction.
    return t == kFloat4 || t == kFloat8 ||
           (t == kNumeric && std::string_view(v).find_first_of(".eN") != std::string_view::npos);
  }
  sql::Type column_type(int i) const override {
    if (!value(i)) return sql::Type::kNull;
    if (column_is_float(i)) return sql::Type::kFloat;
    switch (type(i)) {
      case kBool:
      case kInt2:
      case kInt4:
      case kInt8:
      case kOid:
      case kNumeric: return sql::Type::kInteger;
      case kBytea: return sql::Type::kBlob;
      default: return sql::Type::kText;
    }
  }
  int getColumnCount() const override { return result_ ? PQnfields(result_.get()) : 0; }
  std::string getColumnName(int i) const override { return PQfname(result_.get(), i); }
  int column_int(int i) const override { return static_cast<int>(column_int64(i)); }
  std::int64_t column_int64(int i) const override {
    const char* v = value(i);
    return v ? to_int64(v, type(i)) : 0;
  }
  double column_double(int i) const override {
    const char* v = value(i);
    if (!v) return 0.0;
    if (type(i) == kBool) return *v == 't' ? 1.0 : 0.0;
    if (is_integer_type(type(i))) return static_cast<double>(to_int64(v, type(i)));
    return to_double(v);
  }
  std::string column_text(int i) const override {
    const char* v = value(i);
    if (!v) return {};
    if (type(i) == kBool) return *v == 't' ? "1" : "0";  // SQLite's booleans are integers
    if (type(i) == kBytea) return unescaped_bytea(v);
    return {v, static_cast<std::size_t>(PQgetlength(result_.get(), row_, i))};
  }
  std::string column_blob(int i) const override {
    const char* v = value(i);
    if (!v) return {};
    if (type(i) == kBytea) return unescaped_bytea(v);
    return {v, static_cast<std::size_t>(PQgetlength(result_.get(), row_, i))};
  }

 private:
  std::optional<std::string>& slot(int i) {
    if (i < 1 || i > p_.count)
      throw sql::Exception(fmt::format("no parameter ?{} in a statement of {}", i, p_.count));
    return values_[static_cast<std::size_t>(i - 1)];
  }
  void set(int i, std::string value, bool binary) {
    slot(i) = std::move(value);
    binary_[static_cast<std::size_t>(i - 1)] = binary ? 1 : 0;
  }

  // The current row's value of column `i`, or nullptr for NULL.
  const char* value(int i) const {
    if (!result_ || row_ < 0 || row_ >= PQntuples(result_.get()))
      throw sql::Exception("no row to read: the statement has not stepped onto one");
    if (i < 0 || i >= PQnfields(result_.get()))
      throw sql::Exception(
          fmt::format("no column {} in a result of {}", i, PQnfields(result_.get())));
    return PQgetisnull(result_.get(), row_, i) ? nullptr : PQgetvalue(result_.get(), row_, i);
  }
  Oid type(int i) const { return PQftype(result_.get(), i); }

  // Runs the statement for its first row. Marked started only once it ran, so that a step after
  // a failure runs it again rather than reading nothing.
  void start() {
    close_cursor(false);
    if (!many_) {
      result_ = execute(p_.sql);
      row_ = -1;
      started_ = true;
      return;
    }
    // Inside a transaction a plain cursor, which ends with it. Outside one, a cursor WITH HOLD:
    // the server keeps the whole result in its own memory or temporary files, and the client
    // still fetches it in batches. No transaction stays open between fetches, so the caller may
    // begin and commit its own meanwhile, idle_in_transaction_session_timeout cannot end the
    // session of a slow reader, and several such reads may be open at once (a diff of two
    // revisions), which single-row mode would not allow.
    const bool hold = PQtransactionStatus(c_.conn_) == PQTRANS_IDLE;
    cursor_name_ = c_.next_name("atlas_c");
    // DECLARE is parsed at each run rather than prepared: a read long enough to need a cursor
    // makes one parse negligible.
    execute(fmt::format("DECLARE {} NO SCROLL CURSOR {}FOR {}", cursor_name_,
                        hold ? "WITH HOLD " : "", p_.sql),
            /*prepare=*/false);
    cursor_ = true;
    cursor_hold_ = hold;
    cursor_generation_ = c_.generation_;
    cursor_idle_commands_ = c_.idle_commands_;
    fetch();
    started_ = true;
  }

  void fetch() {
    result_ = c_.run(fmt::format("FETCH FORWARD {} FROM {}", kBatchRows, cursor_name_));
    row_ = -1;
    if (PQntuples(result_.get()) < kBatchRows) close_cursor(true);
  }

  // Runs the statement with its parameters: as a prepared statement when kept on the
  // connection (prepared again after a reset()), else unnamed, parsed for this run only.
  Result execute(const std::string& sql, bool prepare = true) {
    c_.check_usable();
    const int n = p_.count;
    std::vector<const char*> values(static_cast<std::size_t>(n));
    std::vector<int> lengths(static_cast<std::size_t>(n));
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (values_[i]) {
        values[i] = values_[i]->data();
        lengths[i] = static_cast<int>(values_[i]->size());
      }
    }
    Result r = own(nullptr);
    if (kept_ && prepare) {
      if (name_.empty() || prepared_generation_ != c_.generation_) {
        const std::string name = c_.next_name("atlas_s");
        Result prepared = own(PQprepare(c_.conn_, name.c_str(), sql.c_str(), n, types_.data()));
        c_.note_transaction_state();
        if (!prepared || PQresultStatus(prepared.get()) != PGRES_COMMAND_OK)
          c_.fail(prepared.get());
        name_ = name;
        prepared_generation_ = c_.generation_;
      }
      r = own(PQexecPrepared(c_.conn_, name_.c_str(), n, values.data(), lengths.data(),
                             binary_.data(), 0));
    } else {
      r = own(PQexecParams(c_.conn_, sql.c_str(), n, types_.data(), values.data(), lengths.data(),
                           binary_.data(), 0));
    }
    c_.note_transaction_state();
    const auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) c_.fail(r.get());
    return r;
  }

  // `exhausted`: the last fetch came back short, so the cursor surely still exists.
  void close_cursor(bool exhausted) noexcept {
    if (!cursor_) return;
    cursor_ = false;
    if (c_.lost() || cursor_generation_ != c_.generation_) return;  // the session is gone
    // A cursor without HOLD ended with its transaction.
    if (!cursor_hold_ && cursor_idle_commands_ != c_.idle_commands_) return;
    const auto state = PQtransactionStatus(c_.conn_);
    // A failed transaction runs nothing; its rollback ends a cursor it declared (one WITH HOLD
    // from before it lasts until the session ends).
    if (state == PQTRANS_INERROR) return;
    const std::string close = "CLOSE " + cursor_name_;
    if (exhausted || state == PQTRANS_IDLE) {
      // Outside a transaction a failure harms nothing; inside, the cursor surely exists.
      PQclear(PQexec(c_.conn_, close.c_str()));
    } else {
      // Stopped early inside a transaction: a ROLLBACK TO may have ended the cursor, and a
      // failed CLOSE must not abort the caller's transaction.
      PGresult* r =
          PQexec(c_.conn_, ("SAVEPOINT atlas_close; " + close + "; RELEASE atlas_close").c_str());
      const bool failed = !r || PQresultStatus(r) != PGRES_COMMAND_OK;
      PQclear(r);
      if (failed) PQclear(PQexec(c_.conn_, "ROLLBACK TO atlas_close; RELEASE atlas_close"));
    }
    c_.note_transaction_state();
  }

  PgConnection& c_;
  const Placeholders p_;
  const bool many_;
  const bool kept_;
  std::vector<std::optional<std::string>> values_;  // nullopt: NULL
  std::vector<int> binary_;                         // libpq's formats: 1 for a bytea's bytes
  std::vector<Oid> types_;                          // 0: the server infers it

  std::string name_;  // of the prepared statement, when kept
  std::uint64_t prepared_generation_ = 0;

  Result result_ = own(nullptr);
  bool started_ = false;
  int row_ = -1;

  bool cursor_ = false;  // open on the server
  std::string cursor_name_;
  bool cursor_hold_ = false;
  std::uint64_t cursor_generation_ = 0;
  std::uint64_t cursor_idle_commands_ = 0;
};

PgConnection::PgConnection(const std::string& uri) : shown_uri_(redact_password(uri)) {
  if (!is_postgres_uri(uri))
    throw PgException(fmt::format("not a PostgreSQL URI (postgresql://…): {}", shown_uri_), "",
                      false);
  char* error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(uri.c_str(), &error);
  if (!parsed) {
    const std::string message = error ? one_line(error) : "out of memory";
    PQfreemem(error);
    throw PgException(fmt::format("invalid PostgreSQL URI {}: {}", shown_uri_, message), "", false);
  }
  // Our defaults go first in `options` so that the URI's own -c settings, later, win; TimeZone
  // and client_encoding come last, because the store's text times and text assume them.
  std::vector<std::string> keys, values;
  std::string options =
      "-c statement_timeout=60s -c lock_timeout=5s -c idle_in_transaction_session_timeout=60s";
  bool timeout_given = false;
  for (const PQconninfoOption* o = parsed; o->keyword; ++o) {
    if (!o->val) continue;
    const std::string key = o->keyword;
    if (key == "options") {
      options += ' ';
      options += o->val;
    } else if (key != "client_encoding") {
      timeout_given = timeout_given || key == "connect_timeout";
      keys.push_back(key);
      values.push_back(o->val);
    }
  }
  PQconninfoFree(parsed);
  options += " -c TimeZone=UTC";
  const std::pair<const char*, std::string> settings[] = {
      {"options", options},
      {"client_encoding", "UTF8"},
      {"fallback_application_name", "clusteratlas"},
      {"connect_timeout", timeout_given ? "" : "10"}};
  for (const auto& [key, value] : settings) {
    if (value.empty()) continue;
    keys.push_back(key);
    values.push_back(value);
  }
  std::vector<const char*> k, v;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    k.push_back(keys[i].c_str());
    v.push_back(values[i].c_str());
  }
  k.push_back(nullptr);
  v.push_back(nullptr);
  conn_ = PQconnectdbParams(k.data(), v.data(), 0);
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
    const std::string message = conn_ ? one_line(PQerrorMessage(conn_)) : "out of memory";
    PQfinish(conn_);
    conn_ = nullptr;
    throw PgException(fmt::format("cannot connect to {}: {}", shown_uri_, message), "08001", true);
  }
  PQsetNoticeProcessor(conn_, ignore_notice, nullptr);
}

PgConnection::~PgConnection() {
  statements_.clear();  // their destructors close cursors on the connection
  PQfinish(conn_);
}

bool PgConnection::lost() const {
  return PQstatus(conn_) == CONNECTION_BAD;
}

void PgConnection::reset() {
  PQreset(conn_);
  ++generation_;
  ++idle_commands_;
  if (PQstatus(conn_) != CONNECTION_OK)
    throw PgException(
        fmt::format("cannot connect again to {}: {}", shown_uri_, one_line(PQerrorMessage(conn_))),
        "08001", true);
}

void PgConnection::check_usable() const {
  if (lost())
    throw PgException("the connection to the database was lost, and has not been reset", "08003",
                      true);
}

void PgConnection::note_transaction_state() {
  if (PQtransactionStatus(conn_) == PQTRANS_IDLE) ++idle_commands_;
}

void PgConnection::fail(const PGresult* result) const {
  const bool gone = lost();
  std::string code, message;
  if (result) {
    if (const char* s = PQresultErrorField(result, PG_DIAG_SQLSTATE)) code = s;
    if (const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY)) {
      message = primary;
      if (const char* detail = PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL))
        message += fmt::format(" ({})", detail);
    } else {
      message = one_line(PQresultErrorMessage(result));
    }
  }
  if (message.empty()) message = one_line(PQerrorMessage(conn_));
  if (message.empty()) message = "the database gave no answer";
  if (gone) {
    message = "the connection to the database was lost: " + message;
    if (code.empty()) code = "08006";
  }
  throw PgException(message, code, gone);
}

Result PgConnection::run(const std::string& sql) {
  check_usable();
  Result r = own(PQexec(conn_, sql.c_str()));
  note_transaction_state();
  const auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY)
    fail(r.get());
  return r;
}

sql::Statement& PgConnection::prepared(const std::string& sql, sql::Rows rows) {
  // One statement per text and kind of read: a kFew and a kMany use differ in how they run.
  const std::string key = (rows == sql::Rows::kMany ? "M" : "F") + sql;
  auto& slot = statements_[key];
  if (!slot) slot = std::make_unique<Statement>(*this, sql, rows, true);
  slot->restart();
  return *slot;
}

std::unique_ptr<sql::Statement> PgConnection::statement(const std::string& sql, sql::Rows rows) {
  // Not prepared on the server: it is used once, or lives for one merge, and a named statement
  // would have to be deallocated when it is destroyed, possibly inside a failed transaction.
  return std::make_unique<Statement>(*this, sql, rows, false);
}

std::int64_t PgConnection::copy_in(const std::string& copy,
                                   const std::function<bool(std::string&)>& fill) {
  check_usable();
  Result start = own(PQexec(conn_, copy.c_str()));
  if (!start || PQresultStatus(start.get()) != PGRES_COPY_IN) {
    note_transaction_state();
    fail(start.get());
  }
  std::string buffer;
  bool more = true;
  const char* refused = nullptr;  // why the client ended the COPY, when it did
  try {
    while (more && !refused) {
      buffer.clear();
      more = fill(buffer);
      if (!buffer.empty() &&
          PQputCopyData(conn_, buffer.data(), static_cast<int>(buffer.size())) != 1) {
        refused = "sending the rows failed";
      }
    }
  } catch (...) {
    // End the COPY before the caller's error unwinds the transaction: the connection must be
    // back in its normal state for the ROLLBACK.
    PQputCopyEnd(conn_, "the import stopped");
    while (Result r = own(PQgetResult(conn_))) {
    }
    note_transaction_state();
    throw;
  }
  PQputCopyEnd(conn_, refused);
  Result last = own(nullptr);
  while (Result r = own(PQgetResult(conn_))) last = std::move(r);
  note_transaction_state();
  if (!last || PQresultStatus(last.get()) != PGRES_COMMAND_OK) fail(last.get());
  return std::atoll(PQcmdTuples(last.get()));
}

int PgConnection::exec(const std::string& sql) {
  // PQexec runs every statement of the text and gives the last one's result.
  return std::atoi(PQcmdTuples(run(sql).get()));
}

void PgConnection::end_reads() {
  // Buffered results hold no snapshot here, but a cursor left open holds the server's memory.
  for (auto& [key, statement] : statements_) statement->close();
}

void PgConnection::begin_write() {
  // The one write lock, as SQLite's BEGIN IMMEDIATE takes it. READ COMMITTED whatever the
  // server's default: each of the rules' reads after the lock then sees every
  // commit made before it, where a snapshot taken at the lock's statement would miss them.
  try {
    run(fmt::format("BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock({})",
                    kWriteLockKey));
  } catch (const PgException& e) {
    // No lock (lock_timeout): leave no transaction behind, as a failed BEGIN IMMEDIATE does.
    if (!e.connection_lost()) PQclear(PQexec(conn_, "ROLLBACK"));
    note_transaction_state();
    throw;
  }
}

void PgConnection::defer_foreign_keys() {
  exec("SET CONSTRAINTS ALL DEFERRED");
}

void PgConnection::update_statistics() {
  exec("ANALYZE");  // allowed in a transaction block; counts the rows it has written
}

std::string PgConnection::contains(std::string_view text, std::string_view part) const {
  return fmt::format("strpos({}, {}) > 0", text, part);
}

}  // namespace atlas::store::postgres
