// Industries of GB/T 4754-2017 (国民经济行业分类): sections A–T, two-digit divisions, three-digit
// groups and four-digit classes, each optionally tagged with a strategic-emerging-industry
// category (战略性新兴产业分类 2018). A cluster's leading industry is one of these codes.
#pragma once
#include <string>

namespace atlas::domain {

struct Industry {
  std::string code;    // "C", "39", "397", "3973"
  std::string level;   // section | division | group | class
  std::string parent;  // code of the enclosing level; empty for a section
  std::string name_zh;
  std::string name_en;
  std::string sei;  // strategic-emerging-industry key, e.g. "next_gen_it"; empty when none
};

// The two-digit division a division/group/class code belongs to ("3973" → "39"); sections and
// malformed codes give themselves back.
std::string division_of(const std::string& code);

}  // namespace atlas::domain
