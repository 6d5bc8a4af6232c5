#include "atlas/ingest/employment.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "atlas/ingest/columns.h"
#include "atlas/ingest/file_rows.h"
#include "atlas/ingest/table_rows.h"

namespace atlas::ingest {
namespace {

// The columns of an employment file, as headers people write them (compared by header_key).
struct ColumnSpec {
  const char* key;
  bool required;
  std::vector<std::string> aliases;
};

const std::vector<ColumnSpec>& column_specs() {
  static const std::vector<ColumnSpec> kSpecs = {
      {"region", true, {"region", "地区", "区域", "省份", "城市", "province", "city"}},
      {"category", true, {"category", "cluster", "industry", "产业", "行业", "类别", "集群"}},
      {"employment",
       true,
       {"employment", "emp", "employees", "jobs", "就业", "就业人数", "从业人员", "从业人数"}},
      {"establishments",
       true,
       {"establishments", "est", "firms", "plants", "enterprises", "企业数", "单位数", "机构数"}},
      {"wages", false, {"wages", "payroll", "工资", "工资总额"}},
      {"type", false, {"type", "类型"}},
      {"region_level", false, {"regionlevel", "level", "区域层级", "层级"}},
      {"year", false, {"year", "年份", "年度"}},
  };
  return kSpecs;
}

discover::CategoryType parse_type(const std::string& text, const Where& where) {
  auto key = header_key(text);
  if (key.empty() || key == "traded" || key == "t" || key == "可贸易" || key == "贸易型")
    return discover::CategoryType::kTraded;
  if (key == "local" || key == "l" || key == "本地" || key == "本地型" || key == "地方")
    return discover::CategoryType::kLocal;
  throw Error(
      ErrorKind::kBadInput,
      fmt::format("'{}' is not a category type: write traded (可贸易) or local (本地)", text),
      where);
}

bool names(const ColumnSpec& spec, const std::string& header) {
  const auto key = header_key(text::trim(header));
  return std::any_of(spec.aliases.begin(), spec.aliases.end(),
                     [&](const std::string& a) { return header_key(a) == key; });
}

}  // namespace

EmploymentFile read_employment(const std::string& path) {
  FileRows file(path, "", std::nullopt);
  // The header is the first row naming a region and a category column: a title may stand above.
  TableRows rows(file.rows(), [](const std::vector<std::string>& cells) {
    auto named = [&](const ColumnSpec& spec) {
      return std::any_of(cells.begin(), cells.end(),
                         [&](const std::string& c) { return names(spec, c); });
    };
    return named(column_specs()[0]) && named(column_specs()[1]);
  });
  const std::string source = rows.source();
  const std::vector<std::string>& header = rows.header();
  const std::int64_t header_line = rows.header_line();
  std::map<std::string, int> at;  // column key → position
  for (int c = 0; c < static_cast<int>(header.size()); ++c) {
    for (const auto& spec : column_specs()) {
      if (!names(spec, header[c])) continue;
      if (at.count(spec.key)) {
        throw Error(ErrorKind::kBadInput,
                    fmt::format("two columns for {}: '{}' and '{}'", spec.key, header[at[spec.key]],
                                header[c]),
                    {source, header_line, header[c], ""});
      }
      at[spec.key] = c;
    }
  }
  std::vector<std::string> missing;
  for (const auto& spec : column_specs())
    if (spec.required && !at.count(spec.key)) missing.push_back(spec.key);
  if (!missing.empty()) {
    throw Error(ErrorKind::kBadInput,
                fmt::format("missing column{} {} (the file needs region, category, employment and "
                            "establishments; wages, type, region_level and year are optional)",
                            missing.size() > 1 ? "s" : "", fmt::join(missing, ", ")),
                {source, header_line, "", ""});
  }

  EmploymentFile out;
  out.has_wages = at.count("wages") > 0;
  std::map<std::tuple<std::string, int, std::string, std::string>, std::int64_t> seen;
  std::vector<std::string> cells;
  std::int64_t line = 0;
  while (rows.next(cells, line)) {
    if (rows.total(cells, line, {at.at("region"), at.at("category")})) continue;
    auto text_of = [&](const char* key) -> std::string {
      auto it = at.find(key);
      if (it == at.end() || it->second >= static_cast<int>(cells.size())) return "";
      return text::trim(cells[it->second]);
    };
    auto where = [&](const char* key) { return Where{source, line, header[at.at(key)], ""}; };
    auto number = [&](const char* key) {
      if (!at.count(key)) return discover::kNoValue;
      auto t = text_of(key);
      if (is_missing_text(t)) return discover::kNoValue;
      auto v = parse_plain_number(t);
      if (!v) throw Error(ErrorKind::kBadInput, fmt::format("'{}' is not a number", t), where(key));
      if (*v < 0) throw Error(ErrorKind::kBadInput, fmt::format("{} is negative", t), where(key));
      return *v;
    };
    discover::EmploymentRow r;
    r.region = text_of("region");
    r.category = text_of("category");
    if (r.region.empty()) throw Error(ErrorKind::kBadInput, "the region is empty", where("region"));
    if (r.category.empty())
      throw Error(ErrorKind::kBadInput, "the category is empty", where("category"));
    r.employment = number("employment");
    r.establishments = number("establishments");
    r.wages = number("wages");
    if (at.count("type")) r.type = parse_type(text_of("type"), where("type"));
    r.region_level = text_of("region_level");
    if (at.count("year")) {
      auto t = text_of("year");
      auto y = parse_plain_number(t);
      if (!y || *y != std::floor(*y) || *y < 1900 || *y > 2200)
        throw Error(ErrorKind::kBadInput, fmt::format("'{}' is not a year", t), where("year"));
      r.year = static_cast<int>(*y);
    }
    auto [it, fresh] = seen.emplace(std::tuple{r.region_level, r.year, r.category, r.region}, line);
    if (!fresh) {
      throw Error(ErrorKind::kBadInput,
                  fmt::format("region '{}', category '{}' appears again (first on row {})",
                              r.region, r.category, it->second),
                  where("region"));
    }
    out.rows.push_back(std::move(r));
    out.lines.push_back(line);
  }
  if (out.rows.empty())
    throw Error(ErrorKind::kBadInput, "the file has a header but no rows", {source, 0, "", ""});
  out.notes = rows.notes();
  return out;
}

}  // namespace atlas::ingest
