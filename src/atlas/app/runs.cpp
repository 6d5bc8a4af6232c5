#include "atlas/app/runs.h"

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "atlas/core/error.h"

namespace atlas::app {
namespace {

store::StoredRun stored(const Database& db, std::int64_t id) {
  auto run = db.store().run(id);
  if (!run) {
    throw Error(ErrorKind::kNotFound, fmt::format("no run {} (see `clusteratlas runs list`)", id));
  }
  return *run;
}

report::Cell maybe(const nlohmann::json& v) {
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) return v.get<std::string>();
  return {};
}

// What a province reads of the stored runs (runs.h); everything when no province is named.
// Runs over the registry name their units by cluster id.
class ProvincePart {
 public:
  ProvincePart(const Database& db, const std::string& province) {
    if (province.empty()) return;
    auto p = db.province(province);
    code_ = p.code;
    name_ = p.name_zh;
    store::ClusterFilter filter;
    filter.province_code = p.code;
    for (const auto& c : db.store().clusters(filter)) clusters_.insert(std::to_string(c.id));
  }

  // A run ranking its clusters: one over the registry, national or of this province.
  bool ranks_it(const store::StoredRun& run, const nlohmann::json& doc) const {
    if (code_.empty()) return true;
    // Runs stored before their population was recorded: a year means the registry.
    const auto population = doc.value("population", nlohmann::json::object());
    const auto scope = population.value("scope", run.year ? "national" : "data");
    return scope == "national" ||
           (scope == "province" && population.value("province", nlohmann::json()) == code_);
  }
  bool keeps(const std::string& unit) const { return code_.empty() || clusters_.count(unit); }

  void note(report::Table& t) const {
    if (code_.empty()) return;
    t.notes.push_back(fmt::format(
        "{} ({}) only: its clusters, with the ranks they have among all the run's units", name_,
        code_));
  }

 private:
  std::string code_, name_;
  std::set<std::string> clusters_;
};

// Unit code → its entry in a stored result, the units a province reads.
std::map<std::string, nlohmann::json> units_of(const store::StoredRun& run,
                                               const ProvincePart& part) {
  std::map<std::string, nlohmann::json> out;
  auto doc = nlohmann::json::parse(run.result);  // kept: the loop reads inside it
  if (!part.ranks_it(run, doc)) return out;
  for (auto& u : doc["units"]) {
    auto code = u["unit"].get<std::string>();
    if (part.keeps(code)) out[code] = u;
  }
  return out;
}

}  // namespace

report::Table runs_table(const Database& db, const std::string& province) {
  const ProvincePart part(db, province);
  report::Table t;
  t.columns = {{"id", "编号", -1, true, 1, false},
               {"system", "指标体系"},
               {"year", "年份", -1, true, 1, false},
               {"methods", "方法"},
               {"units", "单元数", -1, true},
               {"revision", "数据版本", -1, true, 1, false},
               {"system_sha256", "体系 SHA-256"},
               {"operator", "操作人"},
               {"created_at", "时间"}};
  for (const auto& r : db.store().runs()) {
    if (!province.empty()) {
      auto run = stored(db, r.id);
      if (!part.ranks_it(run, nlohmann::json::parse(run.result))) continue;
    }
    t.add_row({r.id, r.system_id, r.year ? report::Cell{std::int64_t{*r.year}} : report::Cell{},
               r.methods, r.units, r.revision_id ? report::Cell{*r.revision_id} : report::Cell{},
               r.system_sha256.substr(0, 16), r.operator_name, r.created_at});
  }
  return t;
}

