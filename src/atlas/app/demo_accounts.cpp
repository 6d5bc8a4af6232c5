#include "atlas/app/demo_accounts.h"

#include <algorithm>

#include <fmt/format.h>

#include "atlas/auth/secrets.h"
#include "atlas/core/error.h"
#include "atlas/domain/status.h"
#include "atlas/store/round_reviews.h"

namespace atlas::app {
namespace {

// The cluster the scoped accounts act for: the first in the programme, a real (bundled) one
// when there is any, so the province and zone are places people know.
domain::Cluster scope_cluster(store::Store& store) {
  std::optional<domain::Cluster> chosen;
  for (const auto& c : store.clusters({})) {
    if (!domain::in_programme(c.status)) continue;
    if (!chosen || (chosen->synthetic && !c.synthetic)) chosen = c;
    if (!chosen->synthetic) break;
  }
  if (!chosen) throw Error(ErrorKind::kRule, "the demo data set has no cluster in the programme");
  return *chosen;
}

// A random password that passes the rule every password passes (auth::password_problem).
std::string random_password(const std::string& login) {
  for (;;) {
    auto password = auth::random_secret(15);  // 20 base64url characters
    if (!auth::password_problem(password, login)) return password;
  }
}

}  // namespace

std::vector<DemoAccount> ensure_demo_accounts(store::Store& store, const store::Actor& actor) {
  if (!store.meta("synthetic")) {
    throw Error(ErrorKind::kRule,
                "demo accounts go only into a database holding the synthetic demo data set "
                "(`clusteratlas demo`): their passwords are printed on the terminal");
  }
  const auto cluster = scope_cluster(store);
  const auto zone = store.zone(cluster.zone_id);
  std::string province_name = cluster.province_code;
  for (const auto& p : store.provinces()) {
    if (p.code == cluster.province_code) province_name = p.name_zh;
  }
  struct Spec {
    auth::Role role;
    std::string display_name;
    auth::Scope scope;
    std::string scope_label;
  };
  std::vector<Spec> specs;
  specs.reserve(6);  // the pointers below stay valid
  auto add = [&specs](auth::Role role, std::string name) {
    specs.push_back({role, std::move(name), auth::Scope{}, ""});
    return &specs.back();
  };
  add(auth::Role::kAdmin, "演示·火炬中心");
  auto* province = add(auth::Role::kProvince, "演示·省级科技主管部门");
  province->scope.province_code = cluster.province_code;
  province->scope_label = fmt::format("{} ({})", province_name, cluster.province_code);
  auto* zone_account = add(auth::Role::kZone, "演示·高新区管委会");
  zone_account->scope.zone_id = cluster.zone_id;
  zone_account->scope_label = fmt::format("{} (zone {})", zone ? zone->name : "?", cluster.zone_id);
  auto* cluster_account = add(auth::Role::kCluster, "演示·集群发展促进机构");
  cluster_account->scope.cluster_id = cluster.id;
  cluster_account->scope_label = fmt::format("{} (cluster {})", cluster.name, cluster.id);
  add(auth::Role::kExpert, "演示·评审专家");
  add(auth::Role::kAnalyst, "演示·分析人员");

  // Hashed before the transaction: argon2id takes a tenth of a second each.
  std::vector<DemoAccount> out;
  std::vector<std::string> hashes;
  for (const auto& spec : specs) {
    DemoAccount a;
    a.login = fmt::format("demo-{}", auth::role_key(spec.role));
    a.role = std::string(auth::role_key(spec.role));
    a.scope = spec.scope_label;
    a.password = random_password(a.login);
    hashes.push_back(auth::hash_password(a.password));
    out.push_back(std::move(a));
  }
  store.in_transaction([&] {
    for (std::size_t i = 0; i < specs.size(); ++i) {
      const auto& spec = specs[i];
      auto& a = out[i];
      if (auto existing = store.account_by_login(a.login)) {
        // Back to its demo role and scope if someone changed them, enabled; the reset unlocks.
        const auto& s = existing->scope;
        if (existing->role != spec.role || s.province_code != spec.scope.province_code ||
            s.zone_id != spec.scope.zone_id || s.cluster_id != spec.scope.cluster_id) {
          store.set_role(existing->id, spec.role, spec.scope, actor);
        }
        if (existing->disabled) store.set_disabled(existing->id, false, actor);
        store.set_password(existing->id, hashes[i], false, actor);
        a.created = false;
      } else {
        store::NewAccount n;
        n.login = a.login;
        n.display_name = spec.display_name;
        n.role = spec.role;
        n.scope = spec.scope;
        n.password_hash = hashes[i];
        store.add_account(n, actor);
        a.created = true;
      }
    }
    // The expert account reviews as the first expert assigned in the demo's round, so that its
    // own assignment and reviews are there to see over the API.
    auto expert = store.account_by_login("demo-expert");
    for (const auto& round : store.rounds()) {
      auto pairs = store.round_reviews().assignments(round.id);
      if (!expert || pairs.empty()) continue;
      auto first = std::min_element(pairs.begin(), pairs.end(), [](const auto& x, const auto& y) {
        return x.expert_code < y.expert_code;
      });
      auto linked = store.round_reviews().expert_of_account(expert->id);
      if (!linked) {
        store.round_reviews().link_expert_account(first->expert_code, expert->id, actor);
        linked = first->expert_code;
      }
      for (auto& a : out) {
        if (a.login == "demo-expert") a.scope = "expert " + *linked;
      }
      break;
    }
  });
  return out;
}

}  // namespace atlas::app
