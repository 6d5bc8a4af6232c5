// SqliteStore: imports as revisions, their history, and the difference between two of them.
#include <SQLiteCpp/Exception.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "atlas/core/error.h"
#include "atlas/store/sqlite/enterprise_rows.h"
#include "atlas/store/sqlite/store_impl.h"

namespace atlas::store::sqlite {

static std::string repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// Stages an import's rows in a temporary table, then checks and stores them set-wise.
class SqliteEnterpriseSink final : public EnterpriseSink {
 public:
  SqliteEnterpriseSink(SqliteStore& store, std::int64_t revision)
      : store_(store), revision_(revision) {
    store_.db_.exec(fmt::format(
        "CREATE TEMP TABLE IF NOT EXISTS import_staging (line INTEGER, name TEXT, lat REAL, "
        "lon REAL, kept TEXT, {}); DELETE FROM import_staging",
        year_columns("")));
    insert_ = &store_.prepared(
        fmt::format("INSERT INTO import_staging (line, name, lat, lon, kept, {}) VALUES "
                    "(?, ?, ?, ?, nullif(?, ''){})",
                    year_columns(""), repeat(", ?", kYearColumnCount)));
  }

  void add(const domain::Enterprise& e, const domain::EnterpriseYear& row, std::int64_t line,
           const std::string& keep) override {
    auto& q = *insert_;
    q.reset();
    q.bind(1, line);
    q.bind(2, e.name);
    bind_optional(q, 3, e.lat);
    bind_optional(q, 4, e.lon);
    q.bind(5, keep);
    bind_year(q, row, 6);
    q.exec();
  }

  std::vector<RowConflict> conflicts() override {
    std::vector<RowConflict> out;
    // The same enterprise twice for a year in this file: every row after the first.
    SQLite::Statement dup(store_.db_,
                          "SELECT s.line, s.credit_code, s.year, f.first, coalesce(s.kept, '') "
                          "FROM import_staging s "
                          "JOIN (SELECT credit_code, year, min(line) AS first FROM import_staging "
                          "      GROUP BY credit_code, year HAVING count(*) > 1) f "
                          "  ON f.credit_code = s.credit_code AND f.year = s.year "
                          "WHERE s.line > f.first");
    while (dup.executeStep()) {
      out.push_back({dup.getColumn(0).getInt64(), dup.getColumn(1).getString(),
                     fmt::format("enterprise {} appears twice for {}: also on row {}",
                                 dup.getColumn(1).getString(), dup.getColumn(2).getInt(),
                                 dup.getColumn(3).getInt64()),
                     dup.getColumn(4).getString()});
    }
    // The clusters and years this file speaks for.
    store_.db_.exec(
        "CREATE TEMP TABLE IF NOT EXISTS import_covered (year INTEGER, cluster_id INTEGER, "
        "PRIMARY KEY (year, cluster_id)) WITHOUT ROWID; DELETE FROM import_covered; "
        "INSERT INTO import_covered SELECT DISTINCT year, cluster_id FROM import_staging");
    // Held by a cluster this file does not cover: its current figures would stay.
    SQLite::Statement held(
        store_.db_,
        "SELECT s.line, s.credit_code, s.year, c.name, coalesce(s.kept, '') FROM import_staging s "
        "JOIN enterprise_year y ON y.credit_code = s.credit_code AND y.year = s.year "
        "  AND y.current = 1 "
        "JOIN cluster c ON c.id = y.cluster_id "
        "WHERE (y.year, y.cluster_id) NOT IN (SELECT year, cluster_id FROM import_covered)");
    while (held.executeStep()) {
      out.push_back({held.getColumn(0).getInt64(), held.getColumn(1).getString(),
                     fmt::format("enterprise {} already belongs to {} in {}; an enterprise "
                                 "belongs to one cluster per year (import both clusters' figures "
                                 "in one file)",
                                 held.getColumn(1).getString(), held.getColumn(3).getString(),
                                 held.getColumn(2).getInt()),
                     held.getColumn(4).getString()});
    }
    std::sort(out.begin(), out.end(),
              [](const RowConflict& a, const RowConflict& b) { return a.line < b.line; });
    return out;
  }

