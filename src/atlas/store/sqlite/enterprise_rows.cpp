// Reading and writing enterprise_year rows: the one place that knows the column order.
#include "atlas/store/sqlite/enterprise_rows.h"

#include "atlas/store/sqlite/store_impl.h"

namespace atlas::store::sqlite {

// Columns of enterprise_year in the order read_year expects.
const char* const kYearColumns[] = {"credit_code",
                                    "year",
                                    "cluster_id",
                                    "role",
                                    "high_tech",
                                    "specialised",
                                    "single_champion",
                                    "listed",
                                    "revenue",
                                    "industrial_output",
                                    "profit",
                                    "taxes",
                                    "exports",
                                    "rd_expenditure",
                                    "employment",
                                    "valid_invention_patents",
                                    "granted_invention_patents"};
const int kYearColumnCount = std::size(kYearColumns);

// "y.credit_code, y.year, …" for prefix "y.".
std::string year_columns(std::string_view prefix) {
  std::string out;
  for (const char* c : kYearColumns) {
    if (!out.empty()) out += ", ";
    out += prefix;
    out += c;
  }
  return out;
}

domain::EnterpriseYear read_year(SQLite::Statement& q, int first) {
  domain::EnterpriseYear y;
  int i = first;
  y.credit_code = q.getColumn(i++).getString();
  y.year = q.getColumn(i++).getInt();
  y.cluster_id = q.getColumn(i++).getInt64();
  y.role = domain::parse_role(q.getColumn(i++).getString()).value_or(domain::Role::kOther);
  y.high_tech = q.getColumn(i++).getInt() != 0;
  y.specialised = q.getColumn(i++).getInt() != 0;
  y.single_champion = q.getColumn(i++).getInt() != 0;
  y.listed = q.getColumn(i++).getInt() != 0;
  for (auto* field :
       {&y.revenue, &y.industrial_output, &y.profit, &y.taxes, &y.exports, &y.rd_expenditure,
        &y.employment, &y.valid_invention_patents, &y.granted_invention_patents}) {
    *field = optional_double(q.getColumn(i++));
  }
  return y;
}

domain::Enterprise read_enterprise(SQLite::Statement& q, int first) {
  domain::Enterprise e;
  e.credit_code = q.getColumn(first).getString();
  e.name = q.getColumn(first + 1).getString();
  e.lat = optional_double(q.getColumn(first + 2));
  e.lon = optional_double(q.getColumn(first + 3));
  e.synthetic = q.getColumn(first + 4).getInt() != 0;
  return e;
}

int bind_year(SQLite::Statement& q, const domain::EnterpriseYear& row, int first) {
  int i = first;
  q.bind(i++, row.credit_code);
  q.bind(i++, row.year);
  q.bind(i++, row.cluster_id);
  q.bind(i++, std::string(domain::role_key(row.role)));
  for (bool flag : {row.high_tech, row.specialised, row.single_champion, row.listed}) {
    q.bind(i++, flag ? 1 : 0);
  }
  for (const auto* field : {&row.revenue, &row.industrial_output, &row.profit, &row.taxes,
                            &row.exports, &row.rd_expenditure, &row.employment,
                            &row.valid_invention_patents, &row.granted_invention_patents}) {
    bind_optional(q, i++, *field);
  }
  return i;
}

}  // namespace atlas::store::sqlite
