#include "atlas/app/experts.h"

#include <fmt/format.h>

#include "atlas/app/rounds.h"
#include "atlas/core/error.h"
#include "atlas/domain/industry.h"
#include "atlas/ingest/expert_pool.h"

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

report::Table expert_conflicts(const Database& db, std::int64_t round_id,
                               const rounds::ConflictRules& rules) {
  auto& store = db.store();
  existing_round(store, round_id);
  store::ApplicationFilter open;
  open.state = rounds::ApplicationState::kSubmitted;
  std::vector<rounds::ApplicationParties> applications;
  for (const auto& a : store.applications(round_id, open)) applications.push_back(a.parties);
  auto experts = store.experts();
  report::Table t;
  t.columns = {{"application", "申报ID", -1, true, 1, false},
               {"cluster_name", "拟建集群"},
               {"expert", "专家编号"},
               {"expert_name", "姓名"},
               {"reason", "回避原因"},
               {"detail", "依据"}};
  // Reviews are not stored yet: no past round's reviews to compare with.
  for (const auto& c : rounds::find_conflicts(experts, applications, rules, {})) {
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
