#include "atlas/auth/policy.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

namespace atlas::auth {
namespace {

// The matrix, written out by hand from the programme's roles (docs/accounts-and-audit.md): for
// each action, seven groups — admin, province, zone, cluster, expert, analyst, public — of three
// answers: on a resource inside the actor's own scope, inside another scope, programme-wide.
const std::map<std::string, std::string> kExpected = {
    // clang-format off
    //                                 admin province zone cluster expert analyst public
    {"log-in",                        "YYY   YYY      YYY  YYY     YYY    YYY     YYY"},
    {"read-public-overview",          "YYY   YYY      YYY  YYY     YYY    YYY     YYY"},
    {"manage-own-account",            "YYY   YYY      YYY  YYY     YYY    YYY     NNN"},
    {"read-registry",                 "YYY   YNN      YNN  YNN     NNN    YYY     NNN"},
    {"read-aggregate-statistics",     "YYY   YNN      YNN  YNN     NNN    YYY     NNN"},
    {"read-enterprise-rows",          "YYY   YNN      YNN  YNN     NNN    NNN     NNN"},
    {"read-evaluations",              "YYY   YNN      YNN  YNN     NNN    YYY     NNN"},
    {"import-statistics",             "YYY   YNN      YNN  YNN     NNN    NNN     NNN"},
    {"change-registry",               "YYY   NNN      NNN  NNN     NNN    NNN     NNN"},
    {"submit-application",            "YYY   NNN      YNN  NNN     NNN    NNN     NNN"},
    {"recommend-application",         "YYY   YNN      NNN  NNN     NNN    NNN     NNN"},
    {"review-application",            "YYY   NNN      NNN  NNN     YNN    NNN     NNN"},
    {"decide-application",            "YYY   NNN      NNN  NNN     NNN    NNN     NNN"},
    {"manage-rounds",                 "YYY   NNN      NNN  NNN     NNN    NNN     NNN"},
    {"run-evaluation",                "YYY   NNN      NNN  NNN     NNN    NNN     NNN"},
    {"manage-indicator-systems",      "YYY   NNN      NNN  NNN     NNN    NNN     NNN"},
    {"manage-reference-data",         "YYY   NNN      NNN  NNN     NNN    NNN     NNN"},
    {"manage-accounts",               "YYY   NNN      NNN  NNN     NNN    NNN     NNN"},
    {"read-audit-log",                "YYY   NNN      NNN  NNN     NNN    NNN     NNN"},
    // clang-format on
};

// One actor of each role; the scoped ones and the expert belong to the "own" resource below.
std::vector<Actor> actors() {
  Actor admin{Role::kAdmin, {}, 1};
  Actor province{Role::kProvince, {"420000", {}, {}}, 2};
  Actor zone{Role::kZone, {{}, 7, {}}, 3};
  Actor cluster{Role::kCluster, {{}, {}, 70}, 4};
  Actor expert{Role::kExpert, {}, 5};
  Actor analyst{Role::kAnalyst, {}, 6};
  return {admin, province, zone, cluster, expert, analyst, Actor::public_visitor()};
}

// Cluster 70 in zone 7 in Hubei, assigned to expert 5; cluster 80 in zone 8 in Jiangsu,
// assigned to expert 9; and programme-wide.
const Resource kOwn{"420000", 7, 70, {5}};
const Resource kOther{"320000", 8, 80, {9}};
const Resource kWide = Resource::programme_wide();

TEST(Policy, MatrixOfEveryRoleActionAndScope) {
  ASSERT_EQ(kExpected.size(), all_actions().size()) << "the matrix has a row for every action";
  const auto people = actors();
  ASSERT_EQ(people.size(), all_roles().size());
  for (Action action : all_actions()) {
    auto row = kExpected.find(std::string(action_key(action)));
    ASSERT_NE(row, kExpected.end()) << action_key(action) << " has no row in the matrix";
    std::string answers;
    for (char c : row->second) {
      if (c == 'Y' || c == 'N') answers += c;
    }
    ASSERT_EQ(answers.size(), 3 * people.size()) << row->first;
    for (std::size_t i = 0; i < people.size(); ++i) {
      const Resource* where[] = {&kOwn, &kOther, &kWide};
      const char* names[] = {"own scope", "other scope", "programme-wide"};
      for (int k = 0; k < 3; ++k) {
        EXPECT_EQ(allowed(people[i], action, *where[k]), answers[3 * i + k] == 'Y')
            << role_key(people[i].role) << " " << row->first << " on " << names[k];
      }
    }
  }
}

TEST(Policy, ScopeIsMatchedOnTheRolesOwnLevelOnly) {
  Actor cluster{Role::kCluster, {{}, {}, 70}, 4};
  // The zone's own data (no cluster) is not a cluster account's, though the cluster lies in it.
  EXPECT_FALSE(allowed(cluster, Action::kImportStatistics, Resource{"420000", 7, {}, {}}));
  Actor zone{Role::kZone, {{}, 7, {}}, 3};
  EXPECT_TRUE(allowed(zone, Action::kReadEnterpriseRows, Resource{"420000", 7, {}, {}}));
  // A province account without a province (a broken record) is inside no scope.
  Actor nowhere{Role::kProvince, {}, 2};
  EXPECT_FALSE(allowed(nowhere, Action::kReadRegistry, kWide));
  // An expert with no account cannot be assigned anything.
  Actor expert{Role::kExpert, {}, {}};
  EXPECT_FALSE(allowed(expert, Action::kReviewApplication, kOwn));
}

TEST(Policy, WhatBelongsToAnAccountIsItsOwnersAndTheAdministrators) {
  Resource job;  // a job of account 4 (the cluster account), whatever it touched
  job.owner_account = 4;
  EXPECT_TRUE(allowed(Actor{Role::kCluster, {{}, {}, 70}, 4}, Action::kManageOwnAccount, job));
  EXPECT_TRUE(allowed(Actor{Role::kAdmin, {}, 1}, Action::kManageOwnAccount, job));
  // Another account of the same cluster, or one above it, is not its owner.
  EXPECT_FALSE(allowed(Actor{Role::kCluster, {{}, {}, 70}, 8}, Action::kManageOwnAccount, job));
  EXPECT_FALSE(
      allowed(Actor{Role::kProvince, {"420000", {}, {}}, 2}, Action::kManageOwnAccount, job));
  EXPECT_FALSE(allowed(Actor::public_visitor(), Action::kManageOwnAccount, job));
}

TEST(Policy, NamesAreStableUniqueAndParseBack) {
  std::set<std::string_view> seen;
  for (Action a : all_actions()) {
    EXPECT_TRUE(seen.insert(action_key(a)).second) << action_key(a);
    EXPECT_EQ(parse_action(action_key(a)), a);
  }
  EXPECT_EQ(action_key(Action::kReadEnterpriseRows), "read-enterprise-rows");
  EXPECT_EQ(action_key(Action::kReadAuditLog), "read-audit-log");
  EXPECT_FALSE(parse_action("read-everything"));
  for (Role r : all_roles()) EXPECT_EQ(parse_role(role_key(r)), r);
  EXPECT_EQ(role_key(Role::kProvince), "province");
  EXPECT_FALSE(parse_role("superuser"));
  EXPECT_TRUE(role_has_scope(Role::kZone));
  EXPECT_FALSE(role_has_scope(Role::kAnalyst));
}

}  // namespace
}  // namespace atlas::auth
