#include "atlas/app/experts.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "atlas/app/rounds.h"
#include "atlas/core/error.h"
#include "atlas/domain/industry.h"
#include "atlas/ingest/expert_pool.h"
#include "atlas/store/round_reviews.h"

namespace atlas::app {
namespace {

std::string joined(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : separator) + p;
  return out;
}

}  // namespace

std::int64_t add_expert(const Database& db, const ExpertAddRequest& request,
                        const store::Actor& actor) {
  rounds::Expert e;
  e.code = request.code;
  e.name = request.name;
  e.organisation = request.organisation;
  e.province_code = db.province(request.province).code;
  e.title = request.title;
  e.fields = request.fields;
  e.declared_conflicts = request.declared_conflicts;
  return db.store().add_expert(e, actor);
}

store::ExpertImport import_experts(const Database& db, const std::string& path,
                                   const store::Actor& actor) {
  auto& store = db.store();
  // A code the list lacks is known when the store would accept it under a listed group or
  // division, as it does for clusters.
  auto known = [&store](const std::string& code) {
    if (store.industry(code)) return true;
    for (const auto& above : domain::ancestors_by_form(code)) {
      if (store.industry(above)) return true;
    }
    return false;
  };
  auto pool = ingest::read_expert_pool(path, store.provinces(), known);
  return store.import_experts(pool.experts, pool.source, actor);
}

report::Table expert_list(const Database& db) {
  report::Table t;
  t.columns = {{"code", "专家编号"},
               {"name", "姓名"},
               {"organisation", "工作单位"},
               {"province", "省份"},
               {"title", "职称"},
               {"fields", "熟悉领域"},
               {"declared_conflicts", "回避单位"}};
  for (const auto& e : db.store().experts()) {
    t.add_row({e.code, e.name, e.organisation, db.province(e.province_code).short_zh, e.title,
               joined(e.fields, "、"), joined(e.declared_conflicts, "；")});
  }
  return t;
}

std::vector<rounds::Conflict> round_conflicts(store::Store& store, std::int64_t round_id,
                                              const std::vector<rounds::Application>& applications,
                                              const std::vector<rounds::Expert>& experts,
                                              const rounds::ConflictRules& rules) {
  std::vector<rounds::ApplicationParties> parties;
  for (const auto& a : applications) parties.push_back(a.parties);
  auto out = rounds::find_conflicts(experts, parties, rules, {});
  // The round before this one (rounds are numbered as they are opened).
  std::optional<std::int64_t> last;
  for (const auto& r : store.rounds()) {
    if (r.id < round_id && (!last || r.id > *last)) last = r.id;
  }
  if (!rules.reviewed_last_round || !last) return out;
  std::map<std::int64_t, std::int64_t> zone_of;  // last round's application → its zone
  for (const auto& a : store.applications(*last, {})) zone_of[a.id] = a.zone_id;
  std::map<std::pair<std::int64_t, std::string>, std::int64_t> reviewed;  // (zone, expert) → app
  for (const auto& r : store.round_reviews().reviews(*last, std::nullopt)) {
    reviewed.emplace(std::pair{zone_of[r.application_id], r.expert_code}, r.application_id);
  }
  for (std::size_t a = 0; a < applications.size(); ++a) {
    for (std::size_t e = 0; e < experts.size(); ++e) {
      auto it = reviewed.find({applications[a].zone_id, experts[e].code});
      if (it == reviewed.end()) continue;
      out.push_back({a, e, rounds::ConflictReason::kReviewedLastRound,
                     fmt::format("评审过第{}轮本高新区的申报 {} (reviewed this zone's application "
                                 "{} in round {})",
                                 *last, it->second, it->second, *last)});
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& x, const auto& y) {
    return std::tie(x.application, x.expert, x.reason) <
           std::tie(y.application, y.expert, y.reason);
  });
  return out;
}

report::Table expert_conflicts(const Database& db, std::int64_t round_id,
                               const rounds::ConflictRules& rules) {
  auto& store = db.store();
  existing_round(store, round_id);
  store::ApplicationFilter open;
  open.state = rounds::ApplicationState::kSubmitted;
  auto submitted = store.applications(round_id, open);
  std::vector<rounds::ApplicationParties> applications;
  for (const auto& a : submitted) applications.push_back(a.parties);
  auto experts = store.experts();
  report::Table t;
  t.columns = {{"application", "申报ID", -1, true, 1, false},
               {"cluster_name", "拟建集群"},
               {"expert", "专家编号"},
               {"expert_name", "姓名"},
               {"reason", "回避原因"},
               {"detail", "依据"}};
  for (const auto& c : round_conflicts(store, round_id, submitted, experts, rules)) {
    const auto& a = applications[c.application];
    const auto& e = experts[c.expert];
    t.add_row({a.id, a.name, e.code, e.name, std::string(rounds::conflict_reason_key(c.reason)),
               c.detail});
  }
  t.notes.push_back(fmt::format("{} experts × {} submitted applications: {} conflicts",
                                experts.size(), applications.size(), t.rows.size()));
  return t;
}

}  // namespace atlas::app
