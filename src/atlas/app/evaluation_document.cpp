#include "atlas/app/evaluation_document.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "atlas/app/json_number.h"
#include "atlas/core/error.h"

namespace atlas::app {
namespace {

std::string gate_text(const evaluate::IndicatorSystem& s, const evaluate::UnitResult& r) {
  std::vector<std::string> failed;
  for (std::size_t g = 0; g < r.gates.size(); ++g) {
    if (r.gates[g] == evaluate::GateOutcome::kFail) failed.push_back("✗" + s.gates[g].id);
    if (r.gates[g] == evaluate::GateOutcome::kUndecided) failed.push_back("?" + s.gates[g].id);
  }
  if (r.gates.empty()) return "";
  return failed.empty() ? "✓" : fmt::format("{}", fmt::join(failed, " "));
}

// What the failed gates did: "不排名" (not ranked) or "封顶 良好→合格" (grade capped); empty when
// nothing. The failed gates are in the 门槛 column already: they are named here only when the
// unit also failed others that did something else, so the effect's cause is never lost.
std::string effect_text(const evaluate::IndicatorSystem& s, const evaluate::UnitResult& r) {
  auto failed = std::count(r.gates.begin(), r.gates.end(), evaluate::GateOutcome::kFail);
  auto cause = [&](const std::vector<std::size_t>& gates) {
    if (static_cast<std::ptrdiff_t>(gates.size()) == failed) return std::string();
    std::vector<std::string> ids;
    for (auto g : gates) ids.push_back(s.gates[g].id);
    return fmt::format(" ({})", fmt::join(ids, ", "));
  };
  if (!r.excluded_by.empty()) return "不排名" + cause(r.excluded_by);
  if (!r.capped_by.empty() && r.grade != r.uncapped_grade) {
    return fmt::format("封顶 {}→{}{}", r.uncapped_grade, r.grade, cause(r.capped_by));
  }
  return "";
}

bool has_effects(const evaluate::IndicatorSystem& s) {
  return std::any_of(s.gates.begin(), s.gates.end(), [](const evaluate::Gate& g) {
    return g.effect != evaluate::GateEffect::kFlag;
  });
}

nlohmann::ordered_json text_or_null(const std::string& v) {
  if (v.empty()) return nullptr;
  return v;
}

}  // namespace

report::Table ranking_table(const Evaluation& e) {
  const auto& s = e.loaded->system;
  const auto& run = e.run;
  bool expert = std::any_of(run.results.begin(), run.results.end(),
                            [](const auto& r) { return r.expert_score.has_value(); });
  report::Table t;
  t.columns = {{"rank", "名次", -1, true, 1, false},
               {"unit", "编码"},
               {"name", "名称"},
               {"score", "数据得分", 2, true}};
  if (expert) {
    t.columns.push_back({"expert_score", "专家评分", 2, true});
    t.columns.push_back({"final_score", "综合得分", 2, true});
  }
  bool changes = !e.previous_ranks.empty();
  if (changes) t.columns.push_back({"rank_change", "较上年", -1, true, 1, false});
  const auto* uncertain = e.uncertainty ? &e.uncertainty->units : nullptr;
  if (uncertain) {
    t.columns.push_back({"median_rank", "中位名次", -1, true, 1, false});
    t.columns.push_back({"rank_interval", "名次区间 5–95%", -1, true});
  }
  if (!s.grades.empty()) t.columns.push_back({"grade", "等级"});
  if (!s.gates.empty()) t.columns.push_back({"gates", "门槛 (✗ 未通过, ? 数据缺失)"});
  if (has_effects(s)) t.columns.push_back({"gate_effect", "门槛影响"});
  t.columns.push_back({"missing_indicators", "缺失指标", -1, true});
  for (const auto& d : s.index.children) {
    t.columns.push_back({d.id, d.name_zh.empty() ? d.name_en : d.name_zh, 2, true});
  }
  std::vector<std::size_t> order(run.results.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) {
    int ra = run.results[a].rank.value_or(1 << 30), rb = run.results[b].rank.value_or(1 << 30);
    return ra < rb;
  });
  for (auto i : order) {
    const auto& r = run.results[i];
    std::vector<report::Cell> row;
    row.push_back(r.rank ? report::Cell{std::int64_t{*r.rank}} : report::Cell{});
    row.push_back(run.codes[i]);
    row.push_back(run.names[i]);
    row.push_back(report::cell(r.score));
    if (expert) {
      row.push_back(r.expert_score ? report::Cell{*r.expert_score} : report::Cell{});
      row.push_back(report::cell(r.final_score));
    }
    if (changes) {
      auto c = rank_change(e, i);
      row.push_back(c ? report::Cell{fmt::format("{:+d}", *c)} : report::Cell{});
    }
    if (uncertain) {
      const auto& u = (*uncertain)[i];
      row.push_back(u.median_rank ? report::Cell{std::int64_t{*u.median_rank}} : report::Cell());
      row.push_back(u.p5_rank ? report::Cell(fmt::format("{}–{}", *u.p5_rank, *u.p95_rank))
                              : report::Cell{});
    }
    if (!s.grades.empty()) row.push_back(r.grade);
    if (!s.gates.empty()) row.push_back(gate_text(s, r));
    if (has_effects(s)) row.push_back(effect_text(s, r));
    row.push_back(std::int64_t{r.missing_indicators});
    for (const auto& d : s.index.children)
      row.push_back(report::cell(run.scores(i, run.node_index(d.id))));
    t.add_row(std::move(row));
  }
  return t;
}

