#include "atlas/ingest/expert_scores.h"

#include <set>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "atlas/ingest/columns.h"
#include "atlas/ingest/file_rows.h"
#include "atlas/ingest/header_columns.h"

namespace atlas::ingest {
namespace {

bool is_scored_unit_code(const std::string& h) {
  return header_is(h, {"unit", "uCode", "code", "unit_code", "cluster_id", "代码", "编码",
                       "集群编号", "集群代码"});
}
bool is_scored_unit_name(const std::string& h) {
  return header_is(
      h, {"集群名称", "集群", "名称", "name", "uName", "unit_name", "cluster", "cluster_name"});
}
bool is_score(const std::string& h) {
  return header_is(h, {"score", "expert_score", "专家评分", "专家得分", "评分", "得分"});
}

}  // namespace

ExpertScores read_expert_scores(const std::string& path) {
  FileRows file(path, "", std::nullopt);
  auto& rows = file.rows();
  ExpertScores out;
  out.source = rows.source();
  std::vector<std::string> header;
  if (!rows.next(header)) {
    throw Error(ErrorKind::kBadInput, "the file is empty", {out.source, 1, "", ""});
  }
  const auto picked = pick_columns(header, {is_scored_unit_code, is_scored_unit_name, is_score});
  const int code = picked[0], name = picked[1], score = picked[2];
  int unit = code >= 0 ? code : name;
  if (unit < 0 || score < 0) {
    throw Error(ErrorKind::kBadInput,
                fmt::format("an expert-score file has a unit column (集群名称, 集群, 代码 or unit) "
                            "and a score column (专家评分 or score); this one has no {} column",
                            unit < 0 ? "unit" : "score"),
                {out.source, rows.line(), "", ""});
  }
  out.unit_header = text::trim(header[static_cast<std::size_t>(unit)]);
  out.score_header = text::trim(header[static_cast<std::size_t>(score)]);
  std::set<std::string> seen;
  std::vector<std::string> cells;
  while (rows.next(cells)) {
    if (is_blank_row(cells)) continue;
    auto cell = [&](int c) { return cell_at(cells, c); };
    const auto line = rows.line();
    std::string who = cell(unit);
    if (who.empty()) {
      throw Error(ErrorKind::kBadInput, "the unit is empty",
                  {out.source, line, out.unit_header, ""});
    }
    if (!seen.insert(who).second) {
      throw Error(ErrorKind::kBadInput, fmt::format("'{}' is listed twice", who),
                  {out.source, line, out.unit_header, ""});
    }
    std::string text = cell(score);
    if (is_missing_text(text)) continue;  // no score for this unit
    auto v = parse_plain_number(text);
    if (!v || !(*v >= 0 && *v <= 100)) {
      throw Error(ErrorKind::kBadInput,
                  fmt::format("'{}' is not an expert score: a number from 0 to 100", text),
                  {out.source, line, out.score_header, ""});
    }
    out.units.push_back(who);
    out.scores.push_back(*v);
    out.lines.push_back(static_cast<int>(line));
  }
  return out;
}

}  // namespace atlas::ingest