report::Table run_ranking(const Database& db, std::int64_t id, const std::string& province) {
  auto run = stored(db, id);
  const ProvincePart part(db, province);
  report::Table t;
  t.columns = {{"rank", "名次", -1, true, 1, false},
               {"unit", "编码"},
               {"name", "名称"},
               {"score", "数据得分", 2, true},
               {"final_score", "综合得分", 2, true},
               {"grade", "等级"},
               {"excluded_by", "不排名 (门槛)"}};
  auto doc = nlohmann::json::parse(run.result);
  std::vector<nlohmann::json> units;
  if (part.ranks_it(run, doc)) {
    std::copy_if(doc["units"].begin(), doc["units"].end(), std::back_inserter(units),
                 [&](const auto& u) { return part.keeps(u["unit"].template get<std::string>()); });
  }
  std::stable_sort(units.begin(), units.end(), [](const auto& a, const auto& b) {
    auto rank = [](const nlohmann::json& u) {
      return u["rank"].is_null() ? 1 << 30 : u["rank"].get<int>();
    };
    return rank(a) < rank(b);
  });
  for (const auto& u : units) {
    // Runs stored before gates had effects have no excluded_by: nothing was excluded then.
    std::string excluded;
    for (const auto& g : u.value("excluded_by", nlohmann::json::array())) {
      excluded += (excluded.empty() ? "" : ", ") + g.get<std::string>();
    }
    t.add_row({maybe(u["rank"]), maybe(u["unit"]), maybe(u["name"]), maybe(u["score"]),
               maybe(u["final_score"]), maybe(u["grade"]),
               excluded.empty() ? report::Cell{} : report::Cell{excluded}});
  }
  t.notes.push_back(fmt::format("run {}: {} on {} ({}), {} by {}", run.id, run.system_id, run.input,
                                run.methods, run.created_at, run.operator_name));
  if (doc.contains("population"))
    t.notes.push_back("scores " + doc["population"].value("text", ""));
  part.note(t);
  return t;
}

report::Table compare_runs(const Database& db, std::int64_t first, std::int64_t second,
                           const std::string& province) {
  auto a = stored(db, first), b = stored(db, second);
  const ProvincePart part(db, province);
  auto ua = units_of(a, part), ub = units_of(b, part);
  struct Row {
    std::string unit, name;
    nlohmann::json rank_a, rank_b, score_a, score_b;
    std::optional<int> shift;
  };
  std::vector<Row> rows;
  for (const auto& [code, u] : ua) {
    Row r{code, u["name"], u["rank"], nullptr, u["score"], nullptr, std::nullopt};
    if (auto it = ub.find(code); it != ub.end()) {
      r.rank_b = it->second["rank"];
      r.score_b = it->second["score"];
    }
    if (r.rank_a.is_number() && r.rank_b.is_number()) {
      r.shift = r.rank_a.get<int>() - r.rank_b.get<int>();
    }
    rows.push_back(r);
  }
  for (const auto& [code, u] : ub) {
    if (!ua.count(code))
      rows.push_back({code, u["name"], nullptr, u["rank"], nullptr, u["score"], std::nullopt});
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& x, const Row& y) {
    return std::abs(x.shift.value_or(0)) > std::abs(y.shift.value_or(0));
  });
  report::Table t;
  t.columns = {{"unit", "编码"},
               {"name", "名称"},
               {"rank_a", fmt::format("名次 {}", a.id), -1, true, 1, false},
               {"rank_b", fmt::format("名次 {}", b.id), -1, true, 1, false},
               {"shift", "变化", -1, true, 1, false},
               {"score_a", fmt::format("得分 {}", a.id), 2, true},
               {"score_b", fmt::format("得分 {}", b.id), 2, true}};
  for (const auto& r : rows) {
    t.add_row({r.unit, r.name, maybe(r.rank_a), maybe(r.rank_b),
               r.shift ? report::Cell{std::int64_t{*r.shift}} : report::Cell{}, maybe(r.score_a),
               maybe(r.score_b)});
  }
  t.notes.push_back(fmt::format("A = run {}: {} {} ({}); B = run {}: {} {} ({})", a.id, a.system_id,
                                a.year.value_or(0), a.methods, b.id, b.system_id,
                                b.year.value_or(0), b.methods));
  part.note(t);
  return t;
}

}  // namespace atlas::app
