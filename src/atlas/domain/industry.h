// Industries of GB/T 4754-2017 (国民经济行业分类): sections A–T, two-digit divisions, three-digit
// groups and four-digit classes, each optionally tagged with a strategic-emerging-industry
// category (战略性新兴产业分类 2018). A cluster's leading industry is one of these codes.
// The bundled list has every section and division but only some groups and classes; a real code
// it lacks is accepted under its listed group or division (and named so), and an office can load
// the official list (`industry import`), which then takes precedence.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace atlas::domain {

struct Industry {
  std::string code;    // "C", "39", "397", "3973"
  std::string level;   // section | division | group | class
  std::string parent;  // code of the enclosing level; empty for a section
  std::string name_zh;
  std::string name_en;
  std::string sei;  // strategic-emerging-industry key, e.g. "next_gen_it"; empty when none
  // Where the row comes from: "bundled" (data/industries.csv), "imported" (an office's official
  // list) or "accepted" (a code the list lacked, taken under its group or division, no name).
  std::string source = "bundled";
};

// The two-digit division a division/group/class code belongs to ("3973" → "39"); sections and
// malformed codes give themselves back.
std::string division_of(const std::string& code);

// Why `code` is not written as a GB/T 4754-2017 code — a section letter A–T, or a division,
// group or class of 2, 3 or 4 digits — or nullopt when it is.
std::optional<std::string> industry_code_problem(std::string_view code);

// The level a well-formed code's form gives: section, division, group or class.
std::string level_of(std::string_view code);

// The codes above a group or class by its digits, nearest first: "3831" → {"383", "38"}.
// Empty for sections, divisions and malformed codes.
std::vector<std::string> ancestors_by_form(std::string_view code);

// A code missing from the industry list, taken under `ancestor` — the nearest of its
// ancestors_by_form that the list has — as the row to add (its level by its length, no name,
// source "accepted"); or why it cannot be: the code is malformed, a section or division (the list
// has every real one), or none of its ancestors is listed.
std::variant<Industry, std::string> accept_unlisted(std::string_view code,
                                                    const std::optional<Industry>& ancestor);

// What people are told when a code is accepted that way:
// "3831 is not in the bundled industry list; accepted under division 38 电气机械和器材制造业".
std::string accepted_note(const Industry& accepted, const Industry& ancestor);

// A code with its name, as listings show it: "3973 集成电路制造"; an accepted code, which has no
// name, with the listed industry it was accepted under: "3831 (38 电气机械和器材制造业)".
std::string industry_label(const std::string& code, const std::optional<Industry>& industry,
                           const std::optional<Industry>& parent);

}  // namespace atlas::domain
