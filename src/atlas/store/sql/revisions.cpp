// SqlStore: imports as revisions, their history, and the difference between two of them.
// Writing an import's enterprise rows is SQLite's own (sqlite_import.cpp).
#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/store/sql/enterprise_rows.h"
#include "atlas/store/sql/store_impl.h"

namespace atlas::store::sql {

namespace {

constexpr const char* kRevisionColumns =
    "id, kind, year, file_name, sha256, encoding, rows_read, rows_imported, rows_rejected, "
    "warnings, operator, imported_at";

ImportRevision read_revision(sql::Statement& q) {
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

std::string value_text(const sql::Column& c) {
  if (c.isNull()) return "";
  if (c.isFloat()) return fmt::format("{}", c.getDouble());
  return c.getString();
}

std::int64_t SqlStore::open_revision(const ImportRevision& meta, const Actor& actor) {
  auto& q = prepared(
      "INSERT INTO import_revision (kind, year, file_name, sha256, encoding, rows_read, "
      "rows_imported, rows_rejected, warnings, operator, imported_at) "
      "VALUES (?, ?, ?, '', '', 0, 0, 0, 0, ?, ?) RETURNING id");
  q.bind(1, meta.kind);
  if (meta.year) q.bind(2, *meta.year);
  q.bind(3, meta.file_name);
  q.bind(4, actor.name);
  q.bind(5, actor.at);
  return q.returning_id();
}

void SqlStore::close_revision(std::int64_t id, ImportRevision& meta, const Actor& actor,
                              bool reserved) {
  if (reserved) {
    auto& q = prepared(
        "INSERT INTO import_revision (id, kind, year, file_name, sha256, encoding, rows_read, "
        "rows_imported, rows_rejected, warnings, operator, imported_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, id);
    q.bind(2, meta.kind);
    if (meta.year) q.bind(3, *meta.year);
    q.bind(4, meta.file_name);
    q.bind(5, meta.sha256);
    q.bind(6, meta.encoding);
    q.bind(7, meta.rows_read);
    q.bind(8, meta.rows_imported);
    q.bind(9, meta.rows_rejected);
    q.bind(10, meta.warnings);
    q.bind(11, actor.name);
    q.bind(12, actor.at);
    q.exec();
  } else {
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
  }
  audit(actor, "import", "revision", std::to_string(id),
        fmt::format("{} {} row{} from {} (sha256 {})", meta.kind, meta.rows_imported,
                    meta.rows_imported == 1 ? "" : "s", meta.file_name, meta.sha256));
  meta.id = id;
  meta.operator_name = actor.name;
  meta.imported_at = actor.at;
}

std::optional<ImportRevision> SqlStore::revision_with_hash(const std::string& kind,
                                                           const std::string& sha256,
                                                           std::optional<int> year) {
  auto& q =
      prepared(fmt::format("SELECT {} FROM import_revision WHERE kind = ?1 AND sha256 = ?2 AND "
                           "year IS NOT DISTINCT FROM CAST(?3 AS BIGINT) ORDER BY id LIMIT 1",
                           kRevisionColumns));
  q.bind(1, kind);
  q.bind(2, sha256);
  if (year) q.bind(3, *year);
  if (!q.executeStep()) return std::nullopt;
  return read_revision(q);
}

std::vector<ImportRevision> SqlStore::revisions(std::optional<std::int64_t> cluster_id,
                                                std::optional<int> year) {
  auto& q = prepared(fmt::format(
      "WITH row (revision_id, cluster_id, year) AS ("
      "  SELECT revision_id, cluster_id, year FROM enterprise_year "
      "  UNION ALL SELECT revision_id, cluster_id, year FROM cluster_year "
      "  UNION ALL SELECT revision_id, cluster_id, NULL FROM platform "
      "  UNION ALL SELECT revision_id, cluster_id, year FROM service_institution "
      "  UNION ALL SELECT revision_id, cluster_id, year FROM alliance) "
      "SELECT {} FROM import_revision r WHERE "
      "(CAST(?1 AS BIGINT) IS NULL OR r.id IN (SELECT revision_id FROM row WHERE cluster_id = ?1)) "
      "AND (CAST(?2 AS BIGINT) IS NULL OR r.year = ?2 OR "
      "r.id IN (SELECT revision_id FROM row WHERE year = ?2)) "
      "ORDER BY r.id",
      kRevisionColumns));
  if (cluster_id) q.bind(1, *cluster_id);
  if (year) q.bind(2, *year);
  std::vector<ImportRevision> out;
  while (q.executeStep()) out.push_back(read_revision(q));
  return out;
}

std::optional<ImportRevision> SqlStore::revision(std::int64_t id) {
  auto& q = prepared(fmt::format("SELECT {} FROM import_revision WHERE id = ?", kRevisionColumns));
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return read_revision(q);
}

std::vector<RevisionChange> SqlStore::diff_revisions(std::int64_t from, std::int64_t to) {
  auto a = revision(from), b = revision(to);
  if (!a || !b) fail(ErrorKind::kNotFound, fmt::format("no revision {}", a ? to : from));
  if (a->kind != b->kind) {
    fail(ErrorKind::kUsage, fmt::format("revision {} holds {} and revision {} holds {}; compare "
                                        "two revisions of one kind",
                                        from, a->kind, to, b->kind));
  }
  if (a->kind != "enterprises") return diff_cluster_rows(a->kind, from, to);
  // Each revision's rows in (year, credit code) order, merged: a join of the two would look up
  // every row of one in the other, which SQLite did by scanning it (minutes at 500,000 rows).
  auto rows_of = [&](std::int64_t revision) {
    auto q = db_.statement(fmt::format("SELECT {}, e.name FROM enterprise_year y "
                                       "JOIN enterprise e ON e.credit_code = y.credit_code "
                                       "WHERE y.revision_id = ? ORDER BY y.year, y.credit_code",
                                       year_columns("y.")),
                           sql::Rows::kMany);
    q->bind(1, revision);
    return q;
  };
  auto old_rows = rows_of(from), new_rows = rows_of(to);
  bool more_old = old_rows->executeStep(), more_new = new_rows->executeStep();
  const int name_column = kYearColumnCount;
  auto key = [](sql::Statement& q) {
    return std::make_pair(q.getColumn(1).getInt(), q.getColumn(0).getString());
  };
  auto change = [&](sql::Statement& q, const std::string& field) {
    RevisionChange c;
    c.key = q.getColumn(0).getString();
    c.year = q.getColumn(1).getInt();
    c.name = q.getColumn(name_column).getString();
    c.field = field;
    return c;
  };
  std::vector<RevisionChange> out;
  while (more_old || more_new) {
    int order = more_old ? -1 : 1;  // which side comes first: -1 old, 1 new, 0 both
    if (more_old && more_new) {
      auto old_key = key(*old_rows), new_key = key(*new_rows);
      order = old_key < new_key ? -1 : new_key < old_key ? 1 : 0;
    }
    if (order != 0) {  // a row only one revision has
      auto& q = order < 0 ? *old_rows : *new_rows;
      RevisionChange c = change(q, "row");
      (order < 0 ? c.old_value : c.new_value) = "present";
      out.push_back(c);
      (order < 0 ? more_old : more_new) = q.executeStep();
      continue;
    }
    for (int f = 2; f < kYearColumnCount; ++f) {
      const auto& a = old_rows->getColumn(f);
      const auto& b = new_rows->getColumn(f);
      bool same = a.isNull() == b.isNull() &&
                  (a.isNull() || (a.isFloat() || b.isFloat() ? a.getDouble() == b.getDouble()
                                                             : a.getString() == b.getString()));
      if (same) continue;
      RevisionChange c = change(*new_rows, kYearColumns[f]);
      if (!a.isNull()) c.old_value = value_text(a);
      if (!b.isNull()) c.new_value = value_text(b);
      out.push_back(c);
    }
    more_old = old_rows->executeStep();
    more_new = new_rows->executeStep();
  }
  return out;
}

}  // namespace atlas::store::sql