nlohmann::ordered_json evaluation_document(const Evaluation& e, bool with_notes) {
  const auto& s = e.loaded->system;
  const auto& run = e.run;
  nlohmann::ordered_json doc;
  doc["system"] = {
      {"id", s.id}, {"name_zh", s.name_zh}, {"name_en", s.name_en}, {"sha256", run.system_hash}};
  doc["input"] = run.input;
  const auto& p = e.population;
  doc["population"] = {{"scope", p.scope},
                       {"province", text_or_null(p.province_code)},
                       {"province_name", text_or_null(p.province_name)},
                       {"units", p.units},
                       {"text", p.text}};
  doc["methods"] = {{"screen", run.methods.screen},
                    {"impute", run.methods.impute},
                    {"outliers", run.methods.outliers},
                    {"normalise", run.methods.normalise},
                    {"range", {run.methods.range.lo, run.methods.range.hi}},
                    {"weighting", run.methods.weighting},
                    {"aggregate", run.methods.aggregate}};
  auto& gates = doc["gates"] = nlohmann::ordered_json::array();
  for (const auto& g : s.gates) {
    gates.push_back({{"id", g.id},
                     {"rule", g.rule},
                     {"message", g.message},
                     {"effect", evaluate::effect_name(g.effect)},
                     {"cap", text_or_null(g.cap)}});
  }
  auto& nodes = doc["nodes"] = nlohmann::ordered_json::array();
  for (std::size_t k = 0; k < run.nodes.size(); ++k) {
    const auto* n = run.nodes[k];
    nodes.push_back({{"id", n->id},
                     {"name_zh", n->name_zh},
                     {"name_en", n->name_en},
                     {"indicator", n->is_indicator()},
                     {"weight_in_parent", run.weight_in_parent[k]},
                     {"effective_weight", run.effective_weight[k]}});
  }
  auto& units = doc["units"] = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < run.results.size(); ++i) {
    const auto& r = run.results[i];
    nlohmann::ordered_json u;
    u["unit"] = run.codes[i];
    u["name"] = run.names[i];
    u["screened_out"] = r.screened_out;
    u["rank"] = r.rank ? nlohmann::ordered_json(*r.rank) : nlohmann::ordered_json(nullptr);
    auto change = rank_change(e, i);
    u["rank_change"] = change ? nlohmann::ordered_json(*change) : nlohmann::ordered_json(nullptr);
    u["score"] = json_number(r.score);
    u["expert_score"] = r.expert_score ? nlohmann::ordered_json(*r.expert_score) : nullptr;
    u["final_score"] = json_number(r.final_score);
    u["grade"] = text_or_null(r.grade);
    auto& outcomes = u["gates"] = nlohmann::ordered_json::object();
    for (std::size_t g = 0; g < r.gates.size(); ++g) {
      outcomes[s.gates[g].id] = r.gates[g] == evaluate::GateOutcome::kPass   ? "pass"
                                : r.gates[g] == evaluate::GateOutcome::kFail ? "fail"
                                                                             : "undecided";
    }
    auto gate_ids = [&](const std::vector<std::size_t>& list) {
      auto out = nlohmann::ordered_json::array();
      for (auto g : list) out.push_back(s.gates[g].id);
      return out;
    };
    u["excluded_by"] = gate_ids(r.excluded_by);
    u["grade_capped_by"] = gate_ids(r.capped_by);
    u["uncapped_grade"] = text_or_null(r.uncapped_grade);
    u["missing_indicators"] = r.missing_indicators;
    if (e.uncertainty) {
      const auto& q = e.uncertainty->units[i];
      auto rank = [](const std::optional<int>& v) {
        return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
      };
      u["uncertainty"] = {{"nominal_rank", rank(q.nominal_rank)},
                          {"median_rank", rank(q.median_rank)},
                          {"p5_rank", rank(q.p5_rank)},
                          {"p95_rank", rank(q.p95_rank)},
                          {"mean_rank", json_number(q.mean_rank)},
                          {"ranked", q.ranked}};
    }
    auto& scores = u["scores"] = nlohmann::ordered_json::object();
    for (std::size_t k = 0; k < run.nodes.size(); ++k)
      scores[run.nodes[k]->id] = json_number(run.scores(i, k));
    auto& raw = u["raw"] = nlohmann::ordered_json::object();
    for (std::size_t j = 0; j < run.indicators.size(); ++j)
      raw[run.indicators[j]->id] = json_number(run.raw(i, j));
    auto& imputed = u["imputed"] = nlohmann::ordered_json::object();
    for (std::size_t j = 0; j < run.indicators.size(); ++j) {
      if (evaluate::missing(run.raw(i, j)) && !evaluate::missing(run.imputed(i, j)))
        imputed[run.indicators[j]->id] = run.imputed(i, j);
    }
    if (run.methods.outliers != "none") {  // what normalisation started from
      auto& treated = u["treated"] = nlohmann::ordered_json::object();
      for (std::size_t j = 0; j < run.indicators.size(); ++j)
        treated[run.indicators[j]->id] = json_number(run.treated(i, j));
    }
    auto ids = [&](const std::vector<std::size_t>& positions) {
      auto list = nlohmann::ordered_json::array();
      for (auto j : positions) list.push_back(run.indicators[j]->id);
      return list;
    };
    u["strengths"] = ids(r.strengths);
    u["weaknesses"] = ids(r.weaknesses);
    if (!r.contributions.empty()) {
      auto& c = u["contributions"] = nlohmann::ordered_json::object();
      for (std::size_t j = 0; j < run.indicators.size(); ++j)
        c[run.indicators[j]->id] = json_number(r.contributions[j]);
    }
    units.push_back(std::move(u));
  }
  if (e.uncertainty) {
    const auto& o = e.uncertainty_options;
    doc["uncertainty"] = {
        {"replications", o.replications},        {"seed", o.seed},
        {"weight_spread", o.weight_spread},      {"normalise", e.uncertainty->normalise},
        {"aggregate", e.uncertainty->aggregate}, {"impute", e.uncertainty->impute}};
  }
  if (e.sensitivity) {
    auto& factors = doc["sensitivity"] = nlohmann::ordered_json::array();
    for (const auto& f : e.sensitivity->factors) {
      factors.push_back({{"factor", f.factor},
                         {"first_order", f.first},
                         {"first_order_95", {f.first_lo, f.first_hi}},
                         {"total", f.total},
                         {"total_95", {f.total_lo, f.total_hi}}});
    }
  }
  doc["log"] = run.log;
  if (e.uncertainty) {
    for (const auto& line : e.uncertainty->log) doc["log"].push_back(line);
  }
  if (e.sensitivity) {
    for (const auto& line : e.sensitivity->log) doc["log"].push_back(line);
  }
  if (with_notes) {
    auto notes = e.data_notes;
    if (e.notice) notes.push_back(*e.notice);
    if (!notes.empty()) doc["notes"] = notes;
  }
  return doc;
}

