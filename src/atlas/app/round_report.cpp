#include "atlas/app/round_report.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "atlas/app/defence.h"
#include "atlas/app/reevaluation.h"
#include "atlas/app/round_decision.h"
#include "atlas/app/round_review.h"
#include "atlas/app/rounds.h"
#include "atlas/core/error.h"

namespace atlas::app {
namespace {

using report::document::Document;
using report::document::KeyFigures;
using report::document::PageBreak;
using report::document::TableBlock;

std::string numbered(Language l, int n, const std::string& zh, const std::string& en) {
  static const char* kZh[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
  return l == Language::kZh ? fmt::format("{}、{}", kZh[n - 1], zh) : fmt::format("{} {}", n, en);
}

std::string sub(Language l, int section, int n, const std::string& zh, const std::string& en) {
  static const char* kZh[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
  return l == Language::kZh ? fmt::format("（{}）{}", kZh[n - 1], zh)
                            : fmt::format("{}.{} {}", section, n, en);
}

// "表 3 申报" / "Table 3 Applications": tables are numbered in the order they appear, so that a
// round without, say, provinces' quotas or defence sessions has no gap in the numbers.
std::string caption(const Document& d, Language l, const std::string& zh, const std::string& en) {
  auto n = 1 + std::count_if(d.blocks.begin(), d.blocks.end(), [](const auto& b) {
             auto* t = std::get_if<TableBlock>(&b);
             return t && !t->caption.empty();
           });
  return l == Language::kZh ? fmt::format("表 {} {}", n, zh) : fmt::format("Table {} {}", n, en);
}

// What a section the round has not reached says.
void none_yet(Document& d, Language l) {
  d.paragraph(say(l, "尚无。", "None yet."));
}

// The English of the round's kind and stage; the Chinese is rounds/'s own.
std::string kind_text(const rounds::Round& r, Language l) {
  return l == Language::kZh ? std::string(rounds::kind_name_zh(r.kind))
                            : std::string(rounds::kind_key(r.kind));
}
std::string stage_text(rounds::Stage s, Language l) {
  return l == Language::kZh ? std::string(rounds::stage_name_zh(s))
                            : std::string(rounds::stage_key(s));
}

// Everything a round's sections read, each once: the verbs' own tables.
struct Material {
  rounds::Round round;
  report::Table stages, provinces, applications, assignment, form, reviews, decision, objections,
      defence;
  std::optional<ReviewReliability> reliability;
  std::string reliability_error;  // why there are no statistics, when there are reviews
  std::optional<report::Table> reevaluation;
  std::string reevaluation_error;
};

Material gather(const Database& db, std::int64_t id) {
  Material m;
  m.round = existing_round(db.store(), id);
  m.stages = round_show(db, id);
  m.provinces = round_provinces(db, id);
  m.applications = application_list(db, {id, "", "", ""});
  m.assignment = round_assignment_table(db, id, std::nullopt);
  m.form = review_form_table(db, id);
  m.reviews = review_table(db, id, std::nullopt);
  m.decision = decision_table(db, id);
  m.objections = objection_table(db, id);
  m.defence = defence_table(db, id);
  if (!m.reviews.rows.empty()) {
    try {
      m.reliability = round_reliability(db, id, {});
    } catch (const Error& e) {
      m.reliability_error = e.what();
    }
  }
  if (m.round.kind == rounds::RoundKind::kReevaluation) {
    // The proposals as `reevaluate` shows them; thin statistics may leave none, and the report
    // says why rather than fail.
    try {
      ReevaluationRequest r;
      r.round_id = id;
      m.reevaluation = reevaluation_table(propose_reevaluation(db, r));
    } catch (const Error& e) {
      m.reevaluation_error = e.what();
    }
  }
  return m;
}

std::int64_t count_where(const report::Table& t, const std::string& key, const std::string& value) {
  auto i = column_index(t, key);
  if (!i) return 0;
  return std::count_if(t.rows.begin(), t.rows.end(), [&](const auto& row) {
    auto* s = std::get_if<std::string>(&row[*i]);
    return s && *s == value;
  });
}

std::int64_t count_filled(const report::Table& t, const std::string& key) {
  auto i = column_index(t, key);
  if (!i) return 0;
  return std::count_if(t.rows.begin(), t.rows.end(), [&](const auto& row) {
    return !std::holds_alternative<std::monostate>(row[*i]);
  });
}

std::int64_t distinct(const report::Table& t, const std::string& key) {
  auto i = column_index(t, key);
  if (!i) return 0;
  std::set<std::string> seen;
  for (const auto& row : t.rows) seen.insert(report::display_text(row[*i], t.columns[*i]));
  return static_cast<std::int64_t>(seen.size());
}

void cover(Document& d, const Database& db, const Material& m, Language l) {
  const auto& r = m.round;
  d.title = l == Language::kZh ? fmt::format("{}工作报告", r.name)
                               : fmt::format("Selection round {} ({}): report", r.id, r.year);
  d.cover_lines = {
      l == Language::kZh ? fmt::format("{} 年度 · {} · 文号 {}", r.year, kind_text(r, l), r.doc_no)
                         : fmt::format("{} · {} round · {}", r.name, kind_text(r, l), r.doc_no),
      l == Language::kZh ? fmt::format("遴选轮次 {} · 当前阶段：{}", r.id, stage_text(r.stage, l))
                         : fmt::format("Round {} · stage: {}", r.id, stage_text(r.stage, l)),
      db.path};
  if (auto notice = db.synthetic_notice()) d.cover_lines.push_back(*notice);
}

void summary(Document& d, const Material& m, Language l) {
  const auto& r = m.round;
  d.heading(1, numbered(l, 1, "概况", "Summary"));
  d.paragraph(l == Language::kZh
                  ? fmt::format("{}（{}，{}，{} 年度）现处于{}阶段。", r.name, kind_text(r, l),
                                r.doc_no, r.year, stage_text(r.stage, l))
                  : fmt::format("Round {}, {} ({} round, {}, year {}), is in its {} stage.", r.id,
                                r.name, kind_text(r, l), r.doc_no, r.year, stage_text(r.stage, l)));
  KeyFigures k;
  auto figure = [&](const std::string& zh, const std::string& en, std::int64_t n) {
    k.figures.push_back({say(l, zh, en), fmt::format("{}", n), ""});
  };
  const std::int64_t listed = count_where(m.decision, "listed", "yes");
  if (r.kind == rounds::RoundKind::kAdmission) {
    figure("申报", "Applications", static_cast<std::int64_t>(m.applications.rows.size()));
    figure("退回", "Returned", count_where(m.applications, "state", "returned"));
    figure("省级推荐", "Recommended", count_filled(m.applications, "rank"));
  } else if (m.reevaluation) {
    figure("复核对象", "Clusters due", static_cast<std::int64_t>(m.reevaluation->rows.size()));
  }
  figure("评审专家", "Experts", distinct(m.assignment, "expert"));
  figure("已评审", "Reviewed", distinct(m.reviews, "application"));
  figure("评审意见", "Reviews", static_cast<std::int64_t>(m.reviews.rows.size()));
  if (r.kind == rounds::RoundKind::kAdmission) {
    figure("列入名单", "Listed", listed);
    figure("异议", "Objections", static_cast<std::int64_t>(m.objections.rows.size()));
    // Admission admits every line still listed when the round closes.
    if (r.stage == rounds::Stage::kClosed) figure("已纳入", "Admitted", listed);
  }
  d.add(std::move(k));

  auto stages = columns_of(m.stages, l == Language::kZh
                                         ? std::vector<std::string>{"stage_zh", "deadline", "state"}
                                         : std::vector<std::string>{"stage", "deadline", "state"});
  stages.notes.clear();  // the round itself is on the cover and in the notes
  if (l == Language::kZh) stages.columns[0].title = "阶段";
  d.add(TableBlock{caption(d, l, "各阶段截止日期", "Stages and deadlines"), in_language(stages, l),
                   say(l, "阶段", "stages")});
  if (!m.provinces.rows.empty()) {
    d.add(TableBlock{caption(d, l, "各省申报、推荐与名额", "Provinces against their quotas"),
                     in_language(columns_of(m.provinces, {"province_name", "applied", "returned",
                                                          "recommended", "quota"}),
                                 l),
                     say(l, "分省份", "provinces")});
  }
}

void applications(Document& d, const Material& m, Language l) {
  d.add(PageBreak{});
  if (m.round.kind == rounds::RoundKind::kReevaluation) {
    d.heading(1, numbered(l, 2, "复核对象与建议", "Clusters due and proposals"));
    if (!m.reevaluation) {
      d.paragraph(say(l, "未能提出复核建议：", "No proposals: ") + m.reevaluation_error);
    } else if (m.reevaluation->rows.empty()) {
      none_yet(d, l);
    } else {
      d.add(TableBlock{
          caption(d, l, "复核对象与建议", "Clusters due and proposals"),
          in_language(columns_of(*m.reevaluation, {"cluster", "name", "province", "years", "score",
                                                   "grade", "failed_gates", "proposal", "reason"}),
                      l),
          ""});
      // The workbook has every column, the admission date and present status too.
      d.add(
          TableBlock{"", in_language(*m.reevaluation, l), say(l, "复核建议", "proposals"), false});
    }
    return;
  }
  d.heading(1, numbered(l, 2, "申报与推荐", "Applications and recommendations"));
  d.heading(2, sub(l, 2, 1, "申报", "Applications"));
  if (m.applications.rows.empty()) {
    none_yet(d, l);
  } else {
    d.add(TableBlock{caption(d, l, "申报", "Applications"), in_language(m.applications, l),
                     say(l, "申报", "applications")});
  }
  d.heading(2, sub(l, 2, 2, "省级推荐", "The provinces' recommendations"));
  // Each province's ranked list, from the applications' own rank (推荐排序).
  auto list = columns_of(m.applications, {"province", "rank", "id", "cluster_name", "zone"});
  std::erase_if(list.rows,
                [](const auto& row) { return std::holds_alternative<std::monostate>(row[1]); });
  std::stable_sort(list.rows.begin(), list.rows.end(), [](const auto& a, const auto& b) {
    return std::tie(std::get<std::string>(a[0]), std::get<std::int64_t>(a[1])) <
           std::tie(std::get<std::string>(b[0]), std::get<std::int64_t>(b[1]));
  });
  if (list.rows.empty()) {
    none_yet(d, l);
  } else {
    d.add(TableBlock{caption(d, l, "各省推荐排序", "Ranked recommendations"), in_language(list, l),
                     say(l, "推荐", "recommendations")});
  }
}

void panel(Document& d, const Material& m, Language l) {
  d.add(PageBreak{});
  d.heading(1, numbered(l, 3, "评审专家与分配", "Expert panel and assignment"));
  d.heading(2, sub(l, 3, 1, "评审表", "Review form"));
  d.add(TableBlock{caption(d, l, "评审表", "Review form"), in_language(m.form, l),
                   say(l, "评审表", "form")});
  d.heading(2, sub(l, 3, 2, "评审专家", "The panel"));
  if (m.assignment.rows.empty()) {
    none_yet(d, l);
  } else {
    // Each expert of the assignment as `review assignments` names them, with their load.
    const auto& a = m.assignment;
    auto code = *column_index(a, "expert"), name = *column_index(a, "expert_name"),
         reviewed = *column_index(a, "reviewed");
    std::map<std::string, std::tuple<std::string, std::int64_t, std::int64_t>> experts;
    for (const auto& row : a.rows) {
      auto& [n, assigned, done] = experts[std::get<std::string>(row[code])];
      n = std::get<std::string>(row[name]);
      ++assigned;
      if (std::get<std::string>(row[reviewed]) == "yes") ++done;
    }
    report::Table t;
    t.columns = {a.columns[code],
                 a.columns[name],
                 {"assigned", "分配", -1, true},
                 {"reviewed", "已评审", -1, true}};
    for (const auto& [c, e] : experts) {
      t.add_row({c, std::get<0>(e), std::get<1>(e), std::get<2>(e)});
    }
    d.add(TableBlock{caption(d, l, "评审专家", "The panel"), in_language(t, l),
                     say(l, "专家", "panel")});
    d.heading(2, sub(l, 3, 3, "评审分配", "Assignment"));
    d.add(TableBlock{caption(d, l, "评审分配", "Assignment"),
                     in_language(columns_of(a, {"application", "cluster_name", "expert", "affinity",
                                                "fixed", "reviewed"}),
                                 l),
                     say(l, "分配", "assignment")});
  }
  if (!m.defence.rows.empty()) {
    d.heading(2, sub(l, 3, 4, "答辩安排", "Defence sessions"));
    d.add(TableBlock{
        caption(d, l, "答辩安排", "Defence sessions"),
        in_language(columns_of(m.defence, {"slot", "application", "cluster_name", "panel", "date",
                                           "start", "end", "experts", "reviews_in", "moves"}),
                    l),
        say(l, "答辩", "defence")});
  }
}

void reliability(Document& d, const Material& m, Language l) {
  d.add(PageBreak{});
  d.heading(1, numbered(l, 4, "评审信度", "Reliability of the reviews"));
  if (!m.reliability) {
    if (m.reliability_error.empty()) {
      none_yet(d, l);
    } else {
      d.paragraph(say(l, "未能计算：", "Not computed: ") + m.reliability_error);
    }
    return;
  }
  const auto& r = *m.reliability;
  d.add(TableBlock{caption(d, l, "评审信度统计", "Reliability statistics"),
                   in_language(r.statistics_table(), l), say(l, "信度", "reliability")});
  d.heading(2, sub(l, 4, 1, "偏离共识的专家", "Experts far from consensus"));
  auto experts = r.expert_table();
  if (experts.rows.empty()) {
    d.paragraph(say(l, "无。", "None."));
    for (const auto& n : experts.notes) d.paragraph(n, true);
  } else {
    d.add(TableBlock{caption(d, l, "偏离共识的专家", "Experts far from consensus"),
                     in_language(experts, l), say(l, "偏离专家", "experts flagged")});
  }
  auto scores = r.flagged_score_table();
  if (!scores.rows.empty()) {
    d.add(TableBlock{
        caption(d, l, "偏离的评分", "Scores far from their panel"),
        in_language(
            columns_of(scores, {"application", "expert", "score", "consensus", "deviation"}), l),
        say(l, "偏离评分", "scores flagged")});
  }
}

void scores(Document& d, const Material& m, Language l) {
  d.add(PageBreak{});
  d.heading(1, numbered(l, 5, "评分与决定", "Scores and decision"));
  d.heading(2, sub(l, 5, 1, "专家评分", "The experts' scores"));
  if (m.reviews.rows.empty()) {
    none_yet(d, l);
  } else {
    std::vector<std::string> keys;
    for (const auto& c : m.reviews.columns) {
      if (c.key != "comment" && c.key != "submitted_at") keys.push_back(c.key);
    }
    d.add(TableBlock{caption(d, l, "专家评分", "The experts' scores"),
                     in_language(columns_of(m.reviews, keys), l), ""});
    // The workbook has the comments and times too.
    d.add(TableBlock{"", in_language(m.reviews, l), say(l, "评分", "reviews"), false});
  }
  if (m.reliability) {
    // Each application's mean and trimmed mean as `reliability --round` gives them, with its
    // proposed cluster's name beside the id.
    auto t = m.reliability->application_table();
    std::map<std::string, std::string> names;
    auto id = *column_index(m.applications, "id"),
         name = *column_index(m.applications, "cluster_name");
    for (const auto& row : m.applications.rows) {
      names[report::display_text(row[id], m.applications.columns[id])] =
          std::get<std::string>(row[name]);
    }
    t.columns.insert(t.columns.begin() + 1, {"cluster_name", "拟建集群"});
    for (auto& row : t.rows) {
      row.insert(row.begin() + 1, names[std::get<std::string>(row[0])]);
    }
    d.add(TableBlock{caption(d, l, "各申报的专家得分", "The panel's score of each application"),
                     in_language(t, l), say(l, "专家得分", "panel scores")});
  }
  if (m.round.kind == rounds::RoundKind::kReevaluation) {
    d.heading(2, sub(l, 5, 2, "复核决定", "Decisions"));
    d.paragraph(say(l,
                    "复核决定以本轮文号记入各集群的状态变更（`reevaluate --confirm`），见各集群的"
                    "状态历史。",
                    "The decisions are recorded in each cluster's status history under the "
                    "round's document number (reevaluate --confirm)."));
    return;
  }
  d.heading(2, sub(l, 5, 2, "评审决定", "Decision"));
  if (m.decision.rows.empty()) {
    none_yet(d, l);
  } else {
    d.add(TableBlock{caption(d, l, "评审决定", "Decision"), in_language(m.decision, l),
                     say(l, "决定", "decision")});
  }
}

void notice(Document& d, const Material& m, Language l) {
  if (m.round.kind == rounds::RoundKind::kReevaluation) return;
  d.add(PageBreak{});
  d.heading(1, numbered(l, 6, "公示与异议", "Public notice and objections"));
  d.heading(2, sub(l, 6, 1, "公示名单", "The list under notice"));
  const bool noticed =
      m.round.stage == rounds::Stage::kNotice || m.round.stage == rounds::Stage::kClosed;
  const std::vector<std::string> keys = {"rank", "application", "cluster_name", "province",
                                         "composite"};
  const auto all = columns_of(m.decision, keys);
  auto listed = all;
  listed.rows.clear();
  const auto flag = *column_index(m.decision, "listed");
  for (std::size_t i = 0; i < m.decision.rows.size(); ++i) {
    if (std::get<std::string>(m.decision.rows[i][flag]) == "yes") listed.add_row(all.rows[i]);
  }
  listed.notes.clear();
  if (!noticed) {
    none_yet(d, l);
  } else {
    auto end = m.round.deadlines.find(rounds::Stage::kNotice);
    if (end != m.round.deadlines.end()) {
      d.paragraph(l == Language::kZh ? fmt::format("公示期至 {}。", end->second)
                                     : fmt::format("Under public notice until {}.", end->second));
    }
    if (listed.rows.empty()) {
      d.paragraph(say(l, "名单为空。", "The list is empty."));
    } else {
      d.add(TableBlock{caption(d, l, "公示名单", "The list under notice"), in_language(listed, l),
                       ""});
    }
  }
  d.heading(2, sub(l, 6, 2, "异议与答复", "Objections and answers"));
  if (m.objections.rows.empty()) {
    none_yet(d, l);
  } else {
    d.add(TableBlock{caption(d, l, "异议与答复", "Objections and answers"),
                     in_language(m.objections, l), say(l, "异议", "objections")});
  }
}

void notes(Document& d, const Database& db, const Material& m, Language l) {
  d.heading(1,
            numbered(l, m.round.kind == rounds::RoundKind::kReevaluation ? 6 : 7, "说明", "Notes"));
  d.paragraph(
      say(l,
          "表中的状态与标记如命令行所示：submitted 已提交，returned 已退回；yes 是，no "
          "否；current 当前阶段，done 已完成，upcoming 未开始。“—”与空格表示该项暂缺，而非零。",
          "States and flags are as the command line prints them. '—' or an empty cell "
          "means there is no such figure yet, not zero."));
  // The round as `round show` describes it: its system, weights and provinces. The other
  // tables' notes are under the tables.
  for (const auto& n : m.stages.notes) d.paragraph(n, true);
  if (auto notice = db.synthetic_notice()) d.paragraph(*notice, true);
}

}  // namespace

Document round_report(const Database& db, const RoundReportRequest& request) {
  const Language l = request.language;
  const Material m = gather(db, request.round_id);
  Document d;
  d.language = l;
  cover(d, db, m, l);
  summary(d, m, l);
  applications(d, m, l);
  panel(d, m, l);
  reliability(d, m, l);
  scores(d, m, l);
  notice(d, m, l);
  notes(d, db, m, l);
  return d;
}

}  // namespace atlas::app
