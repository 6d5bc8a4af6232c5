#include "atlas/report/columns.h"

#include <string_view>

#include "atlas/core/error.h"
#include "atlas/core/units.h"

namespace atlas::report {
namespace {

enum class Measure { kCount, kMoney, kShare, kRatio };

struct Indicator {
  std::string_view name;
  Measure measure;
  const char* title_zh;  // without the unit, which the column adds
};

// Every indicator metrics::cluster_indicators gives, with the Chinese the yearbook uses.
constexpr Indicator kIndicators[] = {
    {"firms", Measure::kCount, "企业数"},
    {"high_tech_firms", Measure::kCount, "高新技术企业数"},
    {"specialised_firms", Measure::kCount, "专精特新企业数"},
    {"single_champion_firms", Measure::kCount, "单项冠军企业数"},
    {"qualified_firms", Measure::kCount, "高企或专精特新或单项冠军企业数"},
    {"high_tech_share", Measure::kShare, "高新技术企业占比"},
    {"qualified_share", Measure::kShare, "高企或专精特新或单项冠军企业占比"},
    {"revenue", Measure::kMoney, "营业收入"},
    {"industrial_output", Measure::kMoney, "工业总产值"},
    {"profit", Measure::kMoney, "净利润"},
    {"taxes", Measure::kMoney, "实缴税费"},
    {"exports", Measure::kMoney, "出口额"},
    {"rd_expenditure", Measure::kMoney, "研发经费内部支出"},
    {"employment", Measure::kCount, "从业人员(人)"},
    {"valid_invention_patents", Measure::kCount, "有效发明专利(件)"},
    {"granted_invention_patents", Measure::kCount, "发明专利授权(件)"},
    {"rd_intensity", Measure::kShare, "研发经费投入强度"},
    {"profit_margin", Measure::kShare, "营业收入利润率"},
    {"export_share", Measure::kShare, "出口额占营业收入比重"},
    {"patents_per_10k_staff", Measure::kRatio, "每万名从业人员有效发明专利(件)"},
    {"granted_patents_per_10k_staff", Measure::kRatio, "每万名从业人员发明专利授权(件)"},
    {"revenue_per_employee", Measure::kMoney, "人均营业收入"},
    {"revenue_growth", Measure::kShare, "营业收入增长率"},
    {"revenue_cagr", Measure::kShare, "营业收入年均增长率"},
    {"revenue_mean_3y", Measure::kMoney, "近三年平均营业收入"},
    {"rd_intensity_mean_3y", Measure::kShare, "近三年平均研发经费投入强度"},
};

const Indicator& indicator(const std::string& name) {
  for (const auto& i : kIndicators) {
    if (i.name == name) return i;
  }
  throw Error(ErrorKind::kInternal, "no export column for the indicator '" + name + "'");
}

}  // namespace

Column money_column(const std::string& field, const std::string& title_zh) {
  return {field + "_yuan", title_zh + "(万元)", 2, true, units::kWanYuan};
}

Column count_column(const std::string& key, const std::string& title_zh) {
  return {key, title_zh, 0, true};
}

Column share_column(const std::string& key, const std::string& title_zh) {
  return {key, title_zh + "(%)", 2, true, 0.01};
}

Column ratio_column(const std::string& key, const std::string& title_zh) {
  return {key, title_zh, 2, true};
}

Column indicator_column(const std::string& name) {
  const auto& i = indicator(name);
  switch (i.measure) {
    case Measure::kCount: return count_column(name, i.title_zh);
    case Measure::kMoney: return money_column(name, i.title_zh);
    case Measure::kShare: return share_column(name, i.title_zh);
    case Measure::kRatio: return ratio_column(name, i.title_zh);
  }
  return ratio_column(name, i.title_zh);
}

Cell indicator_cell(const std::string& name, const std::optional<double>& value) {
  return indicator(name).measure == Measure::kCount ? count_cell(value) : cell(value);
}

}  // namespace atlas::report
