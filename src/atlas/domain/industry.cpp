#include "atlas/domain/industry.h"

#include <fmt/format.h>

namespace atlas::domain {

namespace {
bool all_digits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}
}  // namespace

std::string division_of(const std::string& code) {
  if (code.size() >= 2 && code[0] >= '0' && code[0] <= '9') return code.substr(0, 2);
  return code;
}

std::optional<std::string> industry_code_problem(std::string_view code) {
  if (code.size() == 1 && code[0] >= 'A' && code[0] <= 'T') return std::nullopt;
  if (code.size() >= 2 && code.size() <= 4 && all_digits(code)) return std::nullopt;
  return fmt::format(
      "'{}' is not a GB/T 4754-2017 code: a section letter A–T, or a division, group or class "
      "of 2, 3 or 4 digits, e.g. 39, 397, 3973",
      code);
}

std::string level_of(std::string_view code) {
  switch (code.size()) {
    case 1: return "section";
    case 2: return "division";
    case 3: return "group";
    default: return "class";
  }
}

std::vector<std::string> ancestors_by_form(std::string_view code) {
  std::vector<std::string> out;
  if (industry_code_problem(code) || code.size() < 3) return out;
  for (std::size_t n = code.size() - 1; n >= 2; --n) out.emplace_back(code.substr(0, n));
  return out;
}

std::variant<Industry, std::string> accept_unlisted(std::string_view code,
                                                    const std::optional<Industry>& ancestor) {
  if (auto p = industry_code_problem(code)) return *p;
  if (code.size() <= 2) {
    return fmt::format(
        "unknown industry code '{}': GB/T 4754-2017 has no such {} (see `clusteratlas industry "
        "list --level {}`)",
        code, level_of(code), level_of(code));
  }
  if (!ancestor) {
    return fmt::format(
        "unknown industry code '{}': its division {} is not in GB/T 4754-2017 (see "
        "`clusteratlas industry list --level division`)",
        code, code.substr(0, 2));
  }
  Industry row;
  row.code = std::string(code);
  row.level = level_of(code);
  row.parent = ancestor->code;
  row.source = "accepted";
  return row;
}

std::string accepted_note(const Industry& accepted, const Industry& ancestor) {
  return fmt::format(
      "{} is not in the bundled industry list; accepted under {} {} {} (load the official list "
      "with `clusteratlas industry import FILE` to name it)",
      accepted.code, ancestor.level, ancestor.code, ancestor.name_zh);
}

std::string industry_label(const std::string& code, const std::optional<Industry>& industry,
                           const std::optional<Industry>& parent) {
  if (industry && !industry->name_zh.empty()) return code + " " + industry->name_zh;
  if (parent) return fmt::format("{} ({} {})", code, parent->code, parent->name_zh);
  return code;
}

}  // namespace atlas::domain
