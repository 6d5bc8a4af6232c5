#include "atlas/app/report_parts.h"

#include <cmath>
#include <map>

#include <fmt/format.h>

namespace atlas::app {
namespace {

// The English titles of the columns the documents print, by key; the unit as the CLI's
// Chinese title has it (亿元 = 100 million yuan).
const std::map<std::string, std::string>& english_titles() {
  static const std::map<std::string, std::string> titles = {
      {"region", "Region"},
      {"province", "Province"},
      {"industry", "Industry"},
      {"status", "Status"},
      {"year", "Year"},
      {"clusters", "Clusters"},
      {"firms", "Firms"},
      {"high_tech_firms", "High-tech firms"},
      {"high_tech_share", "High-tech share (%)"},
      {"revenue_yuan", "Revenue (100 M yuan)"},
      {"profit_yuan", "Net profit (100 M yuan)"},
      {"taxes_yuan", "Taxes paid (100 M yuan)"},
      {"employment", "Employment (10,000)"},
      {"valid_invention_patents", "Valid invention patents"},
      {"patents_per_10k_staff", "Patents per 10,000 staff"},
      {"rank", "Rank"},
      {"unit", "Code"},
      {"name", "Name"},
      {"score", "Score"},
      {"expert_score", "Expert score"},
      {"final_score", "Final score"},
      {"rank_change", "Change"},
      {"median_rank", "Median rank"},
      {"rank_interval", "Rank 5–95%"},
      {"grade", "Grade"},
      {"gates", "Gates (✗ failed, ? missing)"},
      {"gate_effect", "Gate effect"},
      {"missing_indicators", "Missing"},
      {"id", "ID"},
      {"zone", "Zone"},
      {"batch", "Batch"},
      {"no", "No."},
      {"date", "Date"},
      {"change", "Change"},
      {"detail", "Detail"},
      {"doc_no", "Document no."},
      {"reason", "Reason"},
      {"credit_code", "Credit code"},
      {"role", "Role"},
      {"flags", "Flags"},
      {"revision", "Revision"},
      {"kind", "Kind"},
      {"file", "File"},
      {"rows", "Rows"},
      {"operator", "Operator"},
      {"imported_at", "Imported at"},
      // A selection round's tables (round_report.h).
      {"stage", "Stage"},
      {"deadline", "Deadline"},
      {"state", "State"},
      {"province_name", "Province"},
      {"applied", "Applied"},
      {"returned", "Returned"},
      {"recommended", "Recommended"},
      {"quota", "Quota"},
      {"cluster_name", "Proposed cluster"},
      {"submissions", "Submissions"},
      {"application", "Application"},
      {"expert", "Expert"},
      {"expert_name", "Name"},
      {"assigned", "Assigned"},
      {"reviewed", "Reviewed"},
      {"affinity", "Affinity"},
      {"fixed", "Fixed (reason)"},
      {"criterion", "Criterion"},
      {"points", "Points"},
      {"levels", "Levels"},
      {"total", "Total"},
      {"comment", "Comment"},
      {"submitted_at", "Submitted at"},
      {"count", "Scores"},
      {"mean", "Mean"},
      {"trimmed_mean", "Trimmed mean"},
      {"statistic", "Statistic"},
      {"value", "Value"},
      {"compared", "Compared"},
      {"mean_deviation", "Mean deviation"},
      {"mean_abs_deviation", "Mean abs. deviation"},
      {"flagged_scores", "Flagged scores"},
      {"flag", "Flag"},
      {"consensus", "Others' median"},
      {"deviation", "Deviation"},
      {"data_score", "Data score"},
      {"composite", "Composite"},
      {"listed", "Listed"},
      {"objector", "Objector"},
      {"grounds", "Grounds"},
      {"filed_at", "Filed at"},
      {"answer", "Answer"},
      {"upheld", "Upheld"},
      {"answered_at", "Answered at"},
      {"answered_by", "Answered by"},
      {"documents", "Documents"},
      {"slot", "Slot"},
      {"panel", "Panel"},
      {"start", "Start"},
      {"end", "End"},
      {"place", "Place"},
      {"experts", "Experts"},
      {"reviews_in", "Reviews in"},
      {"moves", "Moves"},
      {"cluster", "Cluster"},
      {"admitted", "Admitted"},
      {"years", "Years"},
      {"failed_gates", "Failed gates"},
      {"proposal", "Proposal"},
  };
  return titles;
}

}  // namespace

report::Table in_language(report::Table t, Language l) {
  if (l == Language::kZh) return t;
  const auto& titles = english_titles();
  for (auto& c : t.columns) {
    if (auto it = titles.find(c.key); it != titles.end()) c.title = it->second;
  }
  return t;
}

std::optional<std::size_t> column_index(const report::Table& t, const std::string& key) {
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    if (t.columns[i].key == key) return i;
  }
  return std::nullopt;
}

report::Table columns_of(const report::Table& t, const std::vector<std::string>& keys) {
  std::vector<std::size_t> kept;
  for (const auto& k : keys) {
    if (auto i = column_index(t, k)) kept.push_back(*i);
  }
  report::Table out;
  out.notes = t.notes;
  for (auto i : kept) out.columns.push_back(t.columns[i]);
  for (const auto& row : t.rows) {
    std::vector<report::Cell> cells;
    for (auto i : kept) cells.push_back(i < row.size() ? row[i] : report::Cell{});
    out.add_row(std::move(cells));
  }
  return out;
}

std::optional<double> number(const report::Cell& c) {
  if (auto* i = std::get_if<std::int64_t>(&c)) return static_cast<double>(*i);
  if (auto* d = std::get_if<double>(&c); d && std::isfinite(*d)) return *d;
  return std::nullopt;
}

report::document::KeyFigure key_figure(const report::Table& t, const std::vector<report::Cell>& row,
                                       const std::vector<report::Cell>* before,
                                       const std::string& key, Language l) {
  report::document::KeyFigure f;
  auto i = column_index(t, key);
  if (!i) return f;
  const report::Column col = in_language(report::Table{{t.columns[*i]}, {}, {}}, l).columns[0];
  f.label = col.title;
  f.value = report::display_text(row[*i], t.columns[*i]);
  auto now = number(row[*i]);
  auto then = before ? number((*before)[*i]) : std::nullopt;
  if (now && then) {
    if (key.size() > 6 && key.ends_with("_share")) {
      f.change =
          fmt::format(fmt::runtime(say(l, "{:+.1f} 个百分点", "{:+.1f} pp")), (*now - *then) * 100);
    } else if (*then != 0) {
      f.change = fmt::format("{:+.1f}%", (*now / *then - 1) * 100);
    }
  }
  return f;
}

}  // namespace atlas::app
