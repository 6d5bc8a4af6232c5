// The programme's accounts as `clusteratlas user …` and /api/v1/accounts manage them: a role
// named as people type it, a scope resolved from what people type (湖北, a zone's name, a
// cluster's id), what an account acts for as people read it, and a new account with its
// password checked or generated. The store keeps the rules (a scope fitting its role, a unique
// login) and audits every change; the shells only ask and print.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "atlas/app/database.h"

namespace atlas::app {

// The role `key` names (admin, province, zone, cluster, expert, analyst). Throws kUsage naming
// the field "role" with the closest key and the list for anything else, public included: public
// is what visitors without an account are.
auth::Role account_role(const std::string& key);

// The scope as the CLI's --province / --zone / --cluster give it: a province by code or name, a
// zone by id or name, a cluster by id or (part of its) name; empty strings are not given. Throws
// kNotFound for a place that does not exist. Whether it fits the role is the store's check.
struct ScopeRequest {
  std::string province, zone, cluster;
};
auth::Scope account_scope(const Database& db, const ScopeRequest& request);

// What an account acts for, each place with its name: exactly one of them for a province, zone
// or cluster account; an expert account's pool expert (its code) once `review link` linked one.
struct AccountPlace {
  std::string kind;  // province | zone | cluster | expert; empty: the whole programme
  std::string key;   // the province's code, the zone's or cluster's id, the expert's code
  std::string name;  // 湖北省, the zone's or cluster's name; empty for an expert
  // "湖北省", "武汉东湖高新区 (3)", "expert E007": what `user list` shows.
  std::string label() const;
};
AccountPlace account_place(const Database& db, const store::Account& account);

// Every account with what it acts for, by id.
struct AccountView {
  store::Account account;
  AccountPlace place;
};
std::vector<AccountView> account_views(const Database& db);

// Throws kRule "an account with the login … already exists" when it does: the CLI asks before
// it asks for a password that would be lost.
void check_login_free(const Database& db, const std::string& login);

// A one-time password: 15 random bytes, 20 base64url characters — long and varied enough for
// auth::password_problem. Given to someone else, it must be changed at the first login.
std::string one_time_password();

struct NewAccountRequest {
  std::string login, display_name;
  auth::Role role = auth::Role::kAnalyst;
  auth::Scope scope;
  std::optional<std::string> password;  // none: a one-time password is generated
  bool temporary = false;  // must change the password at the first login (always when generated)
};
struct AddedAccount {
  std::int64_t id = 0;
  std::optional<std::string> generated_password;  // shown once; the store keeps only its hash
  bool must_change_password = false;
};
// Checks the login name (kBadInput, field "login"; kRule when taken) and the password (kBadInput,
// field "password") before hashing the password; the store then refuses a taken login (kRule) and a
// scope that does not fit the role (kBadInput) or names nothing (kNotFound), and audits the
// account, never its hash.
AddedAccount add_account(const Database& db, const NewAccountRequest& request,
                         const store::Actor& actor);

}  // namespace atlas::app