nlohmann::ordered_json best_units(nlohmann::ordered_json doc, std::size_t top) {
  auto& units = doc["units"];
  if (top == 0 || units.size() <= top) return doc;
  std::vector<nlohmann::ordered_json> ranked;
  for (auto& u : units) {
    if (u["rank"].is_number_integer()) ranked.push_back(std::move(u));
  }
  // Equal scores share a rank; the input order keeps ties as the ranking table shows them.
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a["rank"].template get<int>() < b["rank"].template get<int>();
  });
  std::size_t total = units.size();
  if (ranked.size() > top) ranked.resize(top);
  units = ranked;
  doc["notes"].push_back(fmt::format("the best {} of {} units", units.size(), total));
  return doc;
}

// Which choice moves the ranking: first-order and total Sobol indices with 95% intervals.
report::Table sensitivity_table(const evaluate::SensitivityResult& s) {
  report::Table t;
  t.columns = {{"factor", "不确定因素"},
               {"first_order", "一阶指数 S", 3, true},
               {"first_interval", "95% 区间"},
               {"total", "总效应指数 ST", 3, true},
               {"total_interval", "95% 区间"}};
  for (const auto& f : s.factors) {
    t.add_row({f.factor, f.first, fmt::format("{:.3f}–{:.3f}", f.first_lo, f.first_hi), f.total,
               fmt::format("{:.3f}–{:.3f}", f.total_lo, f.total_hi)});
  }
  t.notes.push_back(
      fmt::format("output: mean absolute rank shift from the nominal ranking, "
                  "mean {:.3f}, variance {:.3f}, {} runs",
                  s.mean_shift, s.variance, s.runs));
  return t;
}

