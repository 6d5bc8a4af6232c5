#include "atlas/ingest/columns.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "atlas/core/units.h"

namespace atlas::ingest {
namespace {

struct SplitHeader {
  std::string name, unit;
};

// "营业收入(万元)" → {营业收入, 万元}; "revenue_yuan" → {revenue, 元}.
SplitHeader split_header(const std::string& header) {
  std::string h = text::trim(header);
  for (auto [open, close] : {std::pair<std::string_view, std::string_view>{"(", ")"},
                             {"（", "）"},
                             {"[", "]"},
                             {"【", "】"}}) {
    if (h.ends_with(close)) {
      auto at = h.rfind(open);
      if (at != std::string::npos && at > 0) {
        return {text::trim(h.substr(0, at)),
                text::trim(h.substr(at + open.size(), h.size() - at - open.size() - close.size()))};
      }
    }
  }
  static const std::pair<std::string_view, std::string_view> kSuffixes[] = {
      {"_100m_yuan", "亿元"}, {"_yi_yuan", "亿元"},       {"_wan_yuan", "万元"},
      {"_10k_yuan", "万元"},  {"_thousand_yuan", "千元"}, {"_yuan", "元"}};
  std::string lower = h;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  for (auto [suffix, unit] : kSuffixes) {
    if (lower.size() > suffix.size() && lower.ends_with(suffix)) {
      return {h.substr(0, h.size() - suffix.size()), std::string(unit)};
    }
  }
  return {h, ""};
}

}  // namespace

std::optional<double> unit_factor(const std::string& unit) {
  static const std::map<std::string, double> kUnits = {{"元", units::kYuan},
                                                       {"千元", units::kThousandYuan},
                                                       {"万元", units::kWanYuan},
                                                       {"亿元", units::kYiYuan},
                                                       {"人", 1},
                                                       {"个", 1},
                                                       {"件", 1},
                                                       {"项", 1},
                                                       {"家", 1},
                                                       {"万人", 1e4},
                                                       {"度", 1},
                                                       {"°", 1}};
  auto it = kUnits.find(unit);
  if (it == kUnits.end()) return std::nullopt;
  return it->second;
}

std::string header_key(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '_' || c == '\t') continue;
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
  static const FieldSpec kField = {
      "year", FieldType::kYear, false, {"年份", "年度", "统计年度", "year"}};
  return kField;
}

const std::vector<FieldSpec>& figure_fields() {
  using T = FieldType;
  static const std::vector<FieldSpec> kFields = {
      {"revenue", T::kAmount, false, {"营业收入", "营业总收入", "营收", "revenue"}},
      {"industrial_output", T::kAmount, false, {"工业总产值", "industrial_output"}},
      {"profit", T::kAmount, false, {"净利润", "利润", "profit", "net_profit"}},
      {"taxes", T::kAmount, false, {"实缴税费", "实缴税额", "上缴税费", "税费", "taxes"}},
      {"exports", T::kAmount, false, {"出口额", "出口总额", "exports"}},
      {"rd_expenditure",
       T::kAmount,
       false,
       {"研发经费内部支出", "R&D经费内部支出", "研发经费", "研发投入", "rd_expenditure"}},
      {"employment",
       T::kCount,
       false,
       {"从业人员", "从业人员数", "年末从业人员", "从业人数", "employment", "staff"}},
      {"valid_invention_patents",
       T::kCount,
       false,
       {"有效发明专利", "有效发明专利数", "valid_invention_patents"}},
      {"granted_invention_patents",
       T::kCount,
       false,
       {"发明专利授权", "当年发明专利授权数", "发明专利授权数", "granted_invention_patents"}},
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
        {"name", T::kText, true, {"企业名称", "单位名称", "名称", "name", "enterprise_name"}},
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

HeaderMapping map_header(const std::vector<std::string>& header,
                         const std::vector<FieldSpec>& fields, const CustomMapping* custom,
                         const std::string& source) {
  HeaderMapping out;
  std::vector<std::string> problems;
  auto field_named = [&](const std::string& key) -> const FieldSpec* {
    for (const auto& f : fields) {
      if (f.key == key) return &f;
    }
    return nullptr;
  };
  for (std::size_t c = 0; c < header.size(); ++c) {
    const std::string& h = header[c];
    if (text::trim(h).empty()) continue;
    const FieldSpec* field = nullptr;
    std::string unit;
    if (custom) {
      auto it = custom->columns.find(text::trim(h));
      if (it != custom->columns.end()) {
        field = field_named(it->second.field);
        if (!field) {
          problems.push_back(
              fmt::format("the mapping sends '{}' to unknown field '{}'", h, it->second.field));
          continue;
        }
        unit = it->second.unit.empty() ? split_header(h).unit : it->second.unit;
      }
    }
    if (!field) {
      auto split = split_header(h);
      std::string name = header_key(split.name);
      for (const auto& f : fields) {
        for (const auto& alias : f.aliases) {
          if (header_key(alias) == name) field = &f;
        }
      }
      unit = split.unit;
    }
    if (!field) {
      out.ignored.push_back(h);
      continue;
    }
    double factor = 1;
    if (!unit.empty()) {
      auto f = unit_factor(unit);
      if (!f) {
        problems.push_back(
            fmt::format("column '{}': unknown unit '{}' (use 元, 千元, 万元 or 亿元 "
                        "for money; 人 or 万人 for staff)",
                        h, unit));
        continue;
      }
      factor = *f;
    } else if (field->type == FieldType::kAmount) {
      problems.push_back(fmt::format("column '{}': say the unit, e.g. '{}(万元)' or '{}(元)'", h,
                                     split_header(h).name, split_header(h).name));
      continue;
    }
    if (const auto* earlier = out.find(field->key)) {
      problems.push_back(
          fmt::format("columns '{}' and '{}' both give {}", earlier->header, h, field->key));
      continue;
    }
    out.bindings.push_back({static_cast<int>(c), field, factor, h});
  }
  for (const auto& f : fields) {
    if (f.required && !out.find(f.key)) {
      problems.push_back(fmt::format("no column for {} (e.g. '{}')", f.key, f.aliases.front()));
    }
  }
  if (!problems.empty()) {
    std::string joined;
    for (const auto& p : problems) joined += (joined.empty() ? "" : "; ") + p;
    throw Error(ErrorKind::kBadInput, "header: " + joined, {source, 1, "", ""});
  }
  return out;
}

}  // namespace atlas::ingest
