#include "atlas/app/rounds.h"

#include <fmt/format.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "atlas/app/systems.h"
#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "atlas/store/round_reviews.h"

namespace atlas::app {
namespace {

using rounds::Stage;

// "湖北=3" → {"42", 3}.
std::pair<std::string, int> parse_quota(const Database& db, const std::string& text) {
  auto eq = text.find('=');
  int quota = -1;
  if (eq != std::string::npos) {
    try {
      std::size_t used = 0;
      auto digits = text::trim(text.substr(eq + 1));
      quota = std::stoi(digits, &used);
      if (used != digits.size()) quota = -1;
    } catch (const std::exception&) {
      quota = -1;
    }
  }
  if (eq == std::string::npos || quota < 0) {
    throw Error(ErrorKind::kUsage,
                fmt::format("the quota '{}' is not written PROVINCE=N, e.g. 湖北=3 or 42=3", text));
  }
  return {db.province(text::trim(text.substr(0, eq))).code, quota};
}

// A province's applications in a round, and its quota (none: no limit).
struct ProvinceCount {
  std::string code;
  std::int64_t applied = 0, returned = 0, recommended = 0;
  std::optional<std::int64_t> quota;
};

// Every province with an application or a quota, by code.
std::vector<ProvinceCount> province_counts(const Database& db, const rounds::Round& r) {
  std::map<std::string, ProvinceCount> by_code;
  for (const auto& a : db.store().applications(r.id, {})) {
    auto& c = by_code[a.parties.province_code];
    ++c.applied;
    if (a.state == rounds::ApplicationState::kReturned) ++c.returned;
    if (a.rank) ++c.recommended;
  }
  for (const auto& [province, quota] : r.quotas) by_code[province].quota = quota;
  std::vector<ProvinceCount> out;
  for (auto& [code, c] : by_code) {
    c.code = code;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

rounds::Round existing_round(store::Store& store, std::int64_t id) {
  auto r = store.round(id);
  if (!r) throw Error(ErrorKind::kNotFound, fmt::format("no selection round with id {}", id));
  return *r;
}

std::optional<std::int64_t> application_id(const std::string& text) {
  if (text.empty() || text.size() > 18 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoll(text);
}

std::int64_t create_round(const Database& db, const RoundCreateRequest& request,
                          const store::Actor& actor) {
  rounds::Round r;
  auto kind = rounds::parse_kind(request.kind);
  if (!kind) {
    throw Error(ErrorKind::kUsage, fmt::format("unknown round kind '{}': admission (新申报) or "
                                               "reevaluation (复核)",
                                               request.kind));
  }
  r.kind = *kind;
  r.year = request.year;
  r.name = request.name;
  r.doc_no = request.doc_no;
  r.system = request.system;
  r.data_weight = request.data_weight;
  for (const auto& [key, date] : request.deadlines) {
    auto stage = rounds::parse_stage(key);
    if (!stage) throw Error(ErrorKind::kUsage, fmt::format("unknown stage '{}'", key));
    r.deadlines[*stage] = date;
  }
  for (const auto& q : request.quotas) {
    auto [province, quota] = parse_quota(db, q);
    if (!r.quotas.emplace(province, quota).second) {
      throw Error(ErrorKind::kUsage, fmt::format("province {} is given two quotas", province));
    }
  }
  if (auto p = rounds::round_problem(r)) throw Error(ErrorKind::kBadInput, *p);
  load_system(request.system);  // the data part is scored with it: it must load now
  return db.store().add_round(r, actor);
}

report::Table round_list(const Database& db) {
  report::Table t;
  t.columns = {{"id", "ID", -1, true, 1, false},
               {"year", "年度", -1, true, 1, false},
               {"kind", "类型"},
               {"name", "名称"},
               {"doc_no", "文号"},
               {"stage", "阶段"},
               {"deadline", "本阶段截止"},
               {"applications", "申报数", -1, true}};
  auto& store = db.store();
  for (const auto& r : store.rounds()) {
    auto deadline = r.deadlines.find(r.stage);
    t.add_row({r.id, static_cast<std::int64_t>(r.year), std::string(rounds::kind_key(r.kind)),
               r.name, r.doc_no, std::string(rounds::stage_key(r.stage)),
               deadline == r.deadlines.end() ? report::Cell{} : report::Cell{deadline->second},
               static_cast<std::int64_t>(store.applications(r.id, {}).size())});
  }
  return t;
}

report::Table round_show(const Database& db, std::int64_t round_id) {
  auto& store = db.store();
  auto r = existing_round(store, round_id);
  report::Table t;
  t.columns = {
      {"stage", "阶段"}, {"stage_zh", "阶段名"}, {"deadline", "截止日期"}, {"state", "状态"}};
  bool passed = true;
  for (Stage s : rounds::stages_of(r.kind)) {
    if (s == r.stage) passed = false;
    auto deadline = r.deadlines.find(s);
    t.add_row({std::string(rounds::stage_key(s)), std::string(rounds::stage_name_zh(s)),
               deadline == r.deadlines.end() ? report::Cell{} : report::Cell{deadline->second},
               std::string(s == r.stage ? "current"
                           : passed     ? "done"
                                        : "upcoming")});
  }
  t.notes.push_back(fmt::format("round {}: {} ({} {}, {}), year {}", r.id, r.name,
                                rounds::kind_key(r.kind), rounds::kind_name_zh(r.kind), r.doc_no,
                                r.year));
  // A re-evaluation (复核) proposes on the system's data score and gates alone.
  t.notes.push_back(
      r.kind == rounds::RoundKind::kReevaluation
          ? fmt::format("clusters evaluated with {} on their latest statistics", r.system)
          : fmt::format("data part scored with {}, weight {:g}; experts' weight {:g}", r.system,
                        r.data_weight, 1 - r.data_weight));
  // Per province: applied, returned, recommended, against the quota.
  for (const auto& p : province_counts(db, r)) {
    t.notes.push_back(
        fmt::format("{}: {} applied, {} returned, {} recommended ({})",
                    db.province(p.code).short_zh, p.applied, p.returned, p.recommended,
                    p.quota ? fmt::format("quota {}", *p.quota) : std::string("no quota")));
  }
  return t;
}

report::Table round_provinces(const Database& db, std::int64_t round_id) {
  auto r = existing_round(db.store(), round_id);
  report::Table t;
  t.columns = {{"province", "省份代码"}, {"province_name", "省份"}, {"applied", "申报"},
               {"returned", "退回"},     {"recommended", "推荐"},   {"quota", "名额"}};
  for (const auto& p : province_counts(db, r)) {
    t.add_row({p.code, db.province(p.code).short_zh, p.applied, p.returned, p.recommended,
               p.quota ? report::Cell{*p.quota} : report::Cell{}});
  }
  return t;
}

std::int64_t submit_application(const Database& db, const ApplicationRequest& request,
                                const store::Actor& actor) {
  rounds::Application a;
  a.round_id = request.round_id;
  a.zone_id = db.zone(request.zone).id;
  a.parties.name = text::trim(request.cluster_name);
  a.parties.industry_code = text::trim(request.industry_code);
  a.parties.building_unit = text::trim(request.building_unit);
  a.parties.management_body = text::trim(request.management_body);
  for (const auto& firm : request.leading_firms)
    a.parties.leading_firms.push_back(text::trim(firm));
  a.contact = text::trim(request.contact);
  return db.store().submit_application(a, actor);
}

report::Table application_list(const Database& db, const ApplicationListRequest& request) {
  auto& store = db.store();
  existing_round(store, request.round_id);
  store::ApplicationFilter filter;
  if (!request.province.empty()) filter.province_code = db.province(request.province).code;
  if (!request.zone.empty()) filter.zone_id = db.zone(request.zone).id;
  if (!request.state.empty()) {
    filter.state = rounds::parse_application_state(request.state);
    if (!filter.state) {
      throw Error(ErrorKind::kUsage, fmt::format("unknown application state '{}': submitted or "
                                                 "returned",
                                                 request.state));
    }
  }
  report::Table t;
  t.columns = {{"id", "ID", -1, true, 1, false},
               {"province", "省份"},
               {"zone", "高新区"},
               {"cluster_name", "拟建集群"},
               {"industry", "主导产业"},
               {"state", "状态"},
               {"rank", "推荐排序", -1, true, 1, false},
               {"submissions", "提交次数", -1, true}};
  for (const auto& a : store.applications(request.round_id, filter)) {
    t.add_row({a.id, db.province(a.parties.province_code).short_zh, a.parties.zone_name,
               a.parties.name, a.parties.industry_code, std::string(rounds::state_key(a.state)),
               a.rank ? report::Cell{static_cast<std::int64_t>(*a.rank)} : report::Cell{},
               static_cast<std::int64_t>(a.submissions)});
  }
  return t;
}

report::Table application_show(const Database& db, std::int64_t application_id) {
  auto a = db.store().application(application_id);
  if (!a) {
    throw Error(ErrorKind::kNotFound, fmt::format("no application with id {}", application_id));
  }
  report::Table t;
  t.columns = {{"field", "项目"}, {"value", "内容"}};
  auto row = [&t](const char* field, const std::string& value) { t.add_row({field, value}); };
  std::string firms;
  for (const auto& f : a->parties.leading_firms) firms += (firms.empty() ? "" : "；") + f;
  row("id", std::to_string(a->id));
  row("round", std::to_string(a->round_id));
  row("province", db.province(a->parties.province_code).name_zh);
  row("zone", a->parties.zone_name);
  row("cluster_name", a->parties.name);
  row("industry", a->parties.industry_code);
  row("building_unit", a->parties.building_unit);
  row("management_body", a->parties.management_body);
  row("leading_firms", firms);
  row("contact", a->contact);
  row("state", std::string(rounds::state_key(a->state)));
  row("return_reason", a->return_reason);
  row("submissions", std::to_string(a->submissions));
  row("rank", a->rank ? std::to_string(*a->rank) : "");
  row("opinion", a->opinion);
  row("submitted_at", a->submitted_at);
  row("updated_at", a->updated_at);
  // What it reported and attached, in brief: the figures by year, the documents by name.
  auto reported = db.store().round_reviews().application_figures(a->round_id);
  std::string figures;
  if (auto it = reported.find(a->id); it != reported.end()) {
    for (const auto& [year, fields] : it->second) {
      figures +=
          fmt::format("{}{}: {}", figures.empty() ? "" : "；", year,
                      text::counted(static_cast<std::int64_t>(fields.size()), "figure", "figures"));
    }
  }
  row("figures", figures);
  std::string documents;
  for (const auto& d : db.store().documents(a->id)) {
    documents += fmt::format("{}{} ({})", documents.empty() ? "" : "；", d.name, d.id);
  }
  row("documents", documents);
  return t;
}

void recommend(const Database& db, const RecommendRequest& request, const store::Actor& actor) {
  if (request.applications.size() != request.opinions.size()) {
    throw Error(ErrorKind::kUsage,
                fmt::format("{} applications but {} opinions: each application on the list "
                            "needs its opinion (--application ID --opinion TEXT, in rank order)",
                            request.applications.size(), request.opinions.size()));
  }
  std::vector<rounds::Recommendation> list;
  for (std::size_t i = 0; i < request.applications.size(); ++i) {
    list.push_back({request.applications[i], static_cast<int>(i + 1), request.opinions[i]});
  }
  db.store().recommend(request.round_id, db.province(request.province).code, list, actor);
}

}  // namespace atlas::app
