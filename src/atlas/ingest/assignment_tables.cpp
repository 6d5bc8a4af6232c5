#include "atlas/ingest/assignment_tables.h"

#include <cmath>
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "atlas/ingest/cells.h"
#include "atlas/ingest/columns.h"
#include "atlas/ingest/file_rows.h"
#include "atlas/ingest/header_columns.h"

namespace atlas::ingest {
namespace {

enum class Value { kNone, kAffinity, kReason };

bool is_application(const std::string& h) {
  return header_is(h, {"application", "application_id", "application_code", "app", "applicant",
                       "申请", "申报", "申请编号", "申报编号", "申报项目", "申请项目", "项目",
                       "项目编号", "申报单位", "申请单位", "集群", "集群名称"});
}
bool is_expert(const std::string& h) {
  return header_is(h, {"expert", "expert_id", "expert_code", "reviewer", "专家", "专家编号",
                       "专家姓名", "评审专家", "评审人"});
}
bool is_affinity(const std::string& h) {
  return header_is(
      h, {"affinity", "score", "match", "匹配度", "亲和度", "相关度", "匹配分", "匹配得分"});
}
bool is_reason(const std::string& h) {
  return header_is(h, {"reason", "note", "理由", "原因", "说明", "备注"});
}

AssignmentTable read(const std::string& path, Value value, const char* what) {
  FileRows file(path, "", std::nullopt);
  auto& rows = file.rows();
  AssignmentTable out;
  out.source = rows.source();
  std::vector<std::string> header;
  if (!rows.next(header)) {
    throw Error(ErrorKind::kBadInput, "the file is empty", {out.source, 1, "", ""});
  }
  const auto picked =
      pick_columns(header, {is_application, is_expert, [value](const std::string& h) {
                              return (value == Value::kAffinity && is_affinity(h)) ||
                                     (value == Value::kReason && is_reason(h));
                            }});
  const int app = picked[0], expert = picked[1], val = picked[2];
  const char* missing = app < 0      ? "application (申报 or application)"
                        : expert < 0 ? "expert (专家 or expert)"
                        : value == Value::kAffinity && val < 0 ? "affinity (匹配度 or affinity)"
                        : value == Value::kReason && val < 0   ? "reason (理由 or reason)"
                                                               : nullptr;
  if (missing != nullptr) {
    throw Error(ErrorKind::kBadInput,
                fmt::format("a {} file needs an application, an expert{} column; this one has no "
                            "{} column",
                            what,
                            value == Value::kAffinity ? " and an affinity"
                            : value == Value::kReason ? " and a reason"
                                                      : "",
                            missing),
                {out.source, rows.line(), "", ""});
  }
  auto header_at = [&](int c) { return text::trim(header[static_cast<std::size_t>(c)]); };
  out.application_header = header_at(app);
  out.expert_header = header_at(expert);
  if (val >= 0) out.value_header = header_at(val);
  std::unordered_map<std::string, int> app_ids, expert_ids;
  auto id = [](std::unordered_map<std::string, int>& ids, std::vector<std::string>& names,
               std::string&& name) {
    auto [it, added] = ids.try_emplace(name, static_cast<int>(names.size()));
    if (added) names.push_back(std::move(name));
    return it->second;
  };
  std::unordered_set<std::uint64_t> seen;
  std::vector<std::string> cells;
  while (rows.next(cells)) {
    if (is_blank_row(cells)) continue;
    auto cell = [&](int c) { return cell_at(cells, c); };
    const auto line = rows.line();
    std::string a = cell(app), e = cell(expert);
    if (a.empty())
      throw Error(ErrorKind::kBadInput, "the application is empty",
                  {out.source, line, out.application_header, ""});
    if (e.empty())
      throw Error(ErrorKind::kBadInput, "the expert is empty",
                  {out.source, line, out.expert_header, ""});
    const int ai = id(app_ids, out.applications, std::string(a));
    const int ei = id(expert_ids, out.experts, std::string(e));
    if (!seen.insert(static_cast<std::uint64_t>(ai) << 32 | static_cast<std::uint32_t>(ei)).second)
      throw Error(ErrorKind::kBadInput, fmt::format("the pair {} – {} is listed twice", a, e),
                  {out.source, line, out.expert_header, ""});
    if (value == Value::kAffinity) {
      std::string t = cell(val);
      auto v = parse_plain_number(t);
      if (!v || !std::isfinite(*v))
        throw Error(ErrorKind::kBadInput,
                    t.empty() ? std::string("the affinity is empty")
                              : fmt::format("'{}' is not an affinity: a number", t),
                    {out.source, line, out.value_header, ""});
      out.affinities.push_back(*v);
    } else if (value == Value::kReason) {
      std::string t = cell(val);
      if (t.empty())
        throw Error(ErrorKind::kBadInput, "a manual override needs its reason",
                    {out.source, line, out.value_header, ""});
      out.reasons.push_back(std::move(t));
    }
    out.application.push_back(ai);
    out.expert.push_back(ei);
    out.lines.push_back(static_cast<int>(line));
  }
  return out;
}

}  // namespace

AssignmentTable read_affinities(const std::string& path) {
  return read(path, Value::kAffinity, "affinity");
}
AssignmentTable read_conflicts(const std::string& path) {
  return read(path, Value::kNone, "conflict");
}
AssignmentTable read_overrides(const std::string& path, const char* what) {
  return read(path, Value::kReason, what);
}

}  // namespace atlas::ingest