// A run on the database is stored whole, for `runs show` and `runs compare`.
store::StoredRun stored_run(const Evaluation& e) {
  store::StoredRun stored;
  stored.system_id = e.loaded->system.id;
  stored.system_sha256 = e.loaded->sha256;
  stored.input = e.run.input;
  stored.year = e.year;
  const auto& m = e.run.methods;
  stored.methods = fmt::format("{} / {} / {}", m.normalise, m.weighting, m.aggregate);
  if (m.impute != "none") stored.methods += " · impute " + m.impute;
  if (m.outliers != "none") stored.methods += " · outliers " + m.outliers;
  if (m.range.lo != 0 || m.range.hi != 100) {
    stored.methods += fmt::format(" · range [{:g}, {:g}]", m.range.lo, m.range.hi);
  }
  stored.units = static_cast<std::int64_t>(e.run.codes.size());
  stored.result =
      evaluation_document(e, false).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return stored;
}

// Every replication's choices, so any one can be re-run or the sample analysed elsewhere.
report::Table replications_table(const Evaluation& e) {
  if (!e.uncertainty) {
    throw Error(ErrorKind::kUsage,
                "the replications of an evaluation without uncertainty analysis");
  }
  report::Table t;
  t.columns = {{"replication", "序号"},
               {"normalise", "标准化"},
               {"aggregate", "汇总"},
               {"impute", "插补"},
               {"weight_seed", "权重种子"}};
  const auto& u = *e.uncertainty;
  for (std::size_t r = 0; r < u.replications.size(); ++r) {
    const auto& rep = u.replications[r];
    t.add_row({static_cast<std::int64_t>(r + 1),
               u.normalise[static_cast<std::size_t>(rep.normalise)],
               u.aggregate[static_cast<std::size_t>(rep.aggregate)],
               u.impute[static_cast<std::size_t>(rep.impute)], std::to_string(rep.seed)});
  }
  return t;
}

}  // namespace atlas::app
