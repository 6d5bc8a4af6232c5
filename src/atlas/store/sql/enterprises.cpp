// SqlStore: enterprises and their yearly rows, support records, and per-cluster totals.
#include <fmt/format.h>

#include <map>
#include <set>

#include "atlas/core/error.h"
#include "atlas/domain/rules.h"
#include "atlas/store/sql/enterprise_rows.h"
#include "atlas/store/sql/store_impl.h"

namespace atlas::store::sql {

// A batch is checked as if row by row — the first row that breaks a rule is named, as it would
// be alone — but looked up and written a chunk at a time (batches.cpp).
void SqlStore::add_enterprises(std::span<const domain::Enterprise> list, const Actor& actor) {
  in_transaction([&] {
    std::vector<std::string> codes;
    for (const auto& e : list) codes.push_back(e.credit_code);
    std::map<std::string, std::string, std::less<>> names;  // credit code → name, stored or added
    select_in("SELECT credit_code, name FROM enterprise WHERE credit_code IN", codes,
              [&](sql::Statement& q) {
                names.emplace(q.getColumn(0).getString(), q.getColumn(1).getString());
              });
    std::vector<AuditEntry> entries;
    for (const auto& e : list) {
      if (auto p = domain::enterprise_problem(e)) fail(ErrorKind::kBadInput, *p);
      if (auto [at, added] = names.emplace(e.credit_code, e.name); !added) {
        fail(ErrorKind::kRule, fmt::format("an enterprise with credit code {} already exists ({})",
                                           e.credit_code, at->second));
      }
      entries.push_back(audit_entry(actor, "add", "enterprise", e.credit_code, e.name));
    }
    insert_rows("enterprise (credit_code, name, lat, lon, synthetic)", list.size(),
                [&](sql::Statement& q, std::size_t row, int i) {
                  const auto& e = list[row];
                  q.bind(i, e.credit_code);
                  q.bind(i + 1, e.name);
                  bind_optional(q, i + 2, e.lat);
                  bind_optional(q, i + 3, e.lon);
                  q.bind(i + 4, e.synthetic ? 1 : 0);
                });
    append_audit(entries);
  });
}

std::optional<domain::Enterprise> SqlStore::enterprise(const std::string& credit_code) {
  auto& q = prepared(
      "SELECT credit_code, name, lat, lon, synthetic FROM enterprise WHERE credit_code = ?");
  q.bind(1, credit_code);
  if (!q.executeStep()) return std::nullopt;
  return read_enterprise(q, 0);
}

void SqlStore::add_enterprise_years(std::span<const domain::EnterpriseYear> rows,
                                    const Actor& actor) {
  in_transaction([&] {
    // What the rows name, looked up once for the batch: the enterprises stored, and the current
    // row each holds in each year (by the (year, credit code) index, one year at a time).
    std::map<int, std::set<std::string>> codes_by_year;
    std::set<std::string> named;
    for (const auto& row : rows) {
      codes_by_year[row.year].insert(row.credit_code);
      named.insert(row.credit_code);
    }
    std::set<std::string, std::less<>> enterprises;
    select_in("SELECT credit_code FROM enterprise WHERE credit_code IN",
              {named.begin(), named.end()},
              [&](sql::Statement& q) { enterprises.insert(q.getColumn(0).getString()); });
    std::map<std::pair<int, std::string>, std::int64_t> held;  // (year, code) → its cluster
    for (const auto& [year, list] : codes_by_year) {
      select_in(
          "SELECT credit_code, cluster_id FROM enterprise_year WHERE current = 1 AND year = ? "
          "AND credit_code IN",
          {list.begin(), list.end()},
          [&](sql::Statement& q) {
            held.emplace(std::pair(year, q.getColumn(0).getString()), q.getColumn(1).getInt64());
          },
          {year});
    }
    std::set<std::int64_t> clusters;  // found already: a batch names few
    std::vector<AuditEntry> entries;
    for (const auto& row : rows) {
      if (auto p = domain::enterprise_year_problem(row)) {
        fail(ErrorKind::kBadInput, fmt::format("{} in {}: {}", row.credit_code, row.year, *p));
      }
      if (!enterprises.contains(row.credit_code)) {
        fail(ErrorKind::kNotFound,
             fmt::format("no enterprise with credit code {}; add it first", row.credit_code));
      }
      if (!clusters.contains(row.cluster_id)) {
        if (!cluster(row.cluster_id)) {
          fail(ErrorKind::kNotFound, fmt::format("no cluster with id {}", row.cluster_id));
        }
        clusters.insert(row.cluster_id);
      }
      // A row held already, stored or earlier in the batch.
      if (auto [at, added] = held.emplace(std::pair(row.year, row.credit_code), row.cluster_id);
          !added) {
        fail(ErrorKind::kRule,
             fmt::format("enterprise {} already has a row for {} (in cluster id {}); an "
                         "enterprise belongs to one cluster per year",
                         row.credit_code, row.year, at->second));
      }
      entries.push_back(audit_entry(actor, "add", "enterprise_year",
                                    fmt::format("{}/{}", row.credit_code, row.year),
                                    fmt::format("cluster {}", row.cluster_id)));
    }
    insert_rows(
        fmt::format("enterprise_year ({})", year_columns("")), rows.size(),
        [&](sql::Statement& q, std::size_t row, int first) { bind_year(q, rows[row], first); });
    append_audit(entries);
  });
}

std::vector<domain::EnterpriseYear> SqlStore::enterprise_years(const std::string& credit_code) {
  auto& q = prepared(
      fmt::format("WITH RECURSIVE {} SELECT {} FROM current_years c JOIN enterprise_year y "
                  "ON y.year = c.year AND y.credit_code = ? AND y.current = 1 ORDER BY y.year",
                  kCurrentYears, year_columns("y.")));
  q.bind(1, credit_code);
  std::vector<domain::EnterpriseYear> out;
  while (q.executeStep()) out.push_back(read_year(q, 0));
  return out;
}

void SqlStore::each_enterprise(const EnterpriseFilter& f,
                               const std::function<void(const EnterpriseListing&)>& row) {
  // Only the filters given: `?1 IS NULL OR y.year = ?1` would keep SQLite from seeking the
  // year in the (year, credit_code) index, and a year's export would read every year's rows.
  std::string where = "y.current = 1";
  if (f.year) where += " AND y.year = ?1";
  if (f.cluster_id) where += " AND y.cluster_id = ?2";
  if (f.province_code) where += " AND c.province_code = ?3";
  if (f.high_tech) where += " AND y.high_tech = ?4";
  auto& q = prepared(
      fmt::format("SELECT {}, e.credit_code, e.name, e.lat, e.lon, e.synthetic, c.name "
                  "FROM enterprise_year y JOIN enterprise e ON e.credit_code = y.credit_code "
                  "JOIN cluster c ON c.id = y.cluster_id WHERE {} "
                  "ORDER BY y.year, c.id, y.revenue IS NULL, y.revenue DESC, y.credit_code{}",
                  year_columns("y."), where, f.limit > 0 ? " LIMIT ?5" : ""),
      sql::Rows::kMany);
  if (f.year) q.bind(1, *f.year);
  if (f.cluster_id) q.bind(2, *f.cluster_id);
  if (f.province_code) q.bind(3, *f.province_code);
  if (f.high_tech) q.bind(4, *f.high_tech ? 1 : 0);
  if (f.limit > 0) q.bind(5, f.limit);
  EnterpriseListing l;
  while (q.executeStep()) {
    l.enterprise = read_enterprise(q, kYearColumnCount);
    l.year = read_year(q, 0);
    l.cluster_name = q.getColumn(kYearColumnCount + 5).getString();
    row(l);
  }
}

void SqlStore::add_support(std::string_view table, std::string_view columns, std::size_t count,
                           const std::function<std::optional<std::string>(std::size_t)>& problem,
                           const std::function<std::int64_t(std::size_t)>& cluster_of,
                           const std::function<void(sql::Statement&, std::size_t, int)>& bind,
                           const Actor& actor) {
  in_transaction([&] {
    std::set<std::int64_t> clusters;  // found already: a list names few
    for (std::size_t i = 0; i < count; ++i) {
      // Which record of a list, so that it can be found; one added alone is the one.
      auto which = [&](const std::string& message) {
        return count == 1 ? message : fmt::format("record {} of {}: {}", i + 1, count, message);
      };
      if (auto p = problem(i)) fail(ErrorKind::kBadInput, which(*p));
      const std::int64_t id = cluster_of(i);
      if (!clusters.contains(id)) {
        if (!cluster(id)) {
          fail(ErrorKind::kNotFound, which(fmt::format("no cluster with id {}", id)));
        }
        clusters.insert(id);
      }
    }
    std::vector<AuditEntry> entries;
    insert_rows(fmt::format("{} ({})", table, columns), count, bind, "id, name",
                [&](sql::Statement& q) {
                  entries.push_back(audit_entry(actor, "add", table,
                                                std::to_string(q.getColumn(0).getInt64()),
                                                q.getColumn(1).getString()));
                });
    append_audit(entries);
  });
}

void SqlStore::add_platforms(std::span<const domain::Platform> list, const Actor& actor) {
  add_support(
      "platform", "cluster_id, name, level, kind, year_established", list.size(),
      [&](std::size_t i) { return domain::platform_problem(list[i]); },
      [&](std::size_t i) { return list[i].cluster_id; },
      [&](sql::Statement& q, std::size_t row, int i) {
        const auto& p = list[row];
        q.bind(i, p.cluster_id);
        q.bind(i + 1, p.name);
        q.bind(i + 2, p.level);
        q.bind(i + 3, p.kind);
        if (p.year_established) {
          q.bind(i + 4, *p.year_established);
        } else {
          q.bind(i + 4);
        }
      },
      actor);
}

void SqlStore::add_institutions(std::span<const domain::ServiceInstitution> list,
                                const Actor& actor) {
  add_support(
      "service_institution",
      "cluster_id, year, name, legal_representative, national, category, main_services",
      list.size(), [&](std::size_t i) { return domain::institution_problem(list[i]); },
      [&](std::size_t i) { return list[i].cluster_id; },
      [&](sql::Statement& q, std::size_t row, int i) {
        const auto& s = list[row];
        q.bind(i, s.cluster_id);
        q.bind(i + 1, s.year);
        q.bind(i + 2, s.name);
        q.bind(i + 3, s.legal_representative);
        q.bind(i + 4, s.national ? 1 : 0);
        q.bind(i + 5, static_cast<int>(s.category));
        q.bind(i + 6, s.main_services);
      },
      actor);
}

void SqlStore::add_alliances(std::span<const domain::Alliance> list, const Actor& actor) {
  add_support(
      "alliance", "cluster_id, year, name, backbone_members, other_members", list.size(),
      [&](std::size_t i) { return domain::alliance_problem(list[i]); },
      [&](std::size_t i) { return list[i].cluster_id; },
      [&](sql::Statement& q, std::size_t row, int i) {
        const auto& a = list[row];
        q.bind(i, a.cluster_id);
        q.bind(i + 1, a.year);
        q.bind(i + 2, a.name);
        q.bind(i + 3, a.backbone_members);
        q.bind(i + 4, a.other_members);
      },
      actor);
}

std::vector<ClusterYearTotals> SqlStore::enterprise_totals(int year) {
  // Summed here, in credit-code order (the current rows' index order), not by SQL's sum(): the
  // order a database adds floating-point figures in is its own plan's, and SQLite's and
  // PostgreSQL's differ, which changed the last digits of a sum. In one fixed order both
  // backends, and a database copied between them, give the same totals to the last bit.
  auto& q = prepared(
      "SELECT cluster_id, high_tech, specialised, single_champion, revenue, industrial_output, "
      "profit, taxes, exports, rd_expenditure, employment, valid_invention_patents, "
      "granted_invention_patents FROM enterprise_year WHERE year = ? AND current = 1 "
      "ORDER BY credit_code",
      sql::Rows::kMany);
  q.bind(1, year);
  std::map<std::int64_t, ClusterYearTotals> totals;
  while (q.executeStep()) {
    const std::int64_t cluster = q.getColumn(0).getInt64();
    ClusterYearTotals& t = totals[cluster];
    t.cluster_id = cluster;
    t.year = year;
    const bool high_tech = q.getColumn(1).getInt() != 0, specialised = q.getColumn(2).getInt() != 0,
               champion = q.getColumn(3).getInt() != 0;
    auto count = [](std::optional<std::int64_t>& n, bool yes) { n = n.value_or(0) + yes; };
    count(t.firms, true);
    count(t.high_tech_firms, high_tech);
    count(t.specialised_firms, specialised);
    count(t.single_champion_firms, champion);
    count(t.qualified_firms, high_tech || specialised || champion);
    int i = 4;
    // A sum over no reported figure is missing, as SQL's sum() of NULLs is.
    for (auto* field :
         {&t.revenue, &t.industrial_output, &t.profit, &t.taxes, &t.exports, &t.rd_expenditure,
          &t.employment, &t.valid_invention_patents, &t.granted_invention_patents}) {
      const auto c = q.getColumn(i++);
      if (!c.isNull()) *field = field->value_or(0.0) + c.getDouble();
    }
  }
  std::vector<ClusterYearTotals> out;
  out.reserve(totals.size());
  for (auto& [id, t] : totals) out.push_back(t);
  return out;
}

std::vector<int> SqlStore::years_with_data() {
  auto& q = prepared(
      fmt::format("WITH RECURSIVE {} SELECT year FROM current_years WHERE year IS NOT NULL "
                  "UNION SELECT year FROM cluster_year WHERE current = 1 ORDER BY year",
                  kCurrentYears));
  std::vector<int> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getInt());
  return out;
}

}  // namespace atlas::store::sql
