// An office's copy of the official GB/T 4754-2017 classification (`clusteratlas industry import`):
// CSV, TSV or XLSX, UTF-8 or GBK, one row per code — at least a code and its Chinese name, as the
// standard's table lists them (sections, divisions, groups, classes in order). Optional columns:
// English name, parent, level.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "atlas/domain/industry.h"

namespace atlas::ingest {

struct IndustryList {
  std::string source;                  // the file, as messages name it
  std::vector<domain::Industry> rows;  // in file order, source "imported"
  std::vector<std::int64_t> lines;     // the row of each in the file
};

// Headers (case, spaces and underscores ignored): code — 代码, 行业代码, 类别代码, code; name —
// 名称, 类别名称, 行业名称, name, name_zh; name_en — 英文名称, name_en; parent — 上级, 上级代码,
// parent; level — 层级, level (section/门类, division/大类, group/中类, class/小类).
// Each row's level comes from its code's form; a group's or class's parent from its digits, a
// division's from the parent column or else the nearest section row above it (empty when there is
// neither: the stored division keeps its section). Throws atlas::Error (kBadInput) naming file,
// row and column of the first problem, and how many more there are: a code not written as a
// GB/T 4754-2017 code, an empty name, a code listed twice, a level or a parent that contradicts
// the code, no code or name column, no rows.
IndustryList read_industry_list(const std::string& path);

}  // namespace atlas::ingest
