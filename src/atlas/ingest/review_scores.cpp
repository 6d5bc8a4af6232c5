#include "atlas/ingest/review_scores.h"

#include <limits>
#include <map>
#include <utility>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "atlas/ingest/cells.h"
#include "atlas/ingest/columns.h"
#include "atlas/ingest/file_rows.h"
#include "atlas/ingest/header_columns.h"
#include "atlas/ingest/table_rows.h"

namespace atlas::ingest {
namespace {

bool is_application(const std::string& h) {
  return header_is(h, {"application", "application_id", "applicant", "申报项目", "申报", "申请",
                       "申请编号", "项目", "集群", "集群名称"});
}
bool is_expert(const std::string& h) {
  return header_is(h,
                   {"expert", "expert_id", "reviewer", "专家", "评审专家", "专家姓名", "专家编号"});
}
bool is_score(const std::string& h) {
  return header_is(h, {"score", "评分", "得分", "分数", "专家评分"});
}

}  // namespace

ReviewScores read_review_scores(const std::string& path) {
  FileRows file(path, "", std::nullopt);
  // The header is the first row naming an expert column: a title may stand above it.
  TableRows rows(file.rows(), [](const std::vector<std::string>& cells) {
    for (const auto& c : cells) {
      if (is_expert(c)) return true;
    }
    return false;
  });
  ReviewScores out;
  out.source = rows.source();
  const auto& header = rows.header();
  const auto picked = pick_columns(header, {is_application, is_expert, is_score});
  const int app = picked[0], expert = picked[1], score = picked[2];
  if (app < 0 || expert < 0 || score < 0) {
    throw Error(ErrorKind::kBadInput,
                fmt::format("no {} column: review scores need application (申报项目, 申请, 集群), "
                            "expert (专家, 评审专家) and score (评分, 得分) columns",
                            app < 0      ? "application"
                            : expert < 0 ? "expert"
                                         : "score"),
                {out.source, rows.header_line(), "", ""});
  }
  auto name = [&](int c) { return text::trim(header[static_cast<std::size_t>(c)]); };
  out.application_header = name(app);
  out.expert_header = name(expert);
  out.score_header = name(score);

  std::map<std::pair<std::string, std::string>, std::int64_t> seen;
  std::vector<std::int64_t> blank;
  std::vector<std::string> cells;
  std::int64_t line = 0;
  while (rows.next(cells, line)) {
    if (rows.total(cells, line, {app, expert})) continue;
    std::string a = cell_at(cells, app), e = cell_at(cells, expert), s = cell_at(cells, score);
    if (a.empty()) {
      throw Error(ErrorKind::kBadInput, "the application is empty",
                  {out.source, line, out.application_header, ""});
    }
    if (e.empty()) {
      throw Error(ErrorKind::kBadInput, "the expert is empty",
                  {out.source, line, out.expert_header, ""});
    }
    double v = std::numeric_limits<double>::quiet_NaN();
    if (is_missing_text(s)) {
      blank.push_back(line);  // assigned, not scored: missing, never 0
    } else {
      auto parsed = parse_plain_number(s);
      if (!parsed || !(*parsed >= 0 && *parsed <= 100)) {
        throw Error(ErrorKind::kBadInput,
                    fmt::format("'{}' is not a score: a number from 0 to 100", s),
                    {out.source, line, out.score_header, ""});
      }
      v = *parsed;
    }
    if (auto [it, fresh] = seen.try_emplace({a, e}, line); !fresh) {
      throw Error(ErrorKind::kBadInput,
                  fmt::format("expert '{}' scored application '{}' twice: rows {} and {}", e, a,
                              it->second, line),
                  {out.source, line, out.expert_header, ""});
    }
    out.applications.push_back(std::move(a));
    out.experts.push_back(std::move(e));
    out.scores.push_back(v);
    out.lines.push_back(line);
  }
  if (out.scores.empty()) {
    throw Error(ErrorKind::kBadInput, "no scores: the file has a header and no rows",
                {out.source, rows.header_line(), "", ""});
  }
  out.notes = rows.notes();
  if (!blank.empty()) {
    out.notes.push_back(fmt::format(
        "{}: {} no score (assigned, not scored; left out, not counted as 0), first on row {}",
        out.source, text::counted(static_cast<std::int64_t>(blank.size()), "row has", "rows have"),
        blank.front()));
  }
  return out;
}

}  // namespace atlas::ingest
