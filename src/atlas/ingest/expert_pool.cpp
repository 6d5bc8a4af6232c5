#include "atlas/ingest/expert_pool.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "atlas/domain/industry.h"
#include "atlas/domain/reference.h"
#include "atlas/ingest/cells.h"
#include "atlas/ingest/columns.h"
#include "atlas/ingest/file_rows.h"
#include "atlas/ingest/header_columns.h"
#include "atlas/ingest/table_rows.h"

namespace atlas::ingest {
namespace {

bool is_expert_code(const std::string& h) {
  return header_is(h, {"code", "expert_code", "expert_id", "expert_no", "专家编号", "专家代码",
                       "专家号", "编号"});
}
bool is_expert_name(const std::string& h) {
  return header_is(h, {"name", "expert_name", "姓名", "专家姓名"});
}
bool is_organisation(const std::string& h) {
  return header_is(h, {"organisation", "organization", "affiliation", "employer", "工作单位",
                       "所在单位", "单位", "单位名称", "工作单位名称"});
}
bool is_province(const std::string& h) {
  return header_is(h,
                   {"province", "province_code", "省份", "所在省份", "省", "省份代码", "所在省"});
}
bool is_title(const std::string& h) {
  return header_is(h, {"title", "职称", "技术职称", "专业技术职称"});
}
bool is_fields(const std::string& h) {
  return header_is(h, {"fields", "field", "expertise", "industries", "industry_codes", "熟悉领域",
                       "专业领域", "领域", "熟悉行业", "行业代码", "熟悉领域代码"});
}
bool is_conflicts(const std::string& h) {
  return header_is(h, {"declared_conflicts", "conflicts", "回避单位", "需回避单位", "主动回避"});
}

// The pieces of `cell` between any of `separators` (UTF-8 strings), trimmed, empty ones dropped.
std::vector<std::string> split_list(std::string_view cell,
                                    std::initializer_list<std::string_view> separators) {
  std::vector<std::string> out;
  std::size_t start = 0, i = 0;
  auto take = [&](std::size_t end) {
    std::string piece = text::trim(cell.substr(start, end - start));
    if (!piece.empty()) out.push_back(std::move(piece));
  };
  while (i < cell.size()) {
    std::size_t matched = 0;
    for (auto sep : separators) {
      if (cell.substr(i).starts_with(sep)) {
        matched = sep.size();
        break;
      }
    }
    if (matched == 0) {
      ++i;
      continue;
    }
    take(i);
    i += matched;
    start = i;
  }
  take(cell.size());
  return out;
}

// The code of the province `cell` names, as `provinces` writes it (420000), or "" when it has none
// such. Two digits are the code's prefix: offices often write 42 for 420000.
std::string province_code(const std::string& cell, const std::vector<domain::Province>& provinces) {
  const std::string t = text::trim(halfwidth(cell));
  const domain::Province* p = domain::find_province(provinces, t);
  if (p == nullptr && t.size() == 2 &&
      std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    for (const auto& candidate : provinces) {
      if (candidate.code.starts_with(t)) {
        p = &candidate;
        break;
      }
    }
  }
  return p == nullptr ? std::string() : p->code;
}

}  // namespace

ExpertPool read_expert_pool(const std::string& path, const std::vector<domain::Province>& provinces,
                            const KnownIndustry& known_industry) {
  FileRows file(path, "", std::nullopt);
  // The header is the first row naming an expert-code column: a title may stand above it.
  TableRows rows(file.rows(), [](const std::vector<std::string>& cells) {
    return std::any_of(cells.begin(), cells.end(), is_expert_code);
  });
  ExpertPool out;
  out.source = rows.source();
  const auto& header = rows.header();
  const auto picked = pick_columns(header, {is_expert_code, is_expert_name, is_organisation,
                                            is_province, is_title, is_fields, is_conflicts});
  const int code = picked[0], name = picked[1], organisation = picked[2], province = picked[3],
            title = picked[4], fields = picked[5], conflicts = picked[6];
  std::vector<std::string> missing;
  if (code < 0) missing.emplace_back("code (专家编号)");
  if (name < 0) missing.emplace_back("name (姓名)");
  if (organisation < 0) missing.emplace_back("organisation (工作单位)");
  if (province < 0) missing.emplace_back("province (省份)");
  if (fields < 0) missing.emplace_back("fields (熟悉领域)");
  if (!missing.empty()) {
    throw Error(ErrorKind::kBadInput,
                fmt::format("an expert pool needs code (专家编号), name (姓名), organisation "
                            "(工作单位), province (省份) and fields (熟悉领域) columns; this one "
                            "has no {} column",
                            fmt::join(missing, ", no ")),
                {out.source, rows.header_line(), "", ""});
  }
  auto header_at = [&](int c) { return text::trim(header[static_cast<std::size_t>(c)]); };
  const std::string code_header = header_at(code), fields_header = header_at(fields);

  std::unordered_map<std::string, std::int64_t> seen;  // expert code → its row
  std::vector<std::string> cells;
  std::int64_t line = 0;
  while (rows.next(cells, line)) {
    if (rows.total(cells, line, {code, name})) continue;
    auto required = [&](int c, const char* what) {
      std::string v = cell_at(cells, c);
      if (v.empty()) {
        throw Error(ErrorKind::kBadInput, fmt::format("the {} is empty", what),
                    {out.source, line, header_at(c), ""});
      }
      return v;
    };
    rounds::Expert e;
    e.code = required(code, "expert code");
    if (auto [it, fresh] = seen.try_emplace(e.code, line); !fresh) {
      throw Error(
          ErrorKind::kBadInput,
          fmt::format("expert code '{}' is listed twice: rows {} and {}", e.code, it->second, line),
          {out.source, line, code_header, ""});
    }
    e.name = required(name, "name");
    e.organisation = required(organisation, "organisation");
    const std::string where = required(province, "province");
    e.province_code = province_code(where, provinces);
    if (e.province_code.empty()) {
      throw Error(ErrorKind::kBadInput,
                  fmt::format("'{}' is not a province: give its code (42 or 420000) or its name "
                              "(湖北省, 湖北 or Hubei)",
                              where),
                  {out.source, line, header_at(province), ""});
    }
    e.title = cell_at(cells, title);
    for (auto& f :
         split_list(halfwidth(cell_at(cells, fields)), {";", ",", "、", " ", "\t", "\n", "\r"})) {
      if (f.size() == 1 && f[0] >= 'a' && f[0] <= 'z') f[0] = static_cast<char>(f[0] - 'a' + 'A');
      if (auto problem = domain::industry_code_problem(f)) {
        throw Error(ErrorKind::kBadInput, *problem, {out.source, line, fields_header, ""});
      }
      if (known_industry && !known_industry(f)) {
        throw Error(ErrorKind::kBadInput,
                    fmt::format("industry '{}' is not in the industry list (see `clusteratlas "
                                "industry list`)",
                                f),
                    {out.source, line, fields_header, ""});
      }
      if (std::find(e.fields.begin(), e.fields.end(), f) == e.fields.end()) {
        e.fields.push_back(std::move(f));
      }
    }
    if (e.fields.empty()) {
      throw Error(ErrorKind::kBadInput,
                  "the fields are empty: one or more GB/T 4754 industry codes, e.g. 3973; 39",
                  {out.source, line, fields_header, ""});
    }
    e.declared_conflicts = split_list(cell_at(cells, conflicts), {";", "；", "、", "\n", "\r"});
    out.experts.push_back(std::move(e));
    out.lines.push_back(line);
  }
  if (out.experts.empty()) {
    throw Error(ErrorKind::kBadInput, "no experts: the file has a header and no rows",
                {out.source, rows.header_line(), "", ""});
  }
  out.notes = rows.notes();
  return out;
}

}  // namespace atlas::ingest
