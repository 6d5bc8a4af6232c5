#include "atlas/app/accounts.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "atlas/auth/login_policy.h"
#include "atlas/auth/secrets.h"
#include "atlas/core/error.h"
#include "atlas/core/suggest.h"
#include "atlas/store/round_reviews.h"

namespace atlas::app {

auth::Role account_role(const std::string& key) {
  auto role = auth::parse_role(key);
  if (!role || *role == auth::Role::kPublic) {
    std::vector<std::string> keys;
    for (auth::Role r : auth::all_roles()) {
      if (r != auth::Role::kPublic) keys.emplace_back(auth::role_key(r));
    }
    throw Error(ErrorKind::kUsage,
                fmt::format("unknown role '{}'{}; roles: {}", key, text::did_you_mean(key, keys),
                            fmt::join(keys, ", ")),
                {"", 0, "", "role"});
  }
  return *role;
}

auth::Scope account_scope(const Database& db, const ScopeRequest& request) {
  auth::Scope s;
  if (!request.province.empty()) s.province_code = db.province(request.province).code;
  if (!request.zone.empty()) s.zone_id = db.zone(request.zone).id;
  if (!request.cluster.empty()) s.cluster_id = db.cluster(request.cluster).id;
  return s;
}

std::string AccountPlace::label() const {
  if (kind == "province") return name;
  if (kind == "zone" || kind == "cluster") return fmt::format("{} ({})", name, key);
  if (kind == "expert") return "expert " + key;
  return "";
}

AccountPlace account_place(const Database& db, const store::Account& account) {
  const auth::Scope& s = account.scope;
  auto& store = db.store();
  if (s.province_code) {
    return {"province", *s.province_code, db.province(*s.province_code).name_zh};
  }
  // A zone or cluster the account names is never deleted (the store refuses), but "?" keeps a
  // listing readable should a database say otherwise.
  if (s.zone_id) {
    auto z = store.zone(*s.zone_id);
    return {"zone", std::to_string(*s.zone_id), z ? z->name : "?"};
  }
  if (s.cluster_id) {
    auto c = store.cluster(*s.cluster_id);
    return {"cluster", std::to_string(*s.cluster_id), c ? c->name : "?"};
  }
  if (account.role == auth::Role::kExpert) {
    if (auto code = store.round_reviews().expert_of_account(account.id)) {
      return {"expert", *code, ""};
    }
  }
  return {};
}

std::vector<AccountView> account_views(const Database& db) {
  std::vector<AccountView> out;
  for (auto& a : db.store().accounts()) {
    auto place = account_place(db, a);
    out.push_back({std::move(a), std::move(place)});
  }
  return out;
}

void check_login_free(const Database& db, const std::string& login) {
  if (db.store().account_by_login(login)) {
    throw Error(ErrorKind::kRule, fmt::format("an account with the login {} already exists", login),
                {"", 0, "", "login"});
  }
}

std::string one_time_password() {
  return auth::random_secret(15);
}

AddedAccount add_account(const Database& db, const NewAccountRequest& request,
                         const store::Actor& actor) {
  if (auto problem = auth::login_name_problem(request.login)) {
    throw Error(ErrorKind::kBadInput, *problem, {"", 0, "", "login"});
  }
  check_login_free(db, request.login);  // before the password's hash, which takes a while
  AddedAccount added;
  std::string password;
  if (request.password) {
    password = *request.password;
    if (auto problem = auth::password_problem(password, request.login)) {
      throw Error(ErrorKind::kBadInput, fmt::format("password for {}: {}", request.login, *problem),
                  {"", 0, "", "password"});
    }
  } else {
    password = one_time_password();
    added.generated_password = password;
  }
  store::NewAccount n;
  n.login = request.login;
  n.display_name = request.display_name;
  n.role = request.role;
  n.scope = request.scope;
  n.password_hash = auth::hash_password(password);
  // A generated password was seen by whoever passes it on: its holder must choose their own.
  n.must_change_password = request.temporary || added.generated_password.has_value();
  db.store().end_reads();  // the look-ups must not pin the write to an old snapshot
  added.id = db.store().add_account(n, actor);
  added.must_change_password = n.must_change_password;
  return added;
}

}  // namespace atlas::app
