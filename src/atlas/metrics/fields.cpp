#include "atlas/metrics/fields.h"

namespace atlas::metrics {
namespace {

using U = FieldUnit;

// A figure a firm reports: summed over the cluster's enterprise rows, or the cluster's own JQ01
// figure, which overrides the sum.
std::vector<FieldSource> reported(std::string_view field) {
  return {{"enterprises", field, ""}, {"clusters", field, ""}};
}

// Firms of a kind: the cluster's JQ01 count, else counted from the enterprise rows' flag.
std::vector<FieldSource> counted(std::string_view flag, std::string_view jq01) {
  return {{"enterprises", flag, ""}, {"clusters", jq01, ""}};
}

// Both inputs of a ratio of reported figures.
std::vector<FieldSource> from(std::string_view a, std::string_view b) {
  auto out = reported(a);
  for (auto& s : reported(b)) out.push_back(s);
  return out;
}

// The firms: the cluster's JQ01 count, else one enterprise row each.
const std::vector<FieldSource> kFirms = {{"enterprises", "credit_code", "one row per firm"},
                                         {"clusters", "firms", ""}};

// The three kinds of firm the 2026 chain-firm rule counts, marked on the enterprise rows.
const std::vector<FieldSource> kQualified = {{"enterprises", "high_tech", ""},
                                             {"enterprises", "specialised", ""},
                                             {"enterprises", "single_champion", ""}};

std::vector<FieldSource> with_firms(std::vector<FieldSource> sources) {
  sources.insert(sources.begin(), kFirms.begin(), kFirms.end());
  return sources;
}

}  // namespace

const std::vector<FieldInfo>& field_catalogue() {
  static const std::vector<FieldInfo> kFields = {
      {"firms", "企业数", "Firms", U::kCount, "JQ01's count, else the enterprise rows of the year",
       kFirms},
      {"high_tech_firms", "高新技术企业数", "High-tech firms", U::kCount,
       "JQ01's count, else enterprise rows marked 是", counted("high_tech", "high_tech_firms")},
      {"specialised_firms", "专精特新企业数", "专精特新 firms", U::kCount,
       "JQ01's count, else enterprise rows marked 是", counted("specialised", "specialised_firms")},
      {"single_champion_firms", "制造业单项冠军企业数", "Single-champion firms", U::kCount,
       "JQ01's count, else enterprise rows marked 是",
       counted("single_champion", "single_champion_firms")},
      {"qualified_firms", "高企、专精特新或单项冠军企业数",
       "Firms that are high-tech, 专精特新 or a single champion", U::kCount,
       "enterprise rows with any of the three marked 是, when they are all the cluster's firms",
       kQualified},
      {"high_tech_share", "高新技术企业占比", "High-tech firms' share", U::kFraction,
       "high_tech_firms / firms", with_firms(counted("high_tech", "high_tech_firms"))},
      {"qualified_share", "高企、专精特新、单项冠军企业占比", "Qualified firms' share",
       U::kFraction, "qualified_firms / firms", with_firms(kQualified)},
      {"revenue", "营业收入", "Revenue", U::kYuan, "", reported("revenue")},
      {"industrial_output", "工业总产值", "Industrial output", U::kYuan, "",
       reported("industrial_output")},
      {"profit", "净利润", "Net profit", U::kYuan, "", reported("profit")},
      {"taxes", "实缴税费", "Taxes paid", U::kYuan, "", reported("taxes")},
      {"exports", "出口额", "Exports", U::kYuan, "", reported("exports")},
      {"rd_expenditure", "研发经费内部支出", "R&D expenditure", U::kYuan, "",
       reported("rd_expenditure")},
      {"employment", "从业人员", "Persons employed", U::kPersons, "", reported("employment")},
      {"valid_invention_patents", "有效发明专利", "Valid invention patents", U::kCount, "",
       reported("valid_invention_patents")},
      {"granted_invention_patents", "当年发明专利授权数", "Invention patents granted", U::kCount,
       "", reported("granted_invention_patents")},
      {"rd_intensity", "研发经费占营业收入比重", "R&D intensity", U::kFraction,
       "rd_expenditure / revenue", from("rd_expenditure", "revenue")},
      {"profit_margin", "营业利润率", "Profit margin", U::kFraction, "profit / revenue",
       from("profit", "revenue")},
      {"export_share", "出口额占营业收入比重", "Exports' share of revenue", U::kFraction,
       "exports / revenue", from("exports", "revenue")},
      {"patents_per_10k_staff", "每万名从业人员有效发明专利",
       "Valid invention patents per 10k staff", U::kPer10kStaff,
       "valid_invention_patents / employment × 10,000",
       from("valid_invention_patents", "employment")},
      {"granted_patents_per_10k_staff", "每万名从业人员发明专利授权",
       "Invention patents granted per 10k staff", U::kPer10kStaff,
       "granted_invention_patents / employment × 10,000",
       from("granted_invention_patents", "employment")},
      {"revenue_per_employee", "人均营业收入", "Revenue per person employed", U::kYuanPerPerson,
       "revenue / employment", from("revenue", "employment")},
      {"national_platforms",
       "国家级创新平台数",
       "National R&D platforms",
       U::kCount,
       "platforms of level 国家级 established by the year; missing when neither platform rows "
       "nor the JQ01 report give a count",
       {{"platforms", "level", "国家级"},
        {"clusters", "national_platforms", "when the cluster has no platform rows"}}},
      {"provincial_platforms",
       "省级创新平台数",
       "Provincial R&D platforms",
       U::kCount,
       "platforms of level 省级 established by the year; missing when neither platform rows nor "
       "the JQ01 report give a count",
       {{"platforms", "level", "省级"},
        {"clusters", "provincial_platforms", "when the cluster has no platform rows"}}},
      {"platforms",
       "省级及以上创新平台数",
       "Provincial and national R&D platforms",
       U::kCount,
       "national_platforms + provincial_platforms",
       {{"platforms", "level", ""},
        {"clusters", "national_platforms", "when the cluster has no platform rows"},
        {"clusters", "provincial_platforms", "when the cluster has no platform rows"}}},
      {"institutions",
       "服务机构数",
       "Service institutions (JQ03)",
       U::kCount,
       "JQ03 rows of the year, else the JQ01 report's count; missing when neither gives one",
       {{"institutions", "name", ""},
        {"clusters", "institutions", "when the year has no JQ03 rows"}}},
      {"alliances",
       "产业联盟数",
       "Industry alliances (JQ04)",
       U::kCount,
       "JQ04 rows of the year; missing when the year has none",
       {{"alliances", "name", ""}}},
  };
  return kFields;
}

const FieldInfo* find_field(std::string_view name) {
  for (const auto& f : field_catalogue()) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::string_view unit_text(FieldUnit unit) {
  switch (unit) {
    case U::kYuan: return "元";
    case U::kPersons: return "人 persons";
    case U::kCount: return "count";
    case U::kFraction: return "fraction 0–1 (4% = 0.04)";
    case U::kYuanPerPerson: return "元 per person";
    case U::kPer10kStaff: return "per 10,000 persons employed";
  }
  return "";
}

}  // namespace atlas::metrics
