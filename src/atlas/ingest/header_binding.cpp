// Binding a header row to fields (map_header) and finding the header row under a title
// (find_header_row): each header is read by header_text.h, its readings matched to the fields'
// aliases, and its unit checked against the kind of figure the field holds.
#include <algorithm>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "atlas/ingest/columns.h"
#include "atlas/ingest/header_text.h"

namespace atlas::ingest {
namespace {

bool is_figure(FieldType t) {
  return t == FieldType::kAmount || t == FieldType::kCount || t == FieldType::kWholeCount ||
         t == FieldType::kCoordinate;
}

UnitKind unit_kind(FieldType t) {
  return t == FieldType::kAmount       ? UnitKind::kMoney
         : t == FieldType::kCoordinate ? UnitKind::kDegrees
                                       : UnitKind::kCount;
}

struct Alias {
  const FieldSpec* field = nullptr;
  const std::string* written = nullptr;  // as the field table writes it, for messages
};

// The fields' aliases by header_key, built once per header row rather than per cell.
class Aliases {
 public:
  explicit Aliases(const std::vector<FieldSpec>& fields) : fields_(fields) {
    for (const auto& f : fields) {
      for (const auto& a : f.aliases) by_key_.try_emplace(header_key(a), Alias{&f, &a});
    }
  }

  // The field `name` (header_key form) names, also with a trailing 合计 / 总额 / 总计.
  Alias match(std::string_view name) const {
    if (name.empty()) return {};
    if (auto it = by_key_.find(std::string(name)); it != by_key_.end()) return it->second;
    for (std::string_view total : {"合计", "总额", "总计"}) {
      if (name.size() > total.size() && name.ends_with(total)) {
        auto it = by_key_.find(std::string(name.substr(0, name.size() - total.size())));
        if (it != by_key_.end()) return it->second;
      }
    }
    return {};
  }

  // A money field whose alias starts `key` and is followed only by a currency unit this reader
  // does not know (营业收入万美元): the column must not be silently left out.
  Alias money_with_unknown_unit(std::string_view key, std::string& rest) const {
    for (const auto& f : fields_) {
      if (f.type != FieldType::kAmount) continue;
      for (const auto& a : f.aliases) {
        std::string k = header_key(a);
        if (key.size() > k.size() && key.starts_with(k) &&
            looks_like_money_unit(key.substr(k.size()))) {
          rest = std::string(key.substr(k.size()));
          return {&f, &a};
        }
      }
    }
    return {};
  }

  const FieldSpec* by_field_key(const std::string& key) const {
    for (const auto& f : fields_) {
      if (f.key == key) return &f;
    }
    return nullptr;
  }

