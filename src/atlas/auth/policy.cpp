#include "atlas/auth/policy.h"

#include <algorithm>
#include <array>

namespace atlas::auth {
namespace {

constexpr std::array kRoles = {Role::kAdmin,  Role::kProvince, Role::kZone,  Role::kCluster,
                               Role::kExpert, Role::kAnalyst,  Role::kPublic};
constexpr std::array<std::string_view, kRoles.size()> kRoleKeys = {
    "admin", "province", "zone", "cluster", "expert", "analyst", "public"};

constexpr std::array kActions = {
    Action::kLogIn,
    Action::kReadPublicOverview,
    Action::kManageOwnAccount,
    Action::kReadRegistry,
    Action::kReadAggregateStatistics,
    Action::kReadEnterpriseRows,
    Action::kReadEvaluations,
    Action::kImportStatistics,
    Action::kChangeRegistry,
    Action::kSubmitApplication,
    Action::kRecommendApplication,
    Action::kReviewApplication,
    Action::kDecideApplication,
    Action::kManageRounds,
    Action::kRunEvaluation,
    Action::kManageIndicatorSystems,
    Action::kManageReferenceData,
    Action::kManageAccounts,
    Action::kReadAuditLog,
};
constexpr std::array<std::string_view, kActions.size()> kActionKeys = {
    "log-in",
    "read-public-overview",
    "manage-own-account",
    "read-registry",
    "read-aggregate-statistics",
    "read-enterprise-rows",
    "read-evaluations",
    "import-statistics",
    "change-registry",
    "submit-application",
    "recommend-application",
    "review-application",
    "decide-application",
    "manage-rounds",
    "run-evaluation",
    "manage-indicator-systems",
    "manage-reference-data",
    "manage-accounts",
    "read-audit-log",
};

// Inside the actor's scope: the resource belongs to the actor's province, zone or cluster. A
// programme-wide resource belongs to none.
bool in_scope(const Actor& actor, const Resource& r) {
  switch (actor.role) {
    case Role::kProvince:
      return actor.scope.province_code && r.province_code == actor.scope.province_code;
    case Role::kZone: return actor.scope.zone_id && r.zone_id == actor.scope.zone_id;
    case Role::kCluster: return actor.scope.cluster_id && r.cluster_id == actor.scope.cluster_id;
    default: return false;
  }
}

bool assigned(const Actor& actor, const Resource& r) {
  return actor.account_id &&
         std::ranges::find(r.assigned_experts, *actor.account_id) != r.assigned_experts.end();
}

bool scoped(Role role) {
  return role == Role::kProvince || role == Role::kZone || role == Role::kCluster;
}

}  // namespace

std::span<const Role> all_roles() {
  return kRoles;
}

std::string_view role_key(Role r) {
  return kRoleKeys[static_cast<std::size_t>(r)];
}

std::optional<Role> parse_role(std::string_view key) {
  for (std::size_t i = 0; i < kRoles.size(); ++i) {
    if (kRoleKeys[i] == key) return kRoles[i];
  }
  return std::nullopt;
}

bool role_has_scope(Role r) {
  return scoped(r);
}

std::span<const Action> all_actions() {
  return kActions;
}

std::string_view action_key(Action a) {
  return kActionKeys[static_cast<std::size_t>(a)];
}

std::optional<Action> parse_action(std::string_view key) {
  for (std::size_t i = 0; i < kActions.size(); ++i) {
    if (kActionKeys[i] == key) return kActions[i];
  }
  return std::nullopt;
}

bool allowed(const Actor& actor, Action action, const Resource& resource) {
  const Role role = actor.role;
  if (role == Role::kAdmin) return true;
  switch (action) {
    case Action::kLogIn:
    case Action::kReadPublicOverview: return true;
    case Action::kManageOwnAccount:
      // Something of one account (a job) is that account's; the administrator's too (above).
      return role != Role::kPublic &&
             (!resource.owner_account || resource.owner_account == actor.account_id);
    case Action::kReadRegistry:
    case Action::kReadAggregateStatistics:
    case Action::kReadEvaluations:
      // The analyst reads everything aggregate; the offices read their own part.
      return role == Role::kAnalyst || (scoped(role) && in_scope(actor, resource));
    case Action::kReadEnterpriseRows:
    case Action::kImportStatistics: return scoped(role) && in_scope(actor, resource);
    case Action::kSubmitApplication:
      // A zone applies for its cluster; the province only recommends what its zones submit.
      return role == Role::kZone && in_scope(actor, resource);
    case Action::kRecommendApplication: return role == Role::kProvince && in_scope(actor, resource);
    case Action::kReviewApplication: return role == Role::kExpert && assigned(actor, resource);
    // The programme office's own decisions and everything programme-wide.
    case Action::kChangeRegistry:
    case Action::kDecideApplication:
    case Action::kManageRounds:
    case Action::kRunEvaluation:
    case Action::kManageIndicatorSystems:
    case Action::kManageReferenceData:
    case Action::kManageAccounts:
    case Action::kReadAuditLog: return false;
  }
  return false;
}

}  // namespace atlas::auth
