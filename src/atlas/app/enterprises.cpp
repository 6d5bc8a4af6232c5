#include "atlas/app/enterprises.h"

#include <fmt/format.h>

#include "atlas/core/error.h"

namespace atlas::app {
namespace {

std::string flags_text(const domain::EnterpriseYear& y) {
  std::string s;
  for (auto [on, name] : {std::pair{y.high_tech, "高新"},
                          {y.specialised, "专精特新"},
                          {y.single_champion, "单项冠军"},
                          {y.listed, "上市"}}) {
    if (!on) continue;
    if (!s.empty()) s += " ";
    s += name;
  }
  return s;
}

// Money in the terminal as 万元; CSV and JSON keep 元.
const report::Column kRevenue{"revenue_yuan", "营业收入(万元)", 0, true, 1e4};

}  // namespace

report::Table enterprise_list(const Database& db, const EnterpriseListRequest& request) {
  auto& store = db.store();
  store::EnterpriseFilter filter;
  filter.year = db.year_or_latest(request.year);
  if (!request.cluster.empty()) filter.cluster_id = db.cluster(request.cluster).id;
  if (!request.province.empty()) filter.province_code = db.province(request.province).code;
  if (request.high_tech) filter.high_tech = true;
  filter.limit = request.limit;
  report::Table t;
  t.columns = {{"credit_code", "统一社会信用代码"},
               {"name", "企业名称"},
               {"cluster", "集群"},
               {"year", "年份", -1, true, 1, false},
               {"role", "角色"},
               {"flags", "资质"},
               kRevenue,
               {"employment", "从业人员", 0, true},
               {"valid_invention_patents", "有效发明专利", 0, true}};
  store.each_enterprise(filter, [&](const store::EnterpriseListing& l) {
    t.add_row({l.enterprise.credit_code, l.enterprise.name, l.cluster_name,
               static_cast<std::int64_t>(l.year.year), std::string(domain::role_key(l.year.role)),
               flags_text(l.year), report::cell(l.year.revenue),
               report::count_cell(l.year.employment),
               report::count_cell(l.year.valid_invention_patents)});
  });
  return t;
}

report::Table enterprise_years(const Database& db, const std::string& credit_code) {
  auto& store = db.store();
  auto e = store.enterprise(credit_code);
  if (!e) {
    throw Error(ErrorKind::kNotFound,
                fmt::format("no enterprise with credit code {}", credit_code));
  }
  report::Table t;
  t.columns = {{"year", "年份", -1, true, 1, false},
               {"cluster", "集群"},
               {"role", "角色"},
               {"flags", "资质"},
               kRevenue,
               {"profit_yuan", "净利润(万元)", 0, true, 1e4},
               {"rd_expenditure_yuan", "研发经费(万元)", 0, true, 1e4},
               {"employment", "从业人员", 0, true},
               {"valid_invention_patents", "有效发明专利", 0, true}};
  for (const auto& y : store.enterprise_years(credit_code)) {
    auto c = store.cluster(y.cluster_id);
    t.add_row({static_cast<std::int64_t>(y.year), c ? c->name : "",
               std::string(domain::role_key(y.role)), flags_text(y), report::cell(y.revenue),
               report::cell(y.profit), report::cell(y.rd_expenditure),
               report::count_cell(y.employment), report::count_cell(y.valid_invention_patents)});
  }
  t.notes.push_back(fmt::format("{} {}{}", e->credit_code, e->name,
                                e->lat ? fmt::format(" ({:.4f}, {:.4f})", *e->lat, *e->lon) : ""));
  return t;
}

}  // namespace atlas::app