 private:
  const std::vector<FieldSpec>& fields_;
  std::unordered_map<std::string, Alias> by_key_;
};

// One header cell read against the fields.
struct Column {
  const FieldSpec* field = nullptr;  // the field it names, even when it cannot be bound
  double factor = 1;
  int year = 0;
  std::string problem;  // why it cannot be bound; empty when it can (or names no field)
};

std::string unit_problem(const std::string& header, const std::string& unit, const Alias& alias) {
  switch (alias.field->type) {
    case FieldType::kAmount:
      return fmt::format(
          "column '{}': '{}' is not a unit of money; write {w}(万元), {w}/万元 or {w}万元, in {}",
          header, unit, kMoneyUnits, fmt::arg("w", *alias.written));
    case FieldType::kCoordinate:
      return fmt::format("column '{}': '{}' is not a unit of degrees; use 度 or °, or no unit",
                         header, unit);
    default:
      return fmt::format(
          "column '{}': '{}' is not a unit of a count; use 人 or 万人 for people, 件, 项, 个 or 家 "
          "for things, or no unit",
          header, unit);
  }
}

Column read_column(const std::string& header, const Aliases& aliases, const CustomMapping* custom) {
  Column col;
  const HeaderText text = read_header_text(header);
  col.year = text.year;
  Alias alias;
  std::string unit;
  if (custom) {
    auto it = custom->columns.find(text::trim(header));
    if (it != custom->columns.end()) {
      alias.field = aliases.by_field_key(it->second.field);
      if (!alias.field) {
        col.problem =
            fmt::format("the mapping sends '{}' to unknown field '{}'", header, it->second.field);
        return col;
      }
      alias.written = &alias.field->aliases.front();
      unit = it->second.unit;
      for (std::size_t i = 1; unit.empty() && i < text.readings.size(); ++i) {
        if (parse_unit(text.readings[i].unit)) unit = text.readings[i].unit;
      }
    }
  }
  for (const auto& reading : text.readings) {
    if (alias.field) break;
    Alias a = aliases.match(reading.name);
    // 营业收入万元 is a figure and its unit; a name never ends in a unit (法定代表人).
    if (!a.field || (reading.suffix && !is_figure(a.field->type))) continue;
    alias = a;
    unit = reading.unit;
  }
  if (!alias.field) {
    std::string rest;
    alias = aliases.money_with_unknown_unit(text.key, rest);
    if (alias.field) {
      col.field = alias.field;
      col.problem = unit_problem(header, rest, alias);
    }
    return col;
  }
  col.field = alias.field;
  // On a name, a bracket is a remark (企业名称（全称）, 是否高新技术企业(是/否)), not a unit.
  if (!is_figure(alias.field->type)) return col;
  if (unit.empty()) {
    if (alias.field->type == FieldType::kAmount) {
      const std::string name = text::trim(header);
      col.problem =
          fmt::format("column '{}': say the unit, e.g. '{}(万元)' or '{}(元)'", name, name, name);
    }
    return col;
  }
  auto u = parse_unit(unit);
  if (!u || u->kind != unit_kind(alias.field->type)) {
    col.problem = unit_problem(header, unit, alias);
    return col;
  }
  col.factor = u->factor;
  return col;
}

}  // namespace

HeaderMapping map_header(const std::vector<std::string>& header,
                         const std::vector<FieldSpec>& fields, const CustomMapping* custom,
                         const std::string& source, std::int64_t line, std::optional<int> year) {
  const Aliases aliases(fields);
  HeaderMapping out;
  std::vector<std::string> problems;
  for (std::size_t c = 0; c < header.size(); ++c) {
    const std::string& h = header[c];
    if (text::trim(h).empty()) continue;
    Column col = read_column(h, aliases, custom);
    if (!col.problem.empty()) {
      problems.push_back(col.problem);
    } else if (!col.field || (col.year && year && col.year != *year)) {
      out.ignored.push_back(h);  // no field's, or another year's figure (2023年营业收入)
    } else if (const auto* earlier = out.find(col.field->key)) {
      problems.push_back(fmt::format(
          "columns '{}' and '{}' both give {}{}", earlier->header, h, col.field->key,
          earlier->year != col.year ? "; give --year to take the column of that year" : ""));
    } else {
      out.bindings.push_back({static_cast<int>(c), col.field, col.factor, h, col.year});
    }
  }
  for (const auto& f : fields) {
    if (f.required && !out.find(f.key)) {
      problems.push_back(fmt::format("no column for {} (e.g. '{}')", f.key, f.aliases.front()));
    }
  }
  if (!problems.empty()) {
    std::string joined;
    for (const auto& p : problems) joined += (joined.empty() ? "" : "; ") + p;
    throw Error(ErrorKind::kBadInput, "header: " + joined, {source, line, "", ""});
  }
  return out;
}

std::size_t find_header_row(const std::vector<std::vector<std::string>>& rows,
                            const std::vector<FieldSpec>& fields, const CustomMapping* custom) {
  const Aliases aliases(fields);
  std::size_t best = 0;
  std::pair<bool, std::size_t> best_score{false, 0};  // (every required field, fields named)
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::vector<const FieldSpec*> named;
    for (const auto& cell : rows[r]) {
      if (text::trim_view(cell).empty()) continue;
      const FieldSpec* f = read_column(cell, aliases, custom).field;
      if (f && std::find(named.begin(), named.end(), f) == named.end()) named.push_back(f);
    }
    bool required = true;
    for (const auto& f : fields) {
      if (f.required && std::find(named.begin(), named.end(), &f) == named.end()) required = false;
    }
    std::pair<bool, std::size_t> score{required && !named.empty(), named.size()};
    if (score > best_score) {
      best_score = score;
      best = r;
    }
  }
  return best;
}

std::string header_found_note(const std::string& source, std::int64_t first,
                              std::int64_t header_line) {
  return fmt::format("{}: header found on row {}; {} skipped (title)", source, header_line,
                     first == header_line - 1 ? fmt::format("row {}", first)
                                              : fmt::format("rows {}–{}", first, header_line - 1));
}

}  // namespace atlas::ingest
