#include "atlas/store/copy_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "atlas/core/error.h"
#include "atlas/store/audit_chain.h"
#include "atlas/store/open_store.h"
#include "atlas/store/postgres/copy_text.h"
#include "atlas/store/postgres/pg_connection.h"
#include "atlas/store/sql/audit_log.h"

namespace atlas::store {
namespace {

// The tables of the database's schema, in a stable order; schema_migrations is each database's
// own record of how it got there, not data. enterprise_year comes last: on PostgreSQL its
// references are checked as each statement ends, not deferred to the commit (migration 018).
std::vector<std::string> tables_of(sql::Connection& db, bool postgres) {
  auto q = db.statement(
      postgres ? "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                 "current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
               : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                 "'sqlite\\_%' ESCAPE '\\' ORDER BY 1");
  std::vector<std::string> out;
  while (q->executeStep()) {
    auto name = q->getColumn(0).getString();
    if (name != "schema_migrations") out.push_back(name);
  }
  std::stable_partition(out.begin(), out.end(),
                        [](const auto& t) { return t != "enterprise_year"; });
  return out;
}

std::int64_t count_rows(sql::Connection& db, const std::string& table) {
  auto q = db.statement(fmt::format("SELECT count(*) FROM \"{}\"", table));
  q->executeStep();
  return q->getColumn(0).getInt64();
}

// Binds the value of `from`'s column as what it is, so that the copy stores the same type.
void bind_same(sql::Statement& to, int i, const sql::Column& value) {
  switch (value.getType()) {
    case sql::Type::kNull: to.bind(i); break;
    case sql::Type::kInteger: to.bind(i, value.getInt64()); break;
    case sql::Type::kFloat: to.bind(i, value.getDouble()); break;
    case sql::Type::kText: to.bind(i, value.getString()); break;
    case sql::Type::kBlob: {
      const std::string bytes = value.getBlob();
      to.bind(i, bytes.data(), static_cast<int>(bytes.size()));
      break;
    }
  }
}

std::int64_t copy_table(sql::Connection& from, sql::Connection& to, const std::string& table) {
  auto rows = from.statement(fmt::format("SELECT * FROM \"{}\"", table), sql::Rows::kMany);
  std::unique_ptr<sql::Statement> insert;
  int columns = 0;
  std::int64_t copied = 0;
  while (rows->executeStep()) {
    if (!insert) {
      columns = rows->getColumnCount();
      std::string names, marks;
      for (int c = 0; c < columns; ++c) {
        names += fmt::format("{}\"{}\"", c ? ", " : "", rows->getColumnName(c));
        marks += c ? ", ?" : "?";
      }
      insert =
          to.statement(fmt::format("INSERT INTO \"{}\" ({}) VALUES ({})", table, names, marks));
    }
    insert->reset();
    for (int c = 0; c < columns; ++c) bind_same(*insert, c + 1, rows->getColumn(c));
    insert->exec();
    ++copied;
  }
  return copied;
}

// A value in COPY's text format, written as what it is (as bind_same binds it).
void copy_value(std::string& out, const sql::Column& value) {
  switch (value.getType()) {
    case sql::Type::kNull: out += "\\N"; break;
    case sql::Type::kInteger:
      fmt::format_to(std::back_inserter(out), "{}", value.getInt64());
      break;
    case sql::Type::kFloat: postgres::copy_number(out, value.getDouble()); break;
    case sql::Type::kText: postgres::copy_text(out, value.getString()); break;
    case sql::Type::kBlob: postgres::copy_bytes(out, value.getBlob()); break;
  }
}

// Into PostgreSQL the rows go with COPY, in blocks: a statement a row took 34 s for the demo's
// 306,589 rows.
std::int64_t copy_table_in(sql::Connection& from, postgres::PgConnection& to,
                           const std::string& table) {
  auto rows = from.statement(fmt::format("SELECT * FROM \"{}\"", table), sql::Rows::kMany);
  if (!rows->executeStep()) return 0;
  const int columns = rows->getColumnCount();
  std::string names;
  for (int c = 0; c < columns; ++c) {
    names += fmt::format("{}\"{}\"", c ? ", " : "", rows->getColumnName(c));
  }
  auto fill = [&](std::string& out) {
    do {
      for (int c = 0; c < columns; ++c) {
        if (c) out += '\t';
        copy_value(out, rows->getColumn(c));
      }
      out += '\n';
      if (!rows->executeStep()) return false;
    } while (out.size() < postgres::kCopyBlock);
    return true;
  };
  return to.copy_in(fmt::format("COPY \"{}\" ({}) FROM STDIN", table, names), fill);
}

// PostgreSQL's identity columns take their next value from a sequence, which rows copied with
// their ids do not move: each is set past the largest id copied.
void move_sequences(sql::Connection& to) {
  auto q = to.statement(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
      "current_schema() AND is_identity = 'YES' ORDER BY 1");
  std::vector<std::pair<std::string, std::string>> identities;
  while (q->executeStep()) {
    identities.emplace_back(q->getColumn(0).getString(), q->getColumn(1).getString());
  }
  for (const auto& [table, column] : identities) {
    to.exec(fmt::format(
        "SELECT setval(pg_get_serial_sequence('\"{0}\"', '{1}'), coalesce(max(\"{1}\"), 0) + 1, "
        "false) FROM \"{0}\"",
        table, column));
  }
}

ChainCheck walk_chain(sql::Connection& db) {
  ChainWalk walk;
  sql::each_entry(db, {}, [&](const AuditEntry& e) { return walk.next(e); });
  return walk.result();
}

}  // namespace

std::vector<CopiedTable> copy_store(const std::string& from, const std::string& to,
                                    const std::function<void(const CopiedTable&)>& progress) {
  const std::string shown_from = shown_database(from), shown_to = shown_database(to);
  if (shown_from == shown_to) {
    throw Error(ErrorKind::kUsage, "--from and --to name the same database: " + shown_from);
  }
  // Opening each store brings it to the newest schema; then both have the same tables.
  if (open_store(from)->schema_version() != open_store(to)->schema_version()) {
    throw Error(ErrorKind::kInternal, "the two databases' schemas differ after migrating");
  }
  auto source = connect_database(from);
  // The source is read in one snapshot, so that a server still writing to it cannot make the copy
  // a mix of two moments (rows without their audit entries, a chain cut part-way); its writers
  // are not held up. Only read, so it ends with a rollback.
  source->exec(is_server_database(from) ? "BEGIN ISOLATION LEVEL REPEATABLE READ" : "BEGIN");
  struct EndSnapshot {
    sql::Connection& db;
    ~EndSnapshot() {
      try {
        db.rollback();
      } catch (...) {  // a destructor must not throw; the connection closes next anyway
      }
    }
  } end_snapshot{*source};
  auto target = connect_database(to);
  const bool to_postgres = is_server_database(to);
  const auto tables = tables_of(*source, is_server_database(from));
  if (tables != tables_of(*target, to_postgres)) {
    throw Error(ErrorKind::kInternal,
                fmt::format("{} and {} have different tables", shown_from, shown_to));
  }
  for (const auto& table : tables) {
    if (count_rows(*target, table) != 0) {
      throw Error(ErrorKind::kRule,
                  fmt::format("{} already holds data (table {}): copy into a new, empty "
                              "database",
                              shown_to, table));
    }
  }
  std::vector<CopiedTable> copied;
  target->begin_write();
  try {
    // Rows that refer to each other (industries to their parents, clusters to zones …) are
    // checked once, at the commit, whatever order the tables come in.
    target->defer_foreign_keys();
    auto* postgres_target = dynamic_cast<postgres::PgConnection*>(target.get());
    for (const auto& table : tables) {
      copied.push_back({table, postgres_target ? copy_table_in(*source, *postgres_target, table)
                                               : copy_table(*source, *target, table)});
      progress(copied.back());
    }
    if (to_postgres) move_sequences(*target);
    for (const auto& c : copied) {
      if (count_rows(*source, c.table) != c.rows || count_rows(*target, c.table) != c.rows) {
        throw Error(ErrorKind::kInternal,
                    fmt::format("table {}: the copy's rows do not match the source's", c.table));
      }
    }
    // The copy's audit chain, read inside its transaction, is the source's entry for entry.
    const auto copied_chain = walk_chain(*target), source_chain = walk_chain(*source);
    if (copied_chain.entries != source_chain.entries ||
        copied_chain.head_hash != source_chain.head_hash ||
        copied_chain.broken_id != source_chain.broken_id) {
      throw Error(ErrorKind::kInternal, "the copy's audit chain differs from the source's");
    }
    target->commit();
  } catch (const sql::Exception& e) {
    target->rollback();
    throw Error(ErrorKind::kStore, fmt::format("{} refused the copy: {}", shown_to, e.what()),
                {shown_to, 0, "", ""});
  } catch (...) {
    target->rollback();
    throw;
  }
  return copied;
}

}  // namespace atlas::store
