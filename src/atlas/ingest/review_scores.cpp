#include "atlas/ingest/review_scores.h"

#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/suggest.h"
#include "atlas/core/text.h"
#include "atlas/ingest/cells.h"
#include "atlas/ingest/columns.h"
#include "atlas/ingest/file_rows.h"
#include "atlas/ingest/header_columns.h"
#include "atlas/ingest/header_text.h"
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
bool is_comment(const std::string& h) {
  return header_is(h, {"意见", "评语", "评审意见", "专家意见", "comment", "comments"});
}

// The header is the first row naming an expert column: a title may stand above it.
bool names_an_expert(const std::vector<std::string>& cells) {
  for (const auto& c : cells) {
    if (is_expert(c)) return true;
  }
  return false;
}

// The rows of a review table after its header, each one expert's review of one application: the
// loop both readers share. Total rows are skipped; an empty application or expert and a pair
// given twice are refused at their row.
class ReviewRows {
 public:
  ReviewRows(TableRows& rows, int application, int expert)
      : rows_(rows),
        application_(application),
        expert_(expert),
        application_header_(text::trim(rows.header()[static_cast<std::size_t>(application)])),
        expert_header_(text::trim(rows.header()[static_cast<std::size_t>(expert)])) {}

  const std::string& application_header() const { return application_header_; }
  const std::string& expert_header() const { return expert_header_; }

  bool next(std::vector<std::string>& cells, std::int64_t& line, std::string& application,
            std::string& expert) {
    do {
      if (!rows_.next(cells, line)) return false;
    } while (rows_.total(cells, line, {application_, expert_}));
    application = cell_at(cells, application_);
    expert = cell_at(cells, expert_);
    const auto& source = rows_.source();
    if (application.empty()) {
      throw Error(ErrorKind::kBadInput, "the application is empty",
                  {source, line, application_header_, ""});
    }
    if (expert.empty()) {
      throw Error(ErrorKind::kBadInput, "the expert is empty", {source, line, expert_header_, ""});
    }
    if (auto [it, fresh] = seen_.try_emplace({application, expert}, line); !fresh) {
      throw Error(ErrorKind::kBadInput,
                  fmt::format("expert '{}' scored application '{}' twice: rows {} and {}", expert,
                              application, it->second, line),
                  {source, line, expert_header_, ""});
    }
    return true;
  }

 private:
  TableRows& rows_;
  int application_, expert_;
  std::string application_header_, expert_header_;
  std::map<std::pair<std::string, std::string>, std::int64_t> seen_;
};

// The note on rows assigned but not scored: "f.csv: 2 rows have no score (…), first on row 4".
std::string not_scored_note(const std::string& source, const std::vector<std::int64_t>& blank) {
  return fmt::format(
      "{}: {} no score (assigned, not scored; left out, not counted as 0), first on row {}", source,
      text::counted(static_cast<std::int64_t>(blank.size()), "row has", "rows have"),
      blank.front());
}

// The points a header writes in brackets after a criterion's name: 30, 30分, 满分30, 满分30分
// (header_key form); nullopt for other text.
std::optional<double> bracket_points(std::string_view inside) {
  if (inside.starts_with("满分")) inside.remove_prefix(std::string_view("满分").size());
  if (inside.ends_with("分")) inside.remove_suffix(std::string_view("分").size());
  if (inside.empty()) return std::nullopt;
  auto v = parse_plain_number(inside);
  if (!v || !(*v > 0)) return std::nullopt;
  return v;
}

// The total of a review, also with its points in brackets (总分(100分)).
bool is_total(const std::string& h) {
  for (const auto& reading : read_header_text(h).readings) {
    if (reading.suffix || (!reading.unit.empty() && !bracket_points(reading.unit))) continue;
    if (header_is(reading.name, {"总分", "合计分", "总得分", "score", "total"})) return true;
  }
  return false;
}

// The criterion a header names, looked up by its name in header_key form.
struct CriterionHeader {
  int criterion = -1;   // the form's criterion it names, or -1
  std::string name;     // the name part (header_key form), for a column naming none
  bool points = false;  // points in brackets: a criterion's column, whether or not it names one
};

