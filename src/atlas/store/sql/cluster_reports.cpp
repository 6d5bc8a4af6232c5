// SqlStore: the cluster-level forms — a cluster's own yearly report (JQ01 totals), platforms,
// JQ03 institutions, JQ04 alliances — imported as revisions, compared, and merged with the sums
// over enterprise rows into the totals that statistics and evaluation read.
#include <fmt/format.h>

#include <map>
#include <set>
#include <tuple>

#include "atlas/domain/figures.h"
#include "atlas/domain/rules.h"
#include "atlas/store/sql/store_impl.h"

namespace atlas::store::sql {
namespace {

// The count columns of cluster_year, then its money and figure columns, in one order.
constexpr const char* kReportCounts[] = {
    "firms",        "high_tech_firms",    "specialised_firms",   "single_champion_firms",
    "institutions", "national_platforms", "provincial_platforms"};
std::optional<std::int64_t> domain::ClusterReport::*const kCountMembers[] = {
    &domain::ClusterReport::firms,
    &domain::ClusterReport::high_tech_firms,
    &domain::ClusterReport::specialised_firms,
    &domain::ClusterReport::single_champion_firms,
    &domain::ClusterReport::institutions,
    &domain::ClusterReport::national_platforms,
    &domain::ClusterReport::provincial_platforms};

std::string report_columns() {
  std::string out;
  for (const char* c : kReportCounts) out += fmt::format("{}, ", c);
  for (const auto& f : domain::kFigures) out += fmt::format("{}, ", f.name);
  out.resize(out.size() - 2);
  return out;
}

domain::ClusterReport read_report(sql::Statement& q, int first) {
  domain::ClusterReport r;
  int i = first;
  for (auto member : kCountMembers) {
    if (!q.getColumn(i).isNull()) r.*member = q.getColumn(i).getInt64();
    ++i;
  }
  for (const auto& f : domain::kFigures) r.*f.of_cluster = optional_double(q.getColumn(i++));
  return r;
}

// A table of cluster-level records as `diff` compares them.
struct RecordTable {
  const char* kind;
  const char* table;
  const char* name;  // the column naming a record within a cluster and year; "" for none
  const char* year;  // the year column, or "NULL"
  std::vector<std::string> fields;
};

const RecordTable& record_table(const std::string& kind) {
  static const std::vector<RecordTable> kTables = [] {
    std::vector<std::string> report(std::begin(kReportCounts), std::end(kReportCounts));
    for (const auto& f : domain::kFigures) report.push_back(f.name);
    return std::vector<RecordTable>{
        {"clusters", "cluster_year", "", "year", report},
        {"platforms", "platform", "name", "NULL", {"level", "kind", "year_established"}},
        {"institutions",
         "service_institution",
         "name",
         "year",
         {"legal_representative", "national", "category", "main_services"}},
        {"alliances", "alliance", "name", "year", {"backbone_members", "other_members"}}};
  }();
  for (const auto& t : kTables) {
    if (kind == t.kind) return t;
  }
  throw Error(ErrorKind::kInternal, fmt::format("no record table for '{}'", kind));
}

}  // namespace

std::optional<domain::ClusterReport> SqlStore::cluster_report(std::int64_t cluster_id, int year) {
  auto& q = prepared(
      fmt::format("SELECT {} FROM cluster_year WHERE cluster_id = ? AND year = ? AND current = 1",
                  report_columns()));
  q.bind(1, cluster_id);
  q.bind(2, year);
  if (!q.executeStep()) return std::nullopt;
  auto r = read_report(q, 0);
  r.cluster_id = cluster_id;
  r.year = year;
  return r;
}

std::vector<domain::ClusterReport> SqlStore::cluster_reports(int year) {
  auto& q = prepared(fmt::format(
      "SELECT cluster_id, {} FROM cluster_year WHERE year = ? AND current = 1 ORDER BY cluster_id",
      report_columns()));
  q.bind(1, year);
  std::vector<domain::ClusterReport> out;
  while (q.executeStep()) {
    auto r = read_report(q, 1);
    r.cluster_id = q.getColumn(0).getInt64();
    r.year = year;
    out.push_back(r);
  }
  return out;
}

std::vector<domain::Platform> SqlStore::platforms() {
  auto& q = prepared(
      "SELECT cluster_id, name, level, kind, year_established FROM platform WHERE current = 1 "
      "ORDER BY cluster_id, level, name");
  std::vector<domain::Platform> out;
  while (q.executeStep()) {
    domain::Platform p;
    p.cluster_id = q.getColumn(0).getInt64();
    p.name = q.getColumn(1).getString();
    p.level = q.getColumn(2).getString();
    p.kind = q.getColumn(3).getString();
    if (!q.getColumn(4).isNull()) p.year_established = q.getColumn(4).getInt();
    out.push_back(p);
  }
  return out;
}

std::vector<domain::ServiceInstitution> SqlStore::institutions(int year) {
  auto& q = prepared(
      "SELECT cluster_id, name, legal_representative, national, category, main_services "
      "FROM service_institution WHERE year = ? AND current = 1 ORDER BY cluster_id, id");
  q.bind(1, year);
  std::vector<domain::ServiceInstitution> out;
  while (q.executeStep()) {
    domain::ServiceInstitution s;
    s.cluster_id = q.getColumn(0).getInt64();
    s.year = year;
    s.name = q.getColumn(1).getString();
    s.legal_representative = q.getColumn(2).getString();
    s.national = q.getColumn(3).getInt() != 0;
    s.category = static_cast<domain::InstitutionCategory>(q.getColumn(4).getInt());
    s.main_services = q.getColumn(5).getString();
    out.push_back(s);
  }
  return out;
}

std::vector<domain::Alliance> SqlStore::alliances(int year) {
  auto& q = prepared(
      "SELECT cluster_id, name, backbone_members, other_members FROM alliance "
      "WHERE year = ? AND current = 1 ORDER BY cluster_id, id");
  q.bind(1, year);
  std::vector<domain::Alliance> out;
  while (q.executeStep()) {
    domain::Alliance a;
    a.cluster_id = q.getColumn(0).getInt64();
    a.year = year;
    a.name = q.getColumn(1).getString();
    a.backbone_members = q.getColumn(2).getInt();
    a.other_members = q.getColumn(3).getInt();
    out.push_back(a);
  }
  return out;
}

SupportCounts SqlStore::support_counts(std::int64_t cluster_id, int year) {
  auto& q = prepared(
      "SELECT "
      "(SELECT count(*) FROM platform WHERE cluster_id = ?1 AND current = 1 "
      "  AND level = 'national' AND coalesce(year_established, 0) <= ?2), "
      "(SELECT count(*) FROM platform WHERE cluster_id = ?1 AND current = 1 "
      "  AND level = 'provincial' AND coalesce(year_established, 0) <= ?2), "
      "(SELECT count(*) FROM service_institution WHERE cluster_id = ?1 AND year = ?2 "
      "  AND current = 1), "
      "(SELECT count(*) FROM alliance WHERE cluster_id = ?1 AND year = ?2 AND current = 1), "
      "(SELECT count(*) FROM platform WHERE cluster_id = ?1 AND current = 1)");
  q.bind(1, cluster_id);
  q.bind(2, year);
  q.executeStep();
  // A count comes from the records where there are any, else from the cluster's JQ01 report;
  // with neither it was never reported, which is not the same as none.
  SupportCounts c;
  bool platform_rows = q.getColumn(4).getInt64() > 0;
  if (platform_rows) {
    c.national_platforms = q.getColumn(0).getInt64();
    c.provincial_platforms = q.getColumn(1).getInt64();
  }
  c.institution_rows = q.getColumn(2).getInt64();
  if (c.institution_rows > 0) c.institutions = c.institution_rows;
  if (auto alliances = q.getColumn(3).getInt64(); alliances > 0) c.alliances = alliances;
  q.reset();
  if (auto report = cluster_report(cluster_id, year)) {
    if (!platform_rows) {
      c.national_platforms = report->national_platforms;
      c.provincial_platforms = report->provincial_platforms;
    }
    if (c.institution_rows == 0) c.institutions = report->institutions;
  }
  return c;
}

FiguresVersion SqlStore::figures_version() {
  // One index look-up per entity (audit_log_entity); max() over an IN list would scan them all.
  auto& q = prepared(
      "SELECT id, hash FROM audit_log WHERE id = (SELECT max(m) FROM ("
      "SELECT max(id) AS m FROM audit_log WHERE entity = 'enterprise' "
      "UNION ALL SELECT max(id) FROM audit_log WHERE entity = 'enterprise_year' "
      "UNION ALL SELECT max(id) FROM audit_log WHERE entity = 'revision' "
      "UNION ALL SELECT max(id) FROM audit_log WHERE entity = 'platform' "
      "UNION ALL SELECT max(id) FROM audit_log WHERE entity = 'service_institution' "
      "UNION ALL SELECT max(id) FROM audit_log WHERE entity = 'alliance') AS latest)");
  FiguresVersion version;
  if (q.executeStep()) version = {q.getColumn(0).getInt64(), q.getColumn(1).getString()};
  q.reset();
  return version;
}

std::vector<ClusterYearTotals> SqlStore::cluster_year_totals(int year) {
  // Read before the totals: what they sum is at least this new.
  const auto version = figures_version();
  if (auto kept = kept_totals(where_, year, version)) return *kept;
  std::map<std::int64_t, ClusterYearTotals> totals;
  for (auto& t : enterprise_totals(year)) totals[t.cluster_id] = t;
  for (const auto& r : cluster_reports(year)) {
    totals[r.cluster_id] = metrics::with_report(totals[r.cluster_id], r);
  }
  std::vector<ClusterYearTotals> out;
  for (auto& [id, t] : totals) out.push_back(t);
  // Not kept inside a transaction: it may still roll back what was read.
  if (depth_ == 0) keep_totals(where_, year, version, out);
  return out;
}

std::int64_t SqlStore::import_cluster_rows(ImportRevision& meta, const Actor& actor,
                                           const ClusterLevelRows& rows) {
  std::int64_t id = 0;
  in_transaction([&] {
    id = open_revision(meta, actor);
    const auto& t = record_table(meta.kind);
    // Which (cluster, year) — for platforms, which cluster — this file speaks for.
    std::set<std::pair<std::int64_t, int>> covered;
    for (const auto& r : rows.reports) covered.insert({r.value.cluster_id, r.value.year});
    for (const auto& r : rows.platforms) covered.insert({r.value.cluster_id, 0});
    for (const auto& r : rows.institutions) covered.insert({r.value.cluster_id, r.value.year});
    for (const auto& r : rows.alliances) covered.insert({r.value.cluster_id, r.value.year});
    auto supersede = db_.statement(
        fmt::format("UPDATE {} SET current = 0 WHERE current = 1 AND cluster_id = ?1{}", t.table,
                    std::string(t.year) == "NULL" ? "" : " AND year = ?2"));
    for (auto [cluster, year] : covered) {
      if (!this->cluster(cluster)) {
        fail(ErrorKind::kNotFound, fmt::format("no cluster with id {}", cluster));
      }
      supersede->reset();
      supersede->bind(1, cluster);
      if (std::string(t.year) != "NULL") supersede->bind(2, year);
      supersede->exec();
    }

    std::string columns;
    for (const auto& f : t.fields) columns += ", " + f;
    std::string name = *t.name ? fmt::format(", {}", t.name) : "";
    std::string year = std::string(t.year) == "NULL" ? "" : ", year";
    int n = static_cast<int>(t.fields.size()) + (*t.name ? 1 : 0) + (year.empty() ? 0 : 1);
    std::string params;
    for (int i = 0; i < n; ++i) params += ", ?";
    auto statement = db_.statement(fmt::format(
        "INSERT INTO {} (revision_id, source_line, cluster_id{}{}{}) VALUES (?, ?, ?{})", t.table,
        year, name, columns, params));
    auto& insert = *statement;
    auto start = [&](std::int64_t line, std::int64_t cluster) {
      insert.reset();
      insert.bind(1, id);
      insert.bind(2, line);
      insert.bind(3, cluster);
      return 4;
    };
    for (const auto& [line, r] : rows.reports) {
      int i = start(line, r.cluster_id);
      insert.bind(i++, r.year);
      for (auto member : kCountMembers) {
        if (r.*member) {
          insert.bind(i++, *(r.*member));
        } else {
          insert.bind(i++);
        }
      }
      for (const auto& f : domain::kFigures) bind_optional(insert, i++, r.*f.of_cluster);
      insert.exec();
    }
    for (const auto& [line, p] : rows.platforms) {
      if (auto problem = domain::platform_problem(p)) fail(ErrorKind::kBadInput, *problem);
      int i = start(line, p.cluster_id);
      insert.bind(i++, p.name);
      insert.bind(i++, p.level);
      insert.bind(i++, p.kind);
      if (p.year_established) {
        insert.bind(i, *p.year_established);
      } else {
        insert.bind(i);
      }
      insert.exec();
    }
    for (const auto& [line, s] : rows.institutions) {
      if (auto problem = domain::institution_problem(s)) fail(ErrorKind::kBadInput, *problem);
      int i = start(line, s.cluster_id);
      insert.bind(i++, s.year);
      insert.bind(i++, s.name);
      insert.bind(i++, s.legal_representative);
      insert.bind(i++, s.national ? 1 : 0);
      insert.bind(i++, static_cast<int>(s.category));
      insert.bind(i, s.main_services);
      insert.exec();
    }
    for (const auto& [line, a] : rows.alliances) {
      if (auto problem = domain::alliance_problem(a)) fail(ErrorKind::kBadInput, *problem);
      int i = start(line, a.cluster_id);
      insert.bind(i++, a.year);
      insert.bind(i++, a.name);
      insert.bind(i++, a.backbone_members);
      insert.bind(i, a.other_members);
      insert.exec();
    }
    close_revision(id, meta, actor);
  });
  return id;
}

std::vector<RevisionChange> SqlStore::diff_cluster_rows(const std::string& kind, std::int64_t from,
                                                        std::int64_t to) {
  const auto& t = record_table(kind);
  using Key = std::tuple<int, std::string, std::string>;  // year, cluster name, record name
  struct Versions {
    std::string cluster_id;
    std::optional<std::vector<std::string>> values[2];  // NULL stored as "\x01"
  };
  std::map<Key, Versions> rows;
  std::string fields;
  for (const auto& f : t.fields) fields += ", r." + f;
  auto statement = db_.statement(
      fmt::format("SELECT {}, c.name, {}, r.cluster_id{} FROM {} r "
                  "JOIN cluster c ON c.id = r.cluster_id WHERE r.revision_id = ?",
                  std::string(t.year) == "NULL" ? "0" : "r.year",
                  *t.name ? std::string("r.") + t.name : std::string("''"), fields, t.table));
  auto& q = *statement;
  for (int side = 0; side < 2; ++side) {
    q.reset();
    q.bind(1, side == 0 ? from : to);
    while (q.executeStep()) {
      Key key{q.getColumn(0).getInt(), q.getColumn(1).getString(), q.getColumn(2).getString()};
      auto& v = rows[key];
      v.cluster_id = q.getColumn(3).getString();
      std::vector<std::string> values;
      for (std::size_t f = 0; f < t.fields.size(); ++f) {
        const auto& c = q.getColumn(4 + static_cast<int>(f));
        values.push_back(c.isNull() ? "\x01" : value_text(c));
      }
      v.values[side] = std::move(values);
    }
  }
  std::vector<RevisionChange> out;
  for (const auto& [key, v] : rows) {
    RevisionChange base;
    base.key = v.cluster_id;
    base.year = std::get<0>(key);
    base.name = std::get<1>(key) + (std::get<2>(key).empty() ? "" : " / " + std::get<2>(key));
    if (v.values[0].has_value() != v.values[1].has_value()) {
      RevisionChange c = base;
      c.field = "row";
      (v.values[0] ? c.old_value : c.new_value) = "present";
      out.push_back(c);
      continue;
    }
    for (std::size_t f = 0; f < t.fields.size(); ++f) {
      const auto& a = (*v.values[0])[f];
      const auto& b = (*v.values[1])[f];
      if (a == b) continue;
      RevisionChange c = base;
      c.field = t.fields[f];
      if (a != "\x01") c.old_value = a;
      if (b != "\x01") c.new_value = b;
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace atlas::store::sql
