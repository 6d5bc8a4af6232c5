// Who may do what: the one authorisation check of the programme (DESIGN.md §1). A route of the
// server or a verb of the CLI declares its Action, resolves the Resource it touches (which
// province, zone or cluster the data belongs to, or none: programme-wide) and asks
// allowed(actor, action, resource). The function is pure — no store, no clock — so the whole
// matrix of roles × actions × scopes is tested by hand (policy_test.cpp) and every shell obeys
// the same answer. Nothing else in the code decides permissions.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace atlas::auth {

// The roles of the programme (docs/accounts-and-audit.md has the table of what each may do).
enum class Role {
  kAdmin,     // 火炬中心 programme office: everything, accounts, rounds, final decisions
  kProvince,  // 省级科技主管部门 (scope: a province): its zones' and clusters' data,
              // recommendations
  kZone,      // 高新区 management (scope: a zone): its clusters' applications and statistics
  kCluster,   // 集群发展促进机构 (scope: a cluster): its own reports and statistics uploads
  kExpert,    // 评审专家: only the applications assigned to them
  kAnalyst,   // reads everything aggregate; no enterprise-level rows, no writes
  kPublic,    // nobody logged in: health, login and the public programme overview
};

std::span<const Role> all_roles();
std::string_view role_key(Role r);                     // "province"
std::optional<Role> parse_role(std::string_view key);  // the key; nullopt when unknown
// Province, zone and cluster accounts have a scope of that kind; the others have none.
bool role_has_scope(Role r);

// Where an account's rights apply. Exactly the field of its role's kind is set (none for
// admin, expert, analyst and public).
struct Scope {
  std::optional<std::string> province_code;  // GB/T 2260, e.g. "420000"
  std::optional<std::int64_t> zone_id;
  std::optional<std::int64_t> cluster_id;
};

// The one who asks: the policy sees only this. `account_id` is empty for the public and for
// the CLI's operator (who acts as an administrator on a database they can open).
struct Actor {
  Role role = Role::kPublic;
  Scope scope;
  std::optional<std::int64_t> account_id;

  static Actor public_visitor() { return {}; }
};

// What is asked for, in the programme's words. The server's routes each declare one.
enum class Action {
  kLogIn,                    // health and login
  kReadPublicOverview,       // national statistics and the list of clusters in the programme
  kManageOwnAccount,         // own password, own sessions and tokens
  kReadRegistry,             // zones, clusters, status history, events, support records
  kReadAggregateStatistics,  // cluster-year totals, indicators, regional statistics
  kReadEnterpriseRows,       // enterprise-level rows and their revisions
  kReadEvaluations,          // stored evaluation runs and explanations
  kImportStatistics,         // annual statistics imports and a cluster's own report uploads
  kChangeRegistry,           // add zones and clusters, status changes, renames, corrections
  kSubmitApplication,        // a zone applies for its cluster in a selection round
  kRecommendApplication,     // a province recommends an application
  kReviewApplication,        // an expert scores an application assigned to them
  kDecideApplication,        // the final decision on an application
  kManageRounds,             // open, stage and close selection rounds, assign experts
  kRunEvaluation,            // run and store an evaluation of the programme
  kManageIndicatorSystems,   // add or change indicator systems
  kManageReferenceData,      // provinces, industry classification, bundled data
  kManageAccounts,           // accounts, roles, scopes, lockouts, resets, others' tokens
  kReadAuditLog,             // read and verify the audit log
};

// Every action once, in declaration order: the route table and the OpenAPI document print
// their names, and the tests check that none is left out.
std::span<const Action> all_actions();
std::string_view action_key(Action a);  // stable: "read-enterprise-rows"
std::optional<Action> parse_action(std::string_view key);

// What the action touches. For data of a cluster, all three of its places are filled (its
// cluster, its zone, its province) so each scoped role can be matched; for a zone, the zone and
// its province; nothing = programme-wide (every cluster, national totals, accounts).
struct Resource {
  std::optional<std::string> province_code;
  std::optional<std::int64_t> zone_id;
  std::optional<std::int64_t> cluster_id;
  // The accounts of the experts an application is assigned to (selection rounds fill this in).
  std::vector<std::int64_t> assigned_experts;
  // The account something belongs to (a job): manage-own-account on it is its owner's only.
  std::optional<std::int64_t> owner_account;

  static Resource programme_wide() { return {}; }
};

// Whether `actor` may do `action` on `resource`. Scoped roles act only inside their scope: a
// province account on resources of its province, a zone account on its zone's, a cluster
// account on its own cluster's; a programme-wide resource is outside every scope.
bool allowed(const Actor& actor, Action action, const Resource& resource);

}  // namespace atlas::auth