CriterionHeader read_criterion_header(const std::string& header,
                                      const std::vector<std::string>& keys,
                                      const std::vector<rounds::Criterion>& form, const Where& at) {
  CriterionHeader out;
  const auto text = read_header_text(header);
  out.name = text.key;
  for (const auto& reading : text.readings) {
    if (reading.suffix) continue;
    std::optional<double> points;
    if (!reading.unit.empty()) {
      points = bracket_points(reading.unit);
      if (!points) continue;  // a remark in brackets, not points
      out.points = true;
      out.name = reading.name;
    }
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] != reading.name) continue;
      if (points && std::abs(*points - form[i].points) > 1e-9) {
        throw Error(ErrorKind::kBadInput,
                    fmt::format("the header gives {} {:g} points; the round's form gives it {:g}",
                                form[i].name, *points, form[i].points),
                    at);
      }
      out.criterion = static_cast<int>(i);
      return out;
    }
  }
  return out;
}

// Whether `key`, a header naming nothing the reader knows, is plausibly a slip for one of the
// criteria: close by code points (at most half the criterion's length) or containing it.
std::string criterion_slip(const std::string& key, const std::vector<std::string>& keys,
                           const std::vector<std::string>& names) {
  for (const auto& close : text::closest_names(key, keys, 1)) {
    const auto length = text::edit_distance(close, "");
    if (key.find(close) != std::string::npos || close.find(key) != std::string::npos ||
        2 * text::edit_distance(key, close) <= length) {
      for (std::size_t i = 0; i < keys.size(); ++i) {
        if (keys[i] == close) return names[i];
      }
    }
  }
  return "";
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    out += out.empty() ? p : ", " + p;
  }
  return out;
}

}  // namespace

