// An office's expert pool (专家库) for a selection round: one row per expert — code (专家编号),
// name (姓名), organisation (工作单位), province (省份: a code, 42 or 420000, or a name, 湖北省,
// 湖北, Hubei), fields of expertise (熟悉领域: GB/T 4754 codes) and, optionally, title (职称) and
// declared conflicts (回避单位). CSV, TSV or XLSX, UTF-8 (with or without a BOM) or GBK, a title
// allowed above the header, as every table ClusterAtlas reads. Contract: a file is read whole or
// refused with its first bad row named by file, row and column.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "atlas/domain/region.h"
#include "atlas/rounds/parties.h"

namespace atlas::ingest {

struct ExpertPool {
  std::string source;                   // the file, for messages
  std::vector<rounds::Expert> experts;  // in file order; ids are 0 until the store assigns them
  std::vector<std::int64_t> lines;      // each expert's row in the file
  std::vector<std::string> notes;       // a title above the header, total rows skipped
};

// Whether an industry code (well formed, as domain::industry_code_problem checks) is one the
// caller knows — its industry list, with an office's imported codes.
using KnownIndustry = std::function<bool(const std::string& code)>;

// Headers, English or Chinese (case, spaces and underscores ignored): code — 专家编号, 专家代码,
// 编号, code, expert_code, expert_id; name — 姓名, 专家姓名, name, expert_name; organisation —
// 工作单位, 所在单位, 单位, organisation, organization, affiliation; province — 省份, 所在省份,
// 省, province; title — 职称, 专业技术职称, title; fields — 熟悉领域, 专业领域, 领域, 熟悉行业,
// 行业代码, fields, expertise, industries; declared conflicts — 回避单位, 需回避单位, 主动回避,
// declared_conflicts, conflicts.
//
// Each expert's province is resolved through `provinces` (the bundled list, or the store's) and
// kept as the list's code ("420000"), as the store checks it. Fields are separated by ; ； , ， 、
// or spaces, section letters read in either case, a code given twice kept once; each must be a GB/T
// 4754-2017 code and, when `known_industry` is given, one it knows. Declared conflicts are
// separated by ; ； 、 or line breaks and kept as written (trimmed). Cells are trimmed; blank rows
// are skipped.
//
// Throws atlas::Error (kBadInput) naming the file, row and column: a required column missing (the
// message lists every one missing), an empty code, name, organisation, province or fields cell,
// an expert code listed twice (naming both rows), a malformed or unknown industry, a province the
// list does not have, no expert at all.
ExpertPool read_expert_pool(const std::string& path, const std::vector<domain::Province>& provinces,
                            const KnownIndustry& known_industry = {});

}  // namespace atlas::ingest
