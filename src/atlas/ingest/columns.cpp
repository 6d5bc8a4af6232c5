#include "atlas/ingest/columns.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "atlas/ingest/header_text.h"

namespace atlas::ingest {

std::optional<double> unit_factor(const std::string& unit) {
  auto u = parse_unit(unit);
  return u ? std::optional<double>(u->factor) : std::nullopt;
}

std::string header_key(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '_' || c == '\t' || c == '\n' || c == '\r') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool header_is(std::string_view header, std::initializer_list<const char*> names) {
  const std::string key = header_key(header);
  return std::any_of(names.begin(), names.end(),
                     [&](const char* n) { return key == header_key(n); });
}

const FieldSpec& cluster_field() {
  static const FieldSpec kField = {
      "cluster",
      FieldType::kCluster,
      false,
      {"集群", "集群名称", "所属集群", "cluster", "cluster_name", "cluster_id"}};
  return kField;
}

const FieldSpec& year_field() {
  static const FieldSpec kField = {"year",
                                   FieldType::kYear,
                                   false,
                                   {"年份", "年度", "统计年度", "统计年份", "报告年度", "year"}};
  return kField;
}

const std::vector<FieldSpec>& figure_fields() {
  using T = FieldType;
  static const std::vector<FieldSpec> kFields = {
      {"revenue",
       T::kAmount,
       false,
       {"营业收入", "营业总收入", "营收", "主营业务收入", "主营收入", "销售收入", "revenue"}},
      {"industrial_output", T::kAmount, false, {"工业总产值", "industrial_output"}},
      {"profit", T::kAmount, false, {"净利润", "利润", "profit", "net_profit"}},
      {"taxes",
       T::kAmount,
       false,
       {"实缴税费", "实缴税额", "上缴税费", "税费", "实缴税金", "上缴税金", "纳税额", "纳税总额",
        "taxes"}},
      {"exports", T::kAmount, false, {"出口额", "出口总额", "出口创汇", "exports"}},
      {"rd_expenditure",
       T::kAmount,
       false,
       {"研发经费内部支出", "R&D经费内部支出", "研发经费", "研发投入", "研发费用", "研发支出",
        "R&D经费支出", "研究与试验发展经费支出", "rd_expenditure"}},
      {"employment",
       T::kCount,
       false,
       {"从业人员", "从业人员数", "年末从业人员", "年末从业人员数", "从业人员期末人数", "从业人数",
        "职工人数", "员工人数", "employment", "staff"}},
      {"valid_invention_patents",
       T::kCount,
       false,
       {"有效发明专利", "有效发明专利数", "拥有有效发明专利数", "有效发明专利拥有量",
        "valid_invention_patents"}},
      {"granted_invention_patents",
       T::kCount,
       false,
       {"发明专利授权", "当年发明专利授权数", "发明专利授权数", "发明专利授权量",
        "granted_invention_patents"}},
  };
  return kFields;
}

const std::vector<FieldSpec>& enterprise_fields() {
  using T = FieldType;
  static const std::vector<FieldSpec> kFields = [] {
    std::vector<FieldSpec> f = {
        {"credit_code",
         T::kCreditCode,
         true,
         {"统一社会信用代码", "社会信用代码", "信用代码", "credit_code", "uscc"}},
        {"name",
         T::kText,
         true,
         {"企业名称", "单位名称", "名称", "企业全称", "单位全称", "name", "enterprise_name"}},
        cluster_field(),
        year_field(),
        {"role", T::kChoice, false, {"角色", "企业角色", "企业类型", "role"}},
        {"high_tech", T::kFlag, false, {"是否高新技术企业", "高新技术企业", "高企", "high_tech"}},
        {"specialised",
         T::kFlag,
         false,
         {"是否专精特新", "专精特新", "专精特新企业", "specialised", "specialized"}},
        {"single_champion",
         T::kFlag,
         false,
         {"是否单项冠军", "单项冠军", "制造业单项冠军", "single_champion"}},
        {"listed", T::kFlag, false, {"是否上市", "上市", "上市企业", "listed"}},
    };
    f.insert(f.end(), figure_fields().begin(), figure_fields().end());
    f.push_back({"lat", T::kCoordinate, false, {"纬度", "lat", "latitude"}});
    f.push_back({"lon", T::kCoordinate, false, {"经度", "lon", "lng", "longitude"}});
    return f;
  }();
  return kFields;
}

const ColumnBinding* HeaderMapping::find(const std::string& key) const {
  for (const auto& b : bindings) {
    if (b.field->key == key) return &b;
  }
  return nullptr;
}

CustomMapping load_mapping(const std::string& path) {
  CustomMapping mapping;
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw Error(ErrorKind::kBadInput, "cannot read the mapping file", {path, 0, "", ""});
  } catch (const YAML::Exception& e) {
    throw Error(ErrorKind::kBadInput, fmt::format("not valid YAML: {}", e.msg),
                {path, e.mark.line + 1, std::to_string(e.mark.column + 1), ""});
  }
  if (!root.IsMap() || !root["columns"] || !root["columns"].IsMap()) {
    throw Error(ErrorKind::kBadInput,
                "a mapping file has a 'columns:' map of header → field (see docs/data-formats.md)",
                {path, 0, "", ""});
  }
  // Headers, fields and units are plain text; a list or map where one belongs is refused here,
  // where the line is known, instead of failing a conversion later.
  auto text = [&](const YAML::Node& node, const std::string& header, const char* what) {
    if (!node.IsScalar()) {
      throw Error(ErrorKind::kBadInput, fmt::format("{} must be plain text", what),
                  {path, node.Mark().line + 1, "", header});
    }
    return node.Scalar();
  };
  for (const auto& entry : root["columns"]) {
    auto header = text(entry.first, "", "a header");
    CustomMapping::Target target;
    const auto& value = entry.second;
    if (value.IsScalar()) {
      target.field = value.Scalar();
    } else if (value.IsMap() && value["field"]) {
      target.field = text(value["field"], header, "field");
      if (value["unit"]) target.unit = text(value["unit"], header, "unit");
    } else {
      throw Error(ErrorKind::kBadInput,
                  fmt::format("'{}' must map to a field name or {{field: …, unit: …}}", header),
                  {path, value.Mark().line + 1, "", header});
    }
    if (!target.unit.empty() && !unit_factor(target.unit)) {
      throw Error(ErrorKind::kBadInput, fmt::format("unknown unit '{}'", target.unit),
                  {path, value.Mark().line + 1, "", header});
    }
    mapping.columns[text::trim(header)] = target;
  }
  return mapping;
}

}  // namespace atlas::ingest
