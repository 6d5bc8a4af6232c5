// SqlStore: accounts, logins with throttling, sessions and API tokens. Every change is
// audited with its before and after (never a secret) in its own transaction; the policy of the
// limits is auth/login_policy.h, the counting is here.
#include <fmt/format.h>

#include "atlas/auth/login_policy.h"
#include "atlas/auth/secrets.h"
#include "atlas/core/error.h"
#include "atlas/store/sql/store_impl.h"

namespace atlas::store::sql {
namespace {

constexpr const char* kAccountColumns =
    "id, login, display_name, role, province_code, zone_id, cluster_id, disabled, "
    "must_change_password, locked_until, failed_logins, created_at, last_login_at";

Account read_account(sql::Statement& q) {
  Account a;
  a.id = q.getColumn(0).getInt64();
  a.login = q.getColumn(1).getString();
  a.display_name = q.getColumn(2).getString();
  a.role = auth::parse_role(q.getColumn(3).getString()).value_or(auth::Role::kPublic);
  if (!q.getColumn(4).isNull()) a.scope.province_code = q.getColumn(4).getString();
  if (!q.getColumn(5).isNull()) a.scope.zone_id = q.getColumn(5).getInt64();
  if (!q.getColumn(6).isNull()) a.scope.cluster_id = q.getColumn(6).getInt64();
  a.disabled = q.getColumn(7).getInt() != 0;
  a.must_change_password = q.getColumn(8).getInt() != 0;
  if (!q.getColumn(9).isNull()) a.locked_until = q.getColumn(9).getString();
  a.failed_logins = q.getColumn(10).getInt64();
  a.created_at = q.getColumn(11).getString();
  if (!q.getColumn(12).isNull()) a.last_login_at = q.getColumn(12).getString();
  return a;
}

nlohmann::json scope_json(const auth::Scope& s) {
  nlohmann::json j = nlohmann::json::object();
  if (s.province_code) j["province"] = *s.province_code;
  if (s.zone_id) j["zone"] = *s.zone_id;
  if (s.cluster_id) j["cluster"] = *s.cluster_id;
  return j;
}

// An account as the audit log keeps it: everything but the password hash.
nlohmann::json account_json(const Account& a) {
  return {{"login", a.login},
          {"display_name", a.display_name},
          {"role", auth::role_key(a.role)},
          {"scope", scope_json(a.scope)},
          {"disabled", a.disabled},
          {"must_change_password", a.must_change_password},
          {"locked_until", a.locked_until ? nlohmann::json(*a.locked_until) : nullptr}};
}

void bind_scope(sql::Statement& q, int first, const auth::Scope& s) {
  if (s.province_code) q.bind(first, *s.province_code);
  if (s.zone_id) q.bind(first + 1, *s.zone_id);
  if (s.cluster_id) q.bind(first + 2, *s.cluster_id);
}

Session read_session(sql::Statement& q) {
  Session s;
  s.id = q.getColumn(0).getInt64();
  s.account_id = q.getColumn(1).getInt64();
  s.created_at = q.getColumn(2).getString();
  s.expires_at = q.getColumn(3).getString();
  s.last_seen_at = q.getColumn(4).getString();
  s.origin = q.getColumn(5).getString();
  s.revoked = !q.getColumn(6).isNull();
  s.csrf_hash = q.getColumn(7).getString();
  return s;
}
// Whether a "last seen" time is a minute or more before `now` (or unset): worth writing again.
bool stale_by_a_minute(const std::string& last, const std::string& now) {
  auto next = auth::utc_plus(last, std::chrono::minutes(1));
  return !next || *next <= now;
}

constexpr const char* kSessionColumns =
    "id, account_id, created_at, expires_at, last_seen_at, origin, revoked_at, csrf_hash";

}  // namespace

Account SqlStore::existing_account(std::int64_t id) {
  auto a = account(id);
  if (!a) fail(ErrorKind::kNotFound, fmt::format("no account with id {}", id));
  return *a;
}

void SqlStore::check_scope(auth::Role role, const auth::Scope& scope) {
  const bool has_province = scope.province_code.has_value();
  const bool has_zone = scope.zone_id.has_value();
  const bool has_cluster = scope.cluster_id.has_value();
  const bool right = (role == auth::Role::kProvince) == has_province &&
                     (role == auth::Role::kZone) == has_zone &&
                     (role == auth::Role::kCluster) == has_cluster;
  if (!right) {
    fail(ErrorKind::kBadInput,
         auth::role_has_scope(role)
             ? fmt::format("a {0} account needs the {0} it acts for (its scope), and nothing else",
                           auth::role_key(role))
             : fmt::format("a {} account has no scope; scopes are for province, zone and cluster "
                           "accounts",
                           auth::role_key(role)));
  }
  if (role == auth::Role::kPublic) {
    fail(ErrorKind::kBadInput, "public is what visitors without an account are; not an account");
  }
  if (has_province) {
    auto& q = prepared("SELECT 1 FROM province WHERE code = ?");
    q.bind(1, *scope.province_code);
    if (!q.executeStep()) {
      fail(ErrorKind::kNotFound, fmt::format("no province with code {}", *scope.province_code));
    }
  }
  if (has_zone && !zone(*scope.zone_id)) {
    fail(ErrorKind::kNotFound, fmt::format("no zone with id {}", *scope.zone_id));
  }
  if (has_cluster && !cluster(*scope.cluster_id)) {
    fail(ErrorKind::kNotFound, fmt::format("no cluster with id {}", *scope.cluster_id));
  }
}

std::int64_t SqlStore::add_account(const NewAccount& n, const Actor& actor) {
  std::int64_t id = 0;
  in_transaction([&] {
    if (auto problem = auth::login_name_problem(n.login)) fail(ErrorKind::kBadInput, *problem);
    if (account_by_login(n.login)) {
      fail(ErrorKind::kRule, fmt::format("an account with the login {} already exists", n.login));
    }
    check_scope(n.role, n.scope);
    auto& q = prepared(
        "INSERT INTO account (login, display_name, role, province_code, zone_id, cluster_id, "
        "password_hash, must_change_password, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "RETURNING id");
    q.bind(1, n.login);
    q.bind(2, n.display_name);
    q.bind(3, std::string(auth::role_key(n.role)));
    bind_scope(q, 4, n.scope);
    q.bind(7, n.password_hash);
    q.bind(8, n.must_change_password ? 1 : 0);
    q.bind(9, actor.at);
    id = q.returning_id();
    audit(actor, "add", "account", std::to_string(id), n.login,
          {std::nullopt, account_json(existing_account(id))});
  });
  return id;
}

std::optional<Account> SqlStore::account(std::int64_t id) {
  auto& q = prepared(fmt::format("SELECT {} FROM account WHERE id = ?", kAccountColumns));
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return read_account(q);
}

std::optional<Account> SqlStore::account_by_login(const std::string& login) {
  auto& q = prepared(fmt::format("SELECT {} FROM account WHERE login = ?", kAccountColumns));
  q.bind(1, login);
  if (!q.executeStep()) return std::nullopt;
  return read_account(q);
}

std::vector<Account> SqlStore::accounts() {
  auto& q = prepared(fmt::format("SELECT {} FROM account ORDER BY id", kAccountColumns));
  std::vector<Account> out;
  while (q.executeStep()) out.push_back(read_account(q));
  return out;
}

void SqlStore::set_role(std::int64_t account_id, auth::Role role, const auth::Scope& scope,
                        const Actor& actor) {
  in_transaction([&] {
    auto before = existing_account(account_id);
    check_scope(role, scope);
    auto& q = prepared(
        "UPDATE account SET role = ?, province_code = ?, zone_id = ?, cluster_id = ? WHERE id = ?");
    q.bind(1, std::string(auth::role_key(role)));
    bind_scope(q, 2, scope);
    q.bind(5, account_id);
    q.exec();
    audit(actor, "set-role", "account", std::to_string(account_id), before.login,
          {account_json(before), account_json(existing_account(account_id))});
  });
}

void SqlStore::revoke_all(std::int64_t account_id, const Actor& actor) {
  for (const char* table : {"session", "api_token"}) {
    auto& q = prepared(fmt::format(
        "UPDATE {} SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL", table));
    q.bind(1, actor.at);
    q.bind(2, account_id);
    q.exec();
  }
}

void SqlStore::set_disabled(std::int64_t account_id, bool disabled, const Actor& actor) {
  in_transaction([&] {
    auto before = existing_account(account_id);
    auto& q = prepared("UPDATE account SET disabled = ? WHERE id = ?");
    q.bind(1, disabled ? 1 : 0);
    q.bind(2, account_id);
    q.exec();
    if (disabled) revoke_all(account_id, actor);
    audit(actor, disabled ? "disable" : "enable", "account", std::to_string(account_id),
          before.login, {account_json(before), account_json(existing_account(account_id))});
  });
}

void SqlStore::unlock(std::int64_t account_id, const Actor& actor) {
  in_transaction([&] {
    auto before = existing_account(account_id);
    auto& q = prepared("UPDATE account SET locked_until = NULL, failed_logins = 0 WHERE id = ?");
    q.bind(1, account_id);
    q.exec();
    audit(actor, "unlock", "account", std::to_string(account_id), before.login,
          {account_json(before), account_json(existing_account(account_id))});
  });
}

void SqlStore::set_password(std::int64_t account_id, const std::string& password_hash,
                            bool must_change, const Actor& actor) {
  in_transaction([&] {
    auto before = existing_account(account_id);
    auto& q = prepared(
        "UPDATE account SET password_hash = ?, must_change_password = ?, failed_logins = 0, "
        "locked_until = NULL WHERE id = ?");
    q.bind(1, password_hash);
    q.bind(2, must_change ? 1 : 0);
    q.bind(3, account_id);
    q.exec();
    // Whoever held the old password may hold a session: a reset ends them all.
    revoke_all(account_id, actor);
    auto after = account_json(existing_account(account_id));
    after["password"] = "changed";  // that it changed, never what to
    audit(actor, "set-password", "account", std::to_string(account_id), before.login,
          {account_json(before), after});
  });
}

void SqlStore::change_own_password(std::int64_t account_id, const std::string& password_hash,
                                   std::optional<std::int64_t> keep_session, const Actor& actor) {
  in_transaction([&] {
    auto before = existing_account(account_id);
    auto& q = prepared(
        "UPDATE account SET password_hash = ?, must_change_password = 0, failed_logins = 0, "
        "locked_until = NULL WHERE id = ?");
    q.bind(1, password_hash);
    q.bind(2, account_id);
    q.exec();
    auto& r = prepared(
        "UPDATE session SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL AND id IS "
        "DISTINCT FROM CAST(? AS BIGINT)");
    r.bind(1, actor.at);
    r.bind(2, account_id);
    if (keep_session) {
      r.bind(3, *keep_session);
    } else {
      r.bind(3);  // NULL: `id IS DISTINCT FROM NULL` keeps none
    }
    const auto revoked = r.exec();
    auto after = account_json(existing_account(account_id));
    after["password"] = "changed";  // that it changed, never what to
    after["sessions_revoked"] = revoked;
    audit(actor, "change-password", "account", std::to_string(account_id), before.login,
          {account_json(before), after});
  });
}

LoginResult SqlStore::log_in(const std::string& login, const std::string& password,
                             const std::string& address, const std::string& now) {
  LoginResult result;
  in_transaction([&] {
    auto window_start = auth::utc_plus(now, -auth::kAddressWindow);
    if (!window_start) fail(ErrorKind::kInternal, "log_in: a time is not YYYY-MM-DDTHH:MM:SSZ");
    // The failures from the address in the window, newest first: the limit-th of them is the
    // one whose leaving the window lets the address in again.
    auto& f = prepared(
        "SELECT count(*) OVER (), at FROM login_attempt WHERE address = ? AND at > ? AND "
        "succeeded = 0 ORDER BY at DESC LIMIT 1 OFFSET ?");
    f.bind(1, address);
    f.bind(2, *window_start);
    f.bind(3, auth::kAddressFailureLimit - 1);
    const bool throttled = f.executeStep() && auth::address_throttled(f.getColumn(0).getInt64());
    if (throttled) {
      // Not counted again: a throttled address cannot grow the table.
      result.outcome = LoginOutcome::kAddressThrottled;
      result.retry_after = *auth::utc_plus(f.getColumn(1).getString(), auth::kAddressWindow);
    }
    f.reset();  // the attempt is written to the table it read
    if (throttled) return;
    auto a = account_by_login(login);
    Actor actor{login, now, "", a ? std::optional(a->id) : std::nullopt, address};
    if (a && a->locked_until && *a->locked_until > now) {
      result.outcome = LoginOutcome::kLocked;
      result.retry_after = *a->locked_until;
    } else if (a && a->disabled) {
      result.outcome = LoginOutcome::kDisabled;
    } else {
      auto& h = prepared("SELECT password_hash FROM account WHERE login = ?");
      h.bind(1, login);
      // An unknown login costs a hash too, so timing does not tell which logins exist.
      const std::string hash =
          h.executeStep() ? h.getColumn(0).getString() : auth::hash_password("no such account");
      result.outcome =
          a && auth::verify_password(hash, password) ? LoginOutcome::kOk : LoginOutcome::kRefused;
    }
    const bool ok = result.outcome == LoginOutcome::kOk;
    auto& r =
        prepared("INSERT INTO login_attempt (at, login, address, succeeded) VALUES (?, ?, ?, ?)");
    r.bind(1, now);
    r.bind(2, login);
    r.bind(3, address);
    r.bind(4, ok ? 1 : 0);
    r.exec();
    if (a && ok) {
      auto& u = prepared(
          "UPDATE account SET failed_logins = 0, locked_until = NULL, last_login_at = ? WHERE id = "
          "?");
      u.bind(1, now);
      u.bind(2, a->id);
      u.exec();
      result.account = existing_account(a->id);
      audit(actor, "log-in", "account", std::to_string(a->id), login);
    } else if (a && result.outcome == LoginOutcome::kRefused) {
      const auto failures = a->failed_logins + 1;
      std::optional<std::string> locked;
      if (auth::locks_account(failures)) locked = auth::utc_plus(now, auth::kLockout);
      auto& u = prepared("UPDATE account SET failed_logins = ?, locked_until = ? WHERE id = ?");
      u.bind(1, failures);
      if (locked) u.bind(2, *locked);
      u.bind(3, a->id);
      u.exec();
      if (locked) {
        result.outcome = LoginOutcome::kLocked;
        result.retry_after = *locked;
      }
      audit(actor, locked ? "lock" : "log-in-refused", "account", std::to_string(a->id), login,
            {account_json(*a), account_json(existing_account(a->id))});
    } else {
      audit(actor, "log-in-refused", "account", a ? std::to_string(a->id) : "", login);
    }
  });
  return result;
}

NewSession SqlStore::create_session(std::int64_t account_id, const std::string& expires_at,
                                    const Actor& actor) {
  NewSession out;
  in_transaction([&] {
    auto a = existing_account(account_id);
    out.secret = auth::random_secret();
    out.csrf_token = auth::random_secret();
    auto& q = prepared(
        "INSERT INTO session (secret_hash, csrf_hash, account_id, created_at, expires_at, "
        "last_seen_at, origin) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(1, auth::sha256_hex(out.secret));
    q.bind(2, auth::sha256_hex(out.csrf_token));
    q.bind(3, account_id);
    q.bind(4, actor.at);
    q.bind(5, expires_at);
    q.bind(6, actor.at);
    q.bind(7, actor.origin);
    out.id = q.returning_id();
    audit(actor, "create", "session", std::to_string(out.id), a.login,
          {std::nullopt, nlohmann::json{{"account", a.login}, {"expires_at", expires_at}}});
  });
  return out;
}

std::optional<Session> SqlStore::find_session(const std::string& secret, const std::string& now) {
  auto& q = prepared(fmt::format(
      "SELECT {} FROM session WHERE secret_hash = ? AND revoked_at IS NULL AND expires_at > ? "
      "AND account_id IN (SELECT id FROM account WHERE disabled = 0)",
      kSessionColumns));
  q.bind(1, auth::sha256_hex(secret));
  q.bind(2, now);
  if (!q.executeStep()) return std::nullopt;
  auto s = read_session(q);
  q.reset();
  if (!auth::session_fresh(s.last_seen_at, now)) return std::nullopt;
  // Bookkeeping, not a change of anyone's data: not audited (it would log every request). Written
  // at most once a minute: a write on every request would put the server's readers in line for
  // the database's one writer; the idle limit (30 minutes) does not need the second.
  if (stale_by_a_minute(s.last_seen_at, now)) {
    auto& u = prepared("UPDATE session SET last_seen_at = ? WHERE id = ?");
    u.bind(1, now);
    u.bind(2, s.id);
    u.exec();
    s.last_seen_at = now;
  }
  return s;
}

std::vector<Session> SqlStore::sessions(std::optional<std::int64_t> account_id) {
  auto& q = prepared(
      fmt::format("SELECT {} FROM session WHERE CAST(?1 AS BIGINT) IS NULL OR account_id = ?1 "
                  "ORDER BY id DESC",
                  kSessionColumns));
  if (account_id) q.bind(1, *account_id);
  std::vector<Session> out;
  while (q.executeStep()) out.push_back(read_session(q));
  return out;
}

void SqlStore::revoke_session(std::int64_t session_id, const Actor& actor) {
  in_transaction([&] {
    auto& u = prepared("UPDATE session SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
    u.bind(1, actor.at);
    u.bind(2, session_id);
    if (u.exec() == 0) {
      fail(ErrorKind::kNotFound, fmt::format("no open session with id {}", session_id));
    }
    audit(actor, "revoke", "session", std::to_string(session_id), "");
  });
}

std::string SqlStore::create_token(std::int64_t account_id, const std::string& name,
                                   const std::string& expires_at, const Actor& actor) {
  std::string token;
  in_transaction([&] {
    auto a = existing_account(account_id);
    if (a.disabled) {
      fail(ErrorKind::kRule, fmt::format("the account {} is disabled; enable it first", a.login));
    }
    // A prefix people and secret scanners recognise; the rest is 32 random bytes.
    token = "ca_" + auth::random_secret();
    auto& q = prepared(
        "INSERT INTO api_token (token_hash, name, account_id, created_at, expires_at) "
        "VALUES (?, ?, ?, ?, ?) RETURNING id");
    q.bind(1, auth::sha256_hex(token));
    q.bind(2, name);
    q.bind(3, account_id);
    q.bind(4, actor.at);
    q.bind(5, expires_at);
    auto id = q.returning_id();
    audit(actor, "create", "api_token", std::to_string(id), name,
          {std::nullopt,
           nlohmann::json{{"account", a.login}, {"name", name}, {"expires_at", expires_at}}});
  });
  return token;
}

std::optional<Account> SqlStore::find_token(const std::string& token, const std::string& now) {
  auto grant = find_token_grant(token, now);
  if (!grant) return std::nullopt;
  return std::move(grant->account);
}

std::optional<TokenGrant> SqlStore::find_token_grant(const std::string& token,
                                                     const std::string& now) {
  auto& q = prepared(
      "SELECT api_token.id, account_id, coalesce(last_used_at, ''), expires_at FROM api_token "
      "JOIN account ON account.id = account_id WHERE token_hash = ? AND revoked_at IS NULL AND "
      "expires_at > ? AND account.disabled = 0");
  q.bind(1, auth::sha256_hex(token));
  q.bind(2, now);
  if (!q.executeStep()) return std::nullopt;
  const auto id = q.getColumn(0).getInt64();
  const auto account_id = q.getColumn(1).getInt64();
  const auto last_used = q.getColumn(2).getString();
  auto expires_at = q.getColumn(3).getString();
  q.reset();
  // Bookkeeping, not audited; at most once a minute (see find_session).
  if (stale_by_a_minute(last_used, now)) {
    auto& u = prepared("UPDATE api_token SET last_used_at = ? WHERE id = ?");
    u.bind(1, now);
    u.bind(2, id);
    u.exec();
  }
  auto a = account(account_id);
  if (!a) return std::nullopt;
  return TokenGrant{std::move(*a), std::move(expires_at)};
}

std::vector<ApiToken> SqlStore::tokens(std::optional<std::int64_t> account_id) {
  auto& q = prepared(
      "SELECT id, account_id, name, created_at, expires_at, revoked_at, last_used_at FROM "
      "api_token WHERE CAST(?1 AS BIGINT) IS NULL OR account_id = ?1 ORDER BY id");
  if (account_id) q.bind(1, *account_id);
  std::vector<ApiToken> out;
  while (q.executeStep()) {
    ApiToken t;
    t.id = q.getColumn(0).getInt64();
    t.account_id = q.getColumn(1).getInt64();
    t.name = q.getColumn(2).getString();
    t.created_at = q.getColumn(3).getString();
    t.expires_at = q.getColumn(4).getString();
    t.revoked = !q.getColumn(5).isNull();
    if (!q.getColumn(6).isNull()) t.last_used_at = q.getColumn(6).getString();
    out.push_back(std::move(t));
  }
  return out;
}

void SqlStore::revoke_token(std::int64_t token_id, const Actor& actor) {
  in_transaction([&] {
    auto& u = prepared("UPDATE api_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
    u.bind(1, actor.at);
    u.bind(2, token_id);
    if (u.exec() == 0) {
      fail(ErrorKind::kNotFound, fmt::format("no unrevoked API token with id {}", token_id));
    }
    audit(actor, "revoke", "api_token", std::to_string(token_id), "");
  });
}

}  // namespace atlas::store::sql