  std::int64_t store(const std::vector<std::int64_t>& skip) override {
    auto& db = store_.db_;
    if (!skip.empty()) {
      SQLite::Statement drop(db, "DELETE FROM import_staging WHERE line = ?");
      for (auto line : skip) {
        drop.reset();
        drop.bind(1, line);
        drop.exec();
      }
    }
    db.exec(
        "UPDATE enterprise_year SET current = 0 WHERE current = 1 AND (year, cluster_id) IN "
        "(SELECT year, cluster_id FROM import_covered)");
    // In key order, so that the B-trees grow at their ends instead of everywhere at once.
    db.exec(
        "INSERT INTO enterprise (credit_code, name, lat, lon) "
        "SELECT credit_code, name, lat, lon FROM import_staging WHERE true "
        "ORDER BY credit_code, line "  // the last row's name wins
        "ON CONFLICT (credit_code) DO UPDATE SET name = excluded.name, "
        "lat = coalesce(excluded.lat, lat), lon = coalesce(excluded.lon, lon) "
        "WHERE name != excluded.name OR excluded.lat IS NOT NULL");
    SQLite::Statement insert(
        db, fmt::format("INSERT INTO enterprise_year ({0}, revision_id, source_line) "
                        "SELECT {0}, ?, line FROM import_staging ORDER BY credit_code, year",
                        year_columns("")));
    insert.bind(1, revision_);
    return insert.exec();
  }

