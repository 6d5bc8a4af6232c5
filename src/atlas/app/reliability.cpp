#include "atlas/app/reliability.h"

#include <cmath>

#include <fmt/format.h>

#include "atlas/app/json_number.h"
#include "atlas/app/table_document.h"
#include "atlas/core/error.h"
#include "atlas/core/text.h"

namespace atlas::app {
namespace {

using Json = nlohmann::ordered_json;

std::int64_t count(std::size_t n) {
  return static_cast<std::int64_t>(n);
}

// "3 applications", "1 application".
std::string counted(std::size_t n, std::string_view one, std::string_view many) {
  return text::counted(count(n), one, many);
}

// A figure of a detail as `spec` formats it, or "—" where the statistic is undefined (NaN): as
// the value column shows it, never "nan".
std::string figure(double v, std::string_view spec) {
  if (!std::isfinite(v)) return "—";
  return fmt::format(fmt::runtime(fmt::format("{{:{}}}", spec)), v);
}

}  // namespace

ReviewReliability review_reliability(const ReliabilityRequest& request) {
  return review_reliability(request, ingest::read_review_scores(request.scores));
}

ReviewReliability review_reliability(const ReliabilityRequest& request, ingest::ReviewScores file) {
  ReviewReliability r;
  r.file = std::move(file);
  r.notes = r.file.notes;
  try {
    r.table = rounds::make_score_table(r.file.applications, r.file.experts, r.file.scores);
  } catch (const Error& e) {
    // The core counts entries; the person needs the file's row.
    Where where = e.where();
    where.file = r.file.source;
    if (where.row > 0 && static_cast<std::size_t>(where.row) <= r.file.lines.size())
      where.row = r.file.lines[static_cast<std::size_t>(where.row - 1)];
    throw Error(e.kind(), e.what(), where);
  }
  const auto raw = rounds::raw_scores(r.table);
  r.scores = rounds::application_scores(r.table, raw);
  std::vector<double> by;
  if (request.normalise) {
    try {
      r.normalisation = rounds::normalise_by_expert(r.table);
    } catch (const Error& e) {
      throw Error(e.kind(), fmt::format("--normalise: {}", e.what()), {r.file.source, 0, "", ""});
    }
    r.normalised = rounds::application_scores(r.table, r.normalisation->scores);
    for (const auto& a : r.normalised) by.push_back(a.trimmed_mean);
    if (!r.normalisation->unnormalised.empty()) {
      std::string names;
      for (std::size_t i = 0; i < r.normalisation->unnormalised.size(); ++i) {
        if (i == 10) {
          names += ", …";
          break;
        }
        names += (i ? ", " : "") + r.table.experts[r.normalisation->unnormalised[i]];
      }
      r.notes.push_back(fmt::format(
          "normalisation: {} with one score or all scores equal kept as scored: {}",
          text::counted(count(r.normalisation->unnormalised.size()), "expert", "experts"), names));
    }
  } else {
    for (const auto& a : r.scores) by.push_back(a.trimmed_mean);
  }
  r.ranks = rounds::rank_descending(by);
  r.reliability = rounds::assess_reliability(r.table);
  r.flags = rounds::consensus_flags(r.table, request.flags);
  return r;
}

report::Table ReviewReliability::application_table() const {
  report::Table t;
  t.columns = {{"application", "申报项目"},
               {"count", "评分数", -1, true},
               {"mean", "平均分", 2, true},
               {"trimmed_mean", "去最高最低平均", 2, true}};
  if (normalisation) {
    t.columns.push_back({"normalised_mean", "标准化平均", 2, true});
    t.columns.push_back({"normalised_trimmed_mean", "标准化去极值平均", 2, true});
  }
  t.columns.push_back({"rank", "排名", -1, true, 1, false});
  for (std::size_t a = 0; a < table.applications.size(); ++a) {
    std::vector<report::Cell> row{table.applications[a], count(scores[a].count),
                                  report::cell(scores[a].mean),
                                  report::cell(scores[a].trimmed_mean)};
    if (normalisation) {
      row.push_back(report::cell(normalised[a].mean));
      row.push_back(report::cell(normalised[a].trimmed_mean));
    }
    // Unranked (no score) is an empty cell, not 0.
    if (ranks[a] > 0) {
      row.emplace_back(std::int64_t{ranks[a]});
    } else {
      row.emplace_back();
    }
    t.add_row(std::move(row));
  }
  t.notes.push_back(normalisation
                        ? "rank: by the normalised trimmed mean (per-expert z-scores on the "
                          "round's scale)"
                        : "rank: by the trimmed mean (one highest and one lowest score dropped "
                          "when there are three or more)");
  return t;
}

report::Table ReviewReliability::statistics_table() const {
  const auto& rel = reliability;
  report::Table t;
  t.columns = {{"statistic", "统计量"}, {"value", "值", 4, true}, {"detail", "说明"}};
  auto row = [&](const std::string& name, report::Cell v, const std::string& detail) {
    t.add_row({name, std::move(v), detail});
  };
  row("design 设计", {},
      fmt::format("{}: {}, {}, {}{}; {}–{} per application", rounds::design_name(rel.design),
                  counted(rel.applications, "application", "applications"),
                  counted(rel.experts, "expert", "experts"), counted(rel.scores, "score", "scores"),
                  rel.missing > 0 ? fmt::format(" ({} not scored)", rel.missing) : "",
                  rel.min_panel, rel.max_panel));
  const auto& a = rel.alpha;
  row("Krippendorff alpha (interval)", report::cell(a.alpha),
      fmt::format("{} on {}; D_o {}, D_e {}",
                  counted(a.values, "pairable score", "pairable scores"),
                  counted(a.units, "application", "applications"), figure(a.observed, ".4g"),
                  figure(a.expected, ".4g")));
  const auto& o = rel.one_way;
  // k0 is undefined with fewer than two applications scored twice: "k = —", not "k = nan".
  const std::string k = rel.design == rounds::Design::kUnbalanced ? "k0 = " + figure(o.k0, ".3f")
                                                                  : "k = " + figure(o.k0, ".0f");
  row("ICC(1,1) one-way", report::cell(o.icc_1),
      fmt::format("one expert's score; {}, {}", counted(o.targets, "application", "applications"),
                  k));
  row("ICC(1,k) one-way", report::cell(o.icc_1_k), fmt::format("the mean of {} scores", k));
  if (rel.two_way) {
    const auto& c = *rel.two_way;
    row("ICC(2,1)", report::cell(c.icc_2_1), "two-way random, absolute agreement");
    row("ICC(3,1)", report::cell(c.icc_3_1), "two-way mixed, consistency");
    row("ICC(2,k)", report::cell(c.icc_2_k), fmt::format("mean of k = {} experts", c.k));
    row("ICC(3,k)", report::cell(c.icc_3_k), fmt::format("mean of k = {} experts", c.k));
  } else {
    for (const char* name : {"ICC(2,1)", "ICC(3,1)", "ICC(2,k)", "ICC(3,k)"})
      row(name, {}, "not computed: needs a crossed design (every expert scores every application)");
  }
  if (rel.concordance.empty()) row("Kendall W", {}, "not computed: no complete panel");
  for (std::size_t p = 0; p < rel.concordance.size(); ++p) {
    const auto& c = rel.concordance[p];
    row(rel.design == rounds::Design::kCrossed ? "Kendall W"
                                               : fmt::format("Kendall W, panel {}", p + 1),
        report::cell(c.w.w),
        fmt::format("{} experts × {} applications, ties corrected; χ² = {}, df {}, p = {}{}", c.w.m,
                    c.w.n, figure(c.w.chi_square, ".3f"), c.w.df, figure(c.w.p, ".4f"),
                    c.w.n > 7 ? "" : " (approximate: n <= 7)"));
  }
  t.notes = rel.notes;
  return t;
}

report::Table ReviewReliability::expert_table() const {
  report::Table t;
  t.columns = {{"expert", "专家"},
               {"compared", "比较数", -1, true},
               {"mean_deviation", "平均偏差", 2, true},
               {"mean_abs_deviation", "平均绝对偏差", 2, true},
               {"flagged_scores", "偏离评分数", -1, true},
               {"flag", "标记"}};
  for (auto e : flags.flagged_experts()) {
    const auto& x = flags.experts[e];
    std::string flag = x.lenient ? "lenient 偏松" : x.severe ? "severe 偏严" : "";
    if (x.flagged_scores > 0) flag += std::string(flag.empty() ? "" : "; ") + "far from panel 偏离";
    t.add_row({table.experts[e], count(x.compared), report::cell(x.mean_deviation),
               report::cell(x.mean_abs_deviation), count(x.flagged_scores), flag});
  }
  t.notes.push_back(fmt::format(
      "flag rule: a score more than {:g} points from the median of the other scores on its "
      "application (at least two others); an expert whose mean deviation is beyond ±{:g} points "
      "over at least {} compared scores",
      flags.rule.score_points, flags.rule.expert_points, flags.rule.min_compared));
  return t;
}

report::Table ReviewReliability::flagged_score_table() const {
  report::Table t;
  t.columns = {{"application", "申报项目"},    {"expert", "专家"},
               {"score", "评分", -1, true},    {"consensus", "其他专家中位数", 2, true},
               {"deviation", "偏差", 2, true}, {"row", "行", -1, true, 1, false}};
  for (const auto& f : flags.scores) {
    const auto& rv = table.reviews[f.review];
    t.add_row({table.applications[rv.application], table.experts[rv.expert], rv.score, f.consensus,
               f.deviation, std::int64_t{file.lines[f.review]}});
  }
  return t;
}

Json ReviewReliability::document() const {
  const auto& rel = reliability;
  Json doc;
  auto& d = doc["design"];
  d["kind"] = rounds::design_name(rel.design);
  d["applications"] = rel.applications;
  d["experts"] = rel.experts;
  d["scores"] = rel.scores;
  d["not_scored"] = rel.missing;
  d["min_per_application"] = rel.min_panel;
  d["max_per_application"] = rel.max_panel;
  doc["applications"] = table_document(application_table())["rows"];

  auto& s = doc["reliability"];
  auto& a = s["krippendorff_alpha_interval"];
  a["alpha"] = json_number(rel.alpha.alpha);
  a["units"] = rel.alpha.units;
  a["pairable_values"] = rel.alpha.values;
  a["observed_disagreement"] = json_number(rel.alpha.observed);
  a["expected_disagreement"] = json_number(rel.alpha.expected);
  auto& o = s["icc_one_way"];
  o["icc_1_1"] = json_number(rel.one_way.icc_1);
  o["icc_1_k"] = json_number(rel.one_way.icc_1_k);
  o["k0"] = json_number(rel.one_way.k0);
  o["applications"] = rel.one_way.targets;
  o["scores"] = rel.one_way.ratings;
  o["bms"] = json_number(rel.one_way.bms);
  o["wms"] = json_number(rel.one_way.wms);
  if (rel.two_way) {
    const auto& c = *rel.two_way;
    s["icc_two_way"] = {{"n", c.n},
                        {"k", c.k},
                        {"icc_1_1", json_number(c.icc_1_1)},
                        {"icc_2_1", json_number(c.icc_2_1)},
                        {"icc_3_1", json_number(c.icc_3_1)},
                        {"icc_1_k", json_number(c.icc_1_k)},
                        {"icc_2_k", json_number(c.icc_2_k)},
                        {"icc_3_k", json_number(c.icc_3_k)},
                        {"bms", json_number(c.bms)},
                        {"wms", json_number(c.wms)},
                        {"jms", json_number(c.jms)},
                        {"ems", json_number(c.ems)}};
  } else {
    s["icc_two_way"] = nullptr;
  }
  Json panels = Json::array();
  for (const auto& c : rel.concordance) {
    Json p;
    p["experts"] = Json::array();
    for (auto e : c.panel.experts) p["experts"].push_back(table.experts[e]);
    p["applications"] = Json::array();
    for (auto x : c.panel.applications) p["applications"].push_back(table.applications[x]);
    p["w"] = json_number(c.w.w);
    p["w_uncorrected"] = json_number(c.w.w_uncorrected);
    p["ties"] = c.w.ties;
    p["chi_square"] = json_number(c.w.chi_square);
    p["df"] = c.w.df;
    p["p"] = json_number(c.w.p);
    panels.push_back(std::move(p));
  }
  s["kendall_w"] = std::move(panels);
  s["notes"] = rel.notes;

  if (normalisation) {
    Json n;
    n["pooled_mean"] = json_number(normalisation->pooled_mean);
    n["pooled_sd"] = json_number(normalisation->pooled_sd);
    n["unnormalised_experts"] = Json::array();
    for (auto e : normalisation->unnormalised)
      n["unnormalised_experts"].push_back(table.experts[e]);
    doc["normalisation"] = std::move(n);
  } else {
    doc["normalisation"] = nullptr;
  }

  auto& f = doc["flags"];
  f["rule"] = {{"score_points", flags.rule.score_points},
               {"expert_points", flags.rule.expert_points},
               {"min_compared", flags.rule.min_compared}};
  f["experts"] = Json::array();
  for (auto e : flags.flagged_experts()) {
    const auto& x = flags.experts[e];
    f["experts"].push_back({{"expert", table.experts[e]},
                            {"compared", x.compared},
                            {"mean_deviation", json_number(x.mean_deviation)},
                            {"mean_abs_deviation", json_number(x.mean_abs_deviation)},
                            {"flagged_scores", x.flagged_scores},
                            {"lenient", x.lenient},
                            {"severe", x.severe}});
  }
  f["scores"] = Json::array();
  for (const auto& x : flags.scores) {
    const auto& rv = table.reviews[x.review];
    f["scores"].push_back({{"application", table.applications[rv.application]},
                           {"expert", table.experts[rv.expert]},
                           {"score", rv.score},
                           {"consensus", json_number(x.consensus)},
                           {"deviation", json_number(x.deviation)},
                           {"row", file.lines[x.review]}});
  }
  doc["notes"] = notes;
  return doc;
}

}  // namespace atlas::app
