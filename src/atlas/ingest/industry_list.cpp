#include "atlas/ingest/industry_list.h"

#include <map>
#include <optional>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "atlas/ingest/columns.h"
#include "atlas/ingest/file_rows.h"

namespace atlas::ingest {
namespace {

struct ColumnSpec {
  const char* key;
  std::vector<std::string> names;  // compared by header_key
};

const std::vector<ColumnSpec>& column_specs() {
  static const std::vector<ColumnSpec> kColumns = {
      {"code", {"code", "代码", "行业代码", "类别代码"}},
      {"name", {"name", "name_zh", "名称", "类别名称", "行业名称"}},
      {"name_en", {"name_en", "英文名称"}},
      {"parent", {"parent", "上级", "上级代码"}},
      {"level", {"level", "层级"}},
  };
  return kColumns;
}

// "section" for section / 门类 and so on; nullopt for anything else.
std::optional<std::string> parse_level(const std::string& text) {
  static const std::map<std::string, std::string> kLevels = {
      {"section", "section"}, {"门类", "section"}, {"division", "division"}, {"大类", "division"},
      {"group", "group"},     {"中类", "group"},   {"class", "class"},       {"小类", "class"}};
  auto it = kLevels.find(header_key(text));
  if (it == kLevels.end()) return std::nullopt;
  return it->second;
}

// Collects the problems of the file; the first, with the count of the others, is what the user
// reads.
class Problems {
 public:
  explicit Problems(std::string source) : source_(std::move(source)) {}
  void add(std::int64_t row, const std::string& column, const std::string& message) {
    if (!first_) first_ = Error(ErrorKind::kBadInput, message, {source_, row, column, ""});
    ++count_;
  }
  void throw_if_any() const {
    if (!first_) return;
    if (count_ == 1) throw *first_;
    throw Error(ErrorKind::kBadInput,
                fmt::format("{} (and {} more problem{})", first_->what(), count_ - 1,
                            count_ > 2 ? "s" : ""),
                first_->where());
  }

 private:
  std::string source_;
  std::optional<Error> first_;
  std::size_t count_ = 0;
};

}  // namespace

IndustryList read_industry_list(const std::string& path) {
  FileRows file(path, "", std::nullopt);
  auto& rows = file.rows();
  IndustryList out;
  out.source = rows.source();
  std::vector<std::string> header;
  bool got = false;
  while ((got = rows.next(header)) && is_blank_row(header)) {
  }
  if (!got) throw Error(ErrorKind::kBadInput, "the file is empty", {out.source, 1, "", ""});
  std::int64_t header_line = rows.line();
  std::map<std::string, std::size_t> at;  // column key → position
  for (std::size_t c = 0; c < header.size(); ++c) {
    std::string key = header_key(text::trim(header[c]));
    for (const auto& spec : column_specs()) {
      bool match = false;
      for (const auto& name : spec.names) match = match || header_key(name) == key;
      if (!match) continue;
      if (at.count(spec.key)) {
        throw Error(ErrorKind::kBadInput,
                    fmt::format("two columns for {}: '{}' and '{}'", spec.key, header[at[spec.key]],
                                header[c]),
                    {out.source, header_line, header[c], ""});
      }
      at[spec.key] = c;
    }
  }
  for (const char* required : {"code", "name"}) {
    if (!at.count(required)) {
      throw Error(ErrorKind::kBadInput,
                  fmt::format("no {} column: an industry list has a code column (代码 or code) "
                              "and a name column (名称, 类别名称 or name)",
                              required),
                  {out.source, header_line, "", ""});
    }
  }
  auto title = [&](const char* key) { return header[at.at(key)]; };
  Problems problems(out.source);
  std::map<std::string, std::int64_t> seen;  // code → its row
  std::string section;                       // the latest section row, for the divisions below it
  std::vector<std::string> cells;
  while (rows.next(cells)) {
    if (is_blank_row(cells)) continue;
    std::int64_t line = rows.line();
    auto cell = [&](const char* key) -> std::string {
      auto it = at.find(key);
      if (it == at.end() || it->second >= cells.size()) return "";
      return text::trim(cells[it->second]);
    };
    domain::Industry row;
    row.code = cell("code");
    row.name_zh = cell("name");
    row.name_en = cell("name_en");
    row.source = "imported";
    if (auto p = domain::industry_code_problem(row.code)) {
      problems.add(line, title("code"), *p);
      continue;
    }
    row.level = domain::level_of(row.code);
    if (row.name_zh.empty()) problems.add(line, title("name"), "the name is empty");
    if (auto [it, fresh] = seen.emplace(row.code, line); !fresh) {
      problems.add(line, title("code"),
                   fmt::format("{} is listed twice (first on row {})", row.code, it->second));
    }
    if (std::string level = cell("level"); !level.empty()) {
      auto parsed = parse_level(level);
      if (!parsed || *parsed != row.level) {
        problems.add(
            line, title("level"),
            fmt::format("'{}' contradicts the code {}, which is a {}", level, row.code, row.level));
      }
    }
    std::string parent = cell("parent");
    std::string expected;  // the parent the code's form gives
    if (row.level == "section") {
      section = row.code;
    } else if (row.level == "division") {
      expected = parent.empty() ? section : parent;
      if (!parent.empty() && (parent.size() != 1 || domain::industry_code_problem(parent))) {
        problems.add(line, title("parent"),
                     fmt::format("a division's parent is its section (A–T), not '{}'", parent));
      }
    } else {
      expected = row.code.substr(0, row.code.size() - 1);
    }
    if (!parent.empty() && parent != expected) {
      problems.add(line, title("parent"),
                   fmt::format("'{}' contradicts the code {}: its parent is {}", parent, row.code,
                               expected));
    }
    row.parent = expected;
    out.rows.push_back(std::move(row));
    out.lines.push_back(line);
  }
  problems.throw_if_any();
  if (out.rows.empty()) {
    throw Error(ErrorKind::kBadInput, "the file lists no industries", {out.source, 0, "", ""});
  }
  return out;
}

}  // namespace atlas::ingest