 private:
  SqliteStore& store_;
  std::int64_t revision_;
  SQLite::Statement* insert_;
};

namespace {

constexpr const char* kRevisionColumns =
    "id, kind, year, file_name, sha256, encoding, rows_read, rows_imported, rows_rejected, "
    "warnings, operator, imported_at";

ImportRevision read_revision(SQLite::Statement& q) {
  ImportRevision r;
  r.id = q.getColumn(0).getInt64();
  r.kind = q.getColumn(1).getString();
  if (!q.getColumn(2).isNull()) r.year = q.getColumn(2).getInt();
  r.file_name = q.getColumn(3).getString();
  r.sha256 = q.getColumn(4).getString();
  r.encoding = q.getColumn(5).getString();
  r.rows_read = q.getColumn(6).getInt64();
  r.rows_imported = q.getColumn(7).getInt64();
  r.rows_rejected = q.getColumn(8).getInt64();
  r.warnings = q.getColumn(9).getInt64();
  r.operator_name = q.getColumn(10).getString();
  r.imported_at = q.getColumn(11).getString();
  return r;
}

}  // namespace

std::string value_text(const SQLite::Column& c) {
  if (c.isNull()) return "";
  if (c.getType() == SQLITE_FLOAT) return fmt::format("{}", c.getDouble());
  return c.getString();
}

std::int64_t SqliteStore::open_revision(const ImportRevision& meta, const Actor& actor) {
  auto& q = prepared(
      "INSERT INTO import_revision (kind, year, file_name, sha256, encoding, rows_read, "
      "rows_imported, rows_rejected, warnings, operator, imported_at) "
      "VALUES (?, ?, ?, '', '', 0, 0, 0, 0, ?, ?)");
  q.bind(1, meta.kind);
  if (meta.year) q.bind(2, *meta.year);
  q.bind(3, meta.file_name);
  q.bind(4, actor.name);
  q.bind(5, actor.at);
  q.exec();
  return db_.getLastInsertRowid();
}

void SqliteStore::close_revision(std::int64_t id, ImportRevision& meta, const Actor& actor) {
  auto& u = prepared(
      "UPDATE import_revision SET sha256 = ?, encoding = ?, rows_read = ?, rows_imported = ?, "
      "rows_rejected = ?, warnings = ? WHERE id = ?");
  u.bind(1, meta.sha256);
  u.bind(2, meta.encoding);
  u.bind(3, meta.rows_read);
  u.bind(4, meta.rows_imported);
  u.bind(5, meta.rows_rejected);
  u.bind(6, meta.warnings);
  u.bind(7, id);
  u.exec();
  audit(actor, "import", "revision", std::to_string(id),
        fmt::format("{} {} rows from {} (sha256 {})", meta.kind, meta.rows_imported, meta.file_name,
                    meta.sha256));
  meta.id = id;
  meta.operator_name = actor.name;
  meta.imported_at = actor.at;
}

std::int64_t SqliteStore::import_enterprise_years(
    ImportRevision& meta, const Actor& actor,
    const std::function<bool(EnterpriseSink&, ImportRevision&)>& feed) {
  std::int64_t id = 0;
  struct Discard {};  // unwinds the transaction when the feed decides to keep nothing
  try {
    in_transaction([&] {
      id = open_revision(meta, actor);
      SqliteEnterpriseSink sink(*this, id);
      if (!feed(sink, meta)) throw Discard{};
      close_revision(id, meta, actor);
    });
  } catch (const Discard&) {
    return 0;
  }
  return id;
}

std::optional<ImportRevision> SqliteStore::revision_with_hash(const std::string& kind,
                                                              const std::string& sha256,
                                                              std::optional<int> year) {
  auto& q = prepared(
      fmt::format("SELECT {} FROM import_revision WHERE kind = ?1 AND sha256 = ?2 AND year IS ?3 "
                  "ORDER BY id LIMIT 1",
                  kRevisionColumns));
  q.bind(1, kind);
  q.bind(2, sha256);
  if (year) q.bind(3, *year);
  if (!q.executeStep()) return std::nullopt;
  return read_revision(q);
}

std::vector<ImportRevision> SqliteStore::revisions(std::optional<std::int64_t> cluster_id,
                                                   std::optional<int> year) {
  auto& q = prepared(fmt::format(
      "WITH row (revision_id, cluster_id, year) AS ("
      "  SELECT revision_id, cluster_id, year FROM enterprise_year "
      "  UNION ALL SELECT revision_id, cluster_id, year FROM cluster_year "
      "  UNION ALL SELECT revision_id, cluster_id, NULL FROM platform "
      "  UNION ALL SELECT revision_id, cluster_id, year FROM service_institution "
      "  UNION ALL SELECT revision_id, cluster_id, year FROM alliance) "
      "SELECT {} FROM import_revision r WHERE "
      "(?1 IS NULL OR r.id IN (SELECT revision_id FROM row WHERE cluster_id = ?1)) AND "
      "(?2 IS NULL OR r.year = ?2 OR r.id IN (SELECT revision_id FROM row WHERE year = ?2)) "
      "ORDER BY r.id",
      kRevisionColumns));
  if (cluster_id) q.bind(1, *cluster_id);
  if (year) q.bind(2, *year);
  std::vector<ImportRevision> out;
  while (q.executeStep()) out.push_back(read_revision(q));
  return out;
}

std::optional<ImportRevision> SqliteStore::revision(std::int64_t id) {
  auto& q = prepared(fmt::format("SELECT {} FROM import_revision WHERE id = ?", kRevisionColumns));
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return read_revision(q);
}

std::vector<RevisionChange> SqliteStore::diff_revisions(std::int64_t from, std::int64_t to) {
  auto a = revision(from), b = revision(to);
  if (!a || !b) fail(ErrorKind::kNotFound, fmt::format("no revision {}", a ? to : from));
  if (a->kind != b->kind) {
    fail(ErrorKind::kUsage, fmt::format("revision {} holds {} and revision {} holds {}; compare "
                                        "two revisions of one kind",
                                        from, a->kind, to, b->kind));
  }
  if (a->kind != "enterprises") return diff_cluster_rows(a->kind, from, to);
  // Every (enterprise, year) in either revision with both versions side by side.
  std::string a_cols, b_cols;
  for (int i = 2; i < kYearColumnCount; ++i) {
    a_cols += fmt::format(", a.{}", kYearColumns[i]);
    b_cols += fmt::format(", b.{}", kYearColumns[i]);
  }
  auto& q = prepared(fmt::format(
      "WITH a AS (SELECT * FROM enterprise_year WHERE revision_id = ?1), "
      "b AS (SELECT * FROM enterprise_year WHERE revision_id = ?2), "
      "keys AS (SELECT credit_code, year FROM a UNION SELECT credit_code, year FROM b) "
      "SELECT k.credit_code, k.year, e.name, a.id IS NOT NULL, b.id IS NOT NULL{}{} FROM keys k "
      "JOIN enterprise e ON e.credit_code = k.credit_code "
      "LEFT JOIN a ON a.credit_code = k.credit_code AND a.year = k.year "
      "LEFT JOIN b ON b.credit_code = k.credit_code AND b.year = k.year "
      "ORDER BY k.year, k.credit_code",
      a_cols, b_cols));
  q.bind(1, from);
  q.bind(2, to);
  const int fields = kYearColumnCount - 2;
  std::vector<RevisionChange> out;
  while (q.executeStep()) {
    RevisionChange base;
    base.key = q.getColumn(0).getString();
    base.year = q.getColumn(1).getInt();
    base.name = q.getColumn(2).getString();
    bool in_a = q.getColumn(3).getInt() != 0, in_b = q.getColumn(4).getInt() != 0;
    if (in_a != in_b) {
      RevisionChange c = base;
      c.field = "row";
      (in_a ? c.old_value : c.new_value) = "present";
      out.push_back(c);
      continue;
    }
    for (int f = 0; f < fields; ++f) {
      const auto& a = q.getColumn(5 + f);
      const auto& b = q.getColumn(5 + fields + f);
      bool same = a.isNull() == b.isNull() &&
                  (a.isNull() || (a.getType() == SQLITE_FLOAT || b.getType() == SQLITE_FLOAT
                                      ? a.getDouble() == b.getDouble()
                                      : a.getString() == b.getString()));
      if (same) continue;
      RevisionChange c = base;
      c.field = kYearColumns[2 + f];
      if (!a.isNull()) c.old_value = value_text(a);
      if (!b.isNull()) c.new_value = value_text(b);
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace atlas::store::sqlite