ReviewScores read_review_scores(const std::string& path) {
  FileRows file(path, "", std::nullopt);
  TableRows rows(file.rows(), names_an_expert);
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
  ReviewRows reviews(rows, app, expert);
  out.application_header = reviews.application_header();
  out.expert_header = reviews.expert_header();
  out.score_header = text::trim(header[static_cast<std::size_t>(score)]);

  std::vector<std::int64_t> blank;
  std::vector<std::string> cells;
  std::string a, e;
  std::int64_t line = 0;
  while (reviews.next(cells, line, a, e)) {
    const std::string s = cell_at(cells, score);
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
  if (!blank.empty()) out.notes.push_back(not_scored_note(out.source, blank));
  return out;
}

CriterionReviews read_criterion_reviews(const std::string& path,
                                        const std::vector<rounds::Criterion>& form) {
  FileRows file(path, "", std::nullopt);
  TableRows rows(file.rows(), names_an_expert);
  CriterionReviews out;
  out.source = rows.source();
  const auto& header = rows.header();
  const std::int64_t header_line = rows.header_line();
  std::vector<std::string> keys, names, form_parts;
  for (const auto& c : form) {
    keys.push_back(header_key(halfwidth(c.name)));
    names.push_back(c.name);
    form_parts.push_back(fmt::format("{}({:g})", c.name, c.points));
  }

  // The criteria's columns first: a criterion named like a total (总分) is a criterion.
  std::vector<int> criterion_column(form.size(), -1);
  std::vector<CriterionHeader> read(header.size());
  auto others = header;  // the header without the criteria's columns, for pick_columns
  for (std::size_t c = 0; c < header.size(); ++c) {
    const std::string h = text::trim(header[c]);
    if (h.empty()) continue;
    read[c] = read_criterion_header(h, keys, form, {out.source, header_line, h, ""});
    const int i = read[c].criterion;
    if (i < 0) continue;
    auto& column = criterion_column[static_cast<std::size_t>(i)];
    if (column >= 0) {
      throw Error(ErrorKind::kBadInput,
                  fmt::format("a second column for {}: '{}' is the first",
                              form[static_cast<std::size_t>(i)].name,
                              text::trim(header[static_cast<std::size_t>(column)])),
                  {out.source, header_line, h, ""});
    }
    column = static_cast<int>(c);
    others[c].clear();
  }
  const auto picked = pick_columns(others, {is_application, is_expert, is_total, is_comment});
  const int app = picked[0], expert = picked[1], total = picked[2], comment = picked[3];
  if (app < 0 || expert < 0) {
    throw Error(ErrorKind::kBadInput,
                fmt::format("no {} column: reviews need application (申报项目, 申请, 集群) and "
                            "expert (专家, 评审专家) columns, and one column per criterion of the "
                            "form ({})",
                            app < 0 ? "application" : "expert", joined(form_parts)),
                {out.source, header_line, "", ""});
  }
  // A column the reader would leave out that looks like a criterion's is refused, not ignored.
  for (std::size_t c = 0; c < header.size(); ++c) {
    const std::string h = text::trim(others[c]);
    const int col = static_cast<int>(c);
    if (h.empty() || col == app || col == expert || col == total || col == comment) continue;
    if (is_application(h) || is_expert(h) || is_total(h) || is_comment(h)) continue;
    const std::string slip = criterion_slip(read[c].name, keys, names);
    if (!read[c].points && slip.empty()) continue;
    throw Error(
        ErrorKind::kBadInput,
        fmt::format("the column names none of the round's criteria ({}){}", joined(form_parts),
                    slip.empty() ? "" : fmt::format(" (did you mean '{}'?)", slip)),
        {out.source, header_line, h, ""});
  }
  for (std::size_t i = 0; i < form.size(); ++i) {
    if (criterion_column[i] >= 0) continue;
    std::vector<std::string> found;
    for (const auto& h : header) found.push_back(text::trim(h));
    throw Error(ErrorKind::kBadInput,
                fmt::format("no column for criterion {}: the round's form has {}; the header has "
                            "{}",
                            form[i].name, joined(form_parts), joined(found)),
                {out.source, header_line, form[i].name, ""});
  }

  ReviewRows reviews(rows, app, expert);
  out.application_header = reviews.application_header();
  out.expert_header = reviews.expert_header();
  auto name = [&](int c) { return c < 0 ? "" : text::trim(header[static_cast<std::size_t>(c)]); };
  for (int c : criterion_column) out.criterion_headers.push_back(name(c));
  out.total_header = name(total);
  out.comment_header = name(comment);

  std::vector<std::int64_t> blank;
  std::vector<std::string> cells;
  std::string a, e;
  std::int64_t line = 0;
  while (reviews.next(cells, line, a, e)) {
    std::vector<double> points(form.size(), std::numeric_limits<double>::quiet_NaN());
    int first_blank = -1, first_filled = -1;
    for (std::size_t i = 0; i < form.size(); ++i) {
      const std::string s = cell_at(cells, criterion_column[i]);
      if (is_missing_text(s)) {
        if (first_blank < 0) first_blank = static_cast<int>(i);
        continue;
      }
      if (first_filled < 0) first_filled = static_cast<int>(i);
      const Where at{out.source, line, out.criterion_headers[i], ""};
      auto v = parse_plain_number(s);
      if (!v && !form[i].anchors.empty()) {
        // A criterion scored by levels: the level's name (优) stands for its points.
        try {
          v = rounds::criterion_points(form[i], s);
        } catch (const Error& bad) {
          throw Error(ErrorKind::kBadInput, bad.what(), at);
        }
      }
      if (!v || !(*v >= 0 && *v <= form[i].points)) {
        throw Error(ErrorKind::kBadInput,
                    fmt::format("'{}' is not points for {}: a number from 0 to {:g}", s,
                                form[i].name, form[i].points),
                    at);
      }
      points[i] = *v;
    }
    if (first_blank >= 0 && first_filled >= 0) {
      throw Error(
          ErrorKind::kBadInput,
          fmt::format("{} is blank but {} has points: give every criterion its points, "
                      "or leave out the row of an expert who did not score",
                      form[static_cast<std::size_t>(first_blank)].name,
                      form[static_cast<std::size_t>(first_filled)].name),
          {out.source, line, out.criterion_headers[static_cast<std::size_t>(first_blank)], ""});
    }
    if (const std::string t = cell_at(cells, total); !is_missing_text(t)) {
      const Where at{out.source, line, out.total_header, ""};
      auto v = parse_plain_number(t);
      if (!v) throw Error(ErrorKind::kBadInput, fmt::format("'{}' is not a number", t), at);
      if (first_filled < 0) {
        throw Error(ErrorKind::kBadInput,
                    fmt::format("a total of {} but no criterion has points", t), at);
      }
      const double sum = rounds::review_total(points);
      // Within 0.01, that bound included: 84.01 against 84 differs by 0.0100000000000051.
      if (std::abs(*v - sum) > 0.01 + 1e-9) {
        throw Error(
            ErrorKind::kBadInput,
            fmt::format("the total {:g} is not the sum of the criteria's points, {:g}", *v, sum),
            at);
      }
    }
    if (first_filled < 0) blank.push_back(line);  // assigned, not scored: missing, never 0
    out.applications.push_back(std::move(a));
    out.experts.push_back(std::move(e));
    out.points.push_back(std::move(points));
    out.comments.push_back(cell_at(cells, comment));
    out.lines.push_back(line);
  }
  if (out.points.empty()) {
    throw Error(ErrorKind::kBadInput, "no reviews: the file has a header and no rows",
                {out.source, header_line, "", ""});
  }
  out.notes = rows.notes();
  if (!blank.empty()) out.notes.push_back(not_scored_note(out.source, blank));
  return out;
}

}  // namespace atlas::ingest
