// Accounts, logins, sessions and tokens in the store (both backends), and the audit chain they
// write.
#include <SQLiteCpp/Database.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "atlas/auth/secrets.h"
#include "atlas/core/error.h"
#include "atlas/core/resources.h"
#include "atlas/store/backend_test_support.h"

namespace atlas::store {
namespace {

class AccountsTest : public test_support::BackendTest {
 protected:
  void SetUp() override {
    store_ = db_.open();
    domain::ReferenceData ref;
    ref.provinces = {{"420000", "湖北省", "湖北", "Hubei", domain::Region::kCentral}};
    store_->load_reference(ref, actor_);
    zone_ = store_->add_zone({0, "武汉东湖高新区", "national", "420000", "武汉市", 30.5, 114.4},
                             actor_);
  }
  void TearDown() override { store_.reset(); }

  // A password hash made once: argon2id costs a tenth of a second each time.
  static const std::string& hash() {
    static const std::string h = auth::hash_password(kPassword);
    return h;
  }

  std::int64_t add(const std::string& login, auth::Role role = auth::Role::kAnalyst,
                   auth::Scope scope = {}) {
    return store_->add_account({login, "", role, scope, hash(), false}, actor_);
  }

  std::size_t audit_count() { return store_->audit_entries({}).size(); }

  static constexpr const char* kPassword = "harbour-kettle-42";
  std::unique_ptr<Store> store_;
  Actor actor_{"tester", "2026-01-01T00:00:00Z"};
  std::int64_t zone_ = 0;
};
ATLAS_ON_BOTH_BACKENDS(AccountsTest);

TEST_P(AccountsTest, ScopesMustNameAnExistingPlaceOfTheRolesKind) {
  auto id = add("hubei", auth::Role::kProvince, {"420000", {}, {}});
  EXPECT_EQ(store_->account(id)->scope.province_code, "420000");
  EXPECT_EQ(add("donghu", auth::Role::kZone, {{}, zone_, {}}), id + 1);
  const auto entries = audit_count();
  auto code = [&](auto&& f) {
    try {
      f();
    } catch (const Error& e) {
      return e.kind();
    }
    return ErrorKind::kInternal;
  };
  EXPECT_EQ(code([&] { add("hubei"); }), ErrorKind::kRule);  // duplicate login
  EXPECT_EQ(code([&] {
              add("x", auth::Role::kProvince, {"990000", {}, {}});
            }),
            ErrorKind::kNotFound);
  EXPECT_EQ(code([&] { add("x", auth::Role::kZone, {{}, 999, {}}); }), ErrorKind::kNotFound);
  EXPECT_EQ(code([&] { add("x", auth::Role::kCluster, {{}, {}, 999}); }), ErrorKind::kNotFound);
  EXPECT_EQ(code([&] { add("x", auth::Role::kProvince, {{}, zone_, {}}); }), ErrorKind::kBadInput);
  EXPECT_EQ(code([&] {
              add("x", auth::Role::kAnalyst, {"420000", {}, {}});
            }),
            ErrorKind::kBadInput);
  EXPECT_EQ(store_->accounts().size(), 2u);
  EXPECT_EQ(audit_count(), entries) << "a refused account leaves no entry";
}

TEST_P(AccountsTest, FiveFailuresLockTheAccountUntilUnlocked) {
  add("wang");
  auto r = store_->log_in("wang", kPassword, "10.0.0.1", "2026-01-01T08:00:00Z");
  EXPECT_EQ(r.outcome, LoginOutcome::kOk);
  EXPECT_EQ(r.account->last_login_at, "2026-01-01T08:00:00Z");
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(store_->log_in("wang", "wrong", "10.0.0.1", "2026-01-01T08:01:00Z").outcome,
              LoginOutcome::kRefused);
  }
  r = store_->log_in("wang", "wrong", "10.0.0.1", "2026-01-01T08:02:00Z");
  EXPECT_EQ(r.outcome, LoginOutcome::kLocked);
  EXPECT_EQ(r.retry_after, "2026-01-01T08:17:00Z");  // 15 minutes after the fifth failure
  // The right password does not open a locked account, until the lock passes.
  EXPECT_EQ(store_->log_in("wang", kPassword, "10.0.0.1", "2026-01-01T08:16:59Z").outcome,
            LoginOutcome::kLocked);
  EXPECT_EQ(store_->log_in("wang", kPassword, "10.0.0.1", "2026-01-01T08:17:00Z").outcome,
            LoginOutcome::kOk);
  // An administrator's unlock lifts a lock at once.
  for (int i = 0; i < 5; ++i) store_->log_in("wang", "wrong", "10.0.0.2", "2026-01-01T09:00:00Z");
  store_->unlock(store_->account_by_login("wang")->id, actor_);
  EXPECT_EQ(store_->log_in("wang", kPassword, "10.0.0.2", "2026-01-01T09:00:01Z").outcome,
            LoginOutcome::kOk);
  // A disabled account does not log in.
  store_->set_disabled(store_->account_by_login("wang")->id, true, actor_);
  EXPECT_EQ(store_->log_in("wang", kPassword, "10.0.0.2", "2026-01-01T09:00:02Z").outcome,
            LoginOutcome::kDisabled);
}

TEST_P(AccountsTest, AnAddressIsThrottledAfterTwentyFailuresInFifteenMinutes) {
  add("li");
  for (int i = 0; i < 20; ++i) {
    // Different logins, none locked: the address is what is counted.
    store_->log_in("guess" + std::to_string(i), "x", "10.9.9.9", "2026-01-01T10:00:00Z");
  }
  auto r = store_->log_in("li", kPassword, "10.9.9.9", "2026-01-01T10:05:00Z");
  EXPECT_EQ(r.outcome, LoginOutcome::kAddressThrottled);
  EXPECT_EQ(r.retry_after, "2026-01-01T10:15:00Z");
  EXPECT_EQ(store_->log_in("li", kPassword, "10.1.1.1", "2026-01-01T10:05:00Z").outcome,
            LoginOutcome::kOk);
  EXPECT_EQ(store_->log_in("li", kPassword, "10.9.9.9", "2026-01-01T10:15:00Z").outcome,
            LoginOutcome::kOk);
}

TEST_P(AccountsTest, AThrottledAddressIsLetInWhenItsTwentiethLastFailureLeavesTheWindow) {
  add("li");
  // Failures at 10:00 (5 of them) and 10:05 (15): the window of 10:12 holds 20.
  for (int i = 0; i < 20; ++i) {
    store_->log_in("guess", "x", "10.9.9.9",
                   i < 5 ? "2026-01-01T10:00:00Z" : "2026-01-01T10:05:00Z");
  }
  auto r = store_->log_in("li", kPassword, "10.9.9.9", "2026-01-01T10:12:00Z");
  EXPECT_EQ(r.outcome, LoginOutcome::kAddressThrottled);
  // At 10:15 the five of 10:00 leave the window; 15 failures remain.
  EXPECT_EQ(r.retry_after, "2026-01-01T10:15:00Z");
  EXPECT_EQ(store_->log_in("li", kPassword, "10.9.9.9", "2026-01-01T10:15:00Z").outcome,
            LoginOutcome::kOk);
}

TEST_P(AccountsTest, SessionsEndWhenRevokedExpiredIdleOrDisabled) {
  auto id = add("zhao");
  Actor at{"zhao", "2026-01-01T08:00:00Z", "", id, "10.0.0.5"};
  auto s = store_->create_session(id, "2026-01-01T16:00:00Z", at);
  ASSERT_EQ(s.secret.size(), 43u);
  auto found = store_->find_session(s.secret, "2026-01-01T08:20:00Z");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->csrf_hash, auth::sha256_hex(s.csrf_token));
  EXPECT_EQ(found->origin, "10.0.0.5");
  EXPECT_FALSE(store_->find_session("not-the-secret", "2026-01-01T08:21:00Z"));
  // Seen at 08:20, so still fresh at 08:49 and gone at 08:50 (30 minutes idle).
  EXPECT_TRUE(store_->find_session(s.secret, "2026-01-01T08:49:00Z"));
  EXPECT_FALSE(store_->find_session(s.secret, "2026-01-01T09:19:00Z"));
  auto s2 = store_->create_session(id, "2026-01-01T16:00:00Z", at);
  EXPECT_FALSE(store_->find_session(s2.secret, "2026-01-01T16:00:00Z"));  // expired
  auto s3 = store_->create_session(id, "2026-01-01T16:00:00Z", at);
  store_->revoke_session(s3.id, actor_);
  EXPECT_FALSE(store_->find_session(s3.secret, "2026-01-01T08:01:00Z"));
  auto s4 = store_->create_session(id, "2026-01-01T16:00:00Z", at);
  store_->set_disabled(id, true, actor_);
  EXPECT_FALSE(store_->find_session(s4.secret, "2026-01-01T08:01:00Z"));
}

TEST_P(AccountsTest, TokensAreStoredHashedAndWorkUntilRevokedOrExpired) {
  auto id = add("script", auth::Role::kAnalyst);
  auto token = store_->create_token(id, "nightly", "2026-02-01T00:00:00Z", actor_);
  EXPECT_EQ(token.rfind("ca_", 0), 0u);
  auto who = store_->find_token(token, "2026-01-15T00:00:00Z");
  ASSERT_TRUE(who);
  EXPECT_EQ(who->login, "script");
  EXPECT_FALSE(store_->find_token(token, "2026-02-01T00:00:00Z"));
  EXPECT_EQ(store_->tokens(id).front().last_used_at, "2026-01-15T00:00:00Z");
  store_->revoke_token(store_->tokens(id).front().id, actor_);
  EXPECT_FALSE(store_->find_token(token, "2026-01-15T00:00:01Z"));
  auto raw = db_.connect();
  auto stored = raw->statement("SELECT token_hash FROM api_token");
  ASSERT_TRUE(stored->executeStep());
  EXPECT_EQ(stored->getColumn(0).getString(), auth::sha256_hex(token));
}

TEST_P(AccountsTest, ATokensGrantSaysWhenItExpires) {
  auto id = add("script", auth::Role::kAnalyst);
  auto token = store_->create_token(id, "nightly", "2026-02-01T00:00:00Z", actor_);
  auto grant = store_->find_token_grant(token, "2026-01-15T00:00:00Z");
  ASSERT_TRUE(grant);
  EXPECT_EQ(grant->account.login, "script");
  EXPECT_EQ(grant->expires_at, "2026-02-01T00:00:00Z");
  EXPECT_EQ(store_->tokens(id).front().last_used_at, "2026-01-15T00:00:00Z");
  EXPECT_FALSE(store_->find_token_grant(token, "2026-02-01T00:00:00Z"));
  EXPECT_FALSE(store_->find_token_grant("ca_not-a-token", "2026-01-15T00:00:00Z"));
}

// The server keeps a token's answer while Store::latest_change() stays put
// (server/token_cache.h): every change that ends a token or changes what its account may do must
// move it, and recording a token's use must not (it would empty the cache once a minute).
TEST_P(AccountsTest, EveryChangeThatEndsATokenOrChangesItsAccountMovesTheLatestChange) {
  auto id = add("script", auth::Role::kProvince, {"420000", {}, {}});
  auto token = store_->create_token(id, "nightly", "2027-01-01T00:00:00Z", actor_);
  auto last = store_->latest_change();
  auto moved = [&] {
    auto now = store_->latest_change();
    bool did = now > last;
    last = now;
    return did;
  };
  ASSERT_TRUE(store_->find_token(token, "2026-01-15T00:00:00Z"));
  EXPECT_FALSE(moved());  // its use recorded, unaudited
  store_->set_role(id, auth::Role::kZone, {{}, zone_, {}}, actor_);
  EXPECT_TRUE(moved());
  store_->set_password(id, auth::hash_password("another-long-one"), true, actor_);
  EXPECT_TRUE(moved());
  store_->set_disabled(id, true, actor_);
  EXPECT_TRUE(moved());
  store_->set_disabled(id, false, actor_);
  EXPECT_TRUE(moved());
  auto second = store_->create_token(id, "second", "2027-01-01T00:00:00Z", actor_);
  EXPECT_TRUE(moved());
  store_->revoke_token(store_->tokens(id).back().id, actor_);
  EXPECT_TRUE(moved());
  EXPECT_FALSE(store_->find_token(second, "2026-01-15T00:00:00Z"));
}

TEST_P(AccountsTest, EveryAccountChangeIsChainedWithoutSecrets) {
  auto id = add("chen", auth::Role::kProvince, {"420000", {}, {}});
  store_->set_role(id, auth::Role::kZone, {{}, zone_, {}}, actor_);
  store_->set_password(id, auth::hash_password("another-long-one"), true, actor_);
  store_->create_token(id, "t", "2026-02-01T00:00:00Z", actor_);
  auto entries = store_->audit_entries({std::nullopt, "account", std::nullopt, std::nullopt});
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[1].action, "set-role");
  EXPECT_EQ(*entries[1].before,
            R"({"disabled":false,"display_name":"","locked_until":null,"login":"chen",)"
            R"("must_change_password":false,"role":"province","scope":{"province":"420000"}})");
  EXPECT_NE(entries[1].after->find(R"("role":"zone")"), std::string::npos);
  for (const auto& e : store_->audit_entries({})) {
    for (const std::string& text : {e.detail, e.before.value_or(""), e.after.value_or("")}) {
      EXPECT_EQ(text.find("$argon2id$"), std::string::npos) << e.id;
    }
  }
  EXPECT_FALSE(store_->verify_audit_chain().broken_id);
}

// A database written before the audit log was a chain: migrations 001–006 and rows of the old
// audit_log, then opened by this build.
TEST_P(AccountsTest, AnUpgradeChainsTheOldEntriesSoVerifyPasses) {
  if (GetParam() != test_support::Backend::kSqlite) {
    GTEST_SKIP() << "SQLite's migration 009; a PostgreSQL store starts at version 17";
  }
  store_.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db_.where() + suffix);
  {
    SQLite::Database old(db_.where(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    old.exec(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL, "
        "file TEXT NOT NULL)");
    const char* files[] = {"001_registry.sql",
                           "002_revisions.sql",
                           "003_cluster_reports.sql",
                           "004_evaluation_runs.sql",
                           "005_enterprise_year_index.sql",
                           "006_corrections_and_industry_sources.sql"};
    int version = 0;
    for (const char* f : files) {
      auto sql = find_resource(std::string("src/atlas/store/sqlite/migrations/") + f);
      ASSERT_TRUE(sql) << f;
      old.exec(std::string(*sql));
      old.exec(fmt::format("INSERT INTO schema_migrations VALUES ({}, '2025-01-01', '{}')",
                           ++version, f));
    }
    old.exec(
        "INSERT INTO audit_log (at, actor, action, entity, entity_key, detail) VALUES "
        "('2025-03-01T01:00:00Z', 'wang', 'add', 'zone', '1', '武汉东湖高新区'), "
        "('2025-03-02T01:00:00Z', 'wang', 'set-status', 'cluster', '1', 'pilot → recognised')");
  }
  store_ = db_.open();
  auto check = store_->verify_audit_chain();
  EXPECT_FALSE(check.broken_id) << check.problem;
  EXPECT_EQ(check.entries, 2);
  auto entries = store_->audit_entries({});
  EXPECT_EQ(entries[0].prev_hash, kChainStart);
  EXPECT_EQ(entries[1].prev_hash, entries[0].hash);
  // What the chain covers is the documented serialisation of the old row's fields.
  EXPECT_EQ(
      entries[0].hash,
      auth::sha256_hex(R"([1,"2025-03-01T01:00:00Z","wang",null,"cli","add","zone","1",)"
                       R"("武汉东湖高新区","",null,null,)"
                       R"("0000000000000000000000000000000000000000000000000000000000000000"])"));
  // The chain continues after the upgrade.
  add("after-upgrade");
  EXPECT_EQ(store_->verify_audit_chain().entries, 3);
}

TEST_P(AccountsTest, TheDatabaseRefusesToChangeOrRemoveAnEntry) {
  auto raw = db_.connect();
  ASSERT_GT(audit_count(), 0u);
  EXPECT_THROW(raw->exec("UPDATE audit_log SET detail = 'x' WHERE id = 1"), sql::Exception);
  EXPECT_THROW(raw->exec("DELETE FROM audit_log WHERE id = 1"), sql::Exception);
  EXPECT_THROW(raw->exec("DELETE FROM audit_log"), sql::Exception);
}

// The store's only UPDATE of audit_log is the migration's chaining of unhashed rows
// (audit_log.cpp); no source of the store may change or delete entries otherwise.
TEST(AuditLogSources, NoStoreCodeUpdatesOrDeletesEntries) {
  const std::regex write(R"((UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+audit_log)", std::regex::icase);
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(
           std::filesystem::path(ATLAS_SOURCE_DIR) / "src")) {
    const auto ext = entry.path().extension();
    if (ext != ".cpp" && ext != ".h") continue;
    if (entry.path().filename().string().ends_with("_test.cpp")) continue;
    std::ifstream in(entry.path());
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    ++files;
    const auto matches = std::distance(std::sregex_iterator(text.begin(), text.end(), write),
                                       std::sregex_iterator());
    const bool migration_step = entry.path().string().ends_with("store/sql/audit_log.cpp");
    EXPECT_EQ(matches, migration_step ? 1 : 0) << entry.path();
  }
  EXPECT_GT(files, 100);
}

// A server's worker keeps its connection for many requests. A look-up that stops at its first
// row (account(id)) leaves its cached statement's read open; until end_reads() the connection
// reads that old snapshot and misses a session another connection created since.
TEST_P(AccountsTest, EndReadsLetsALongLivedConnectionSeeOtherConnectionsWrites) {
  auto id = add("wang");
  auto worker = db_.open();
  ASSERT_TRUE(worker->account(id));  // the statement stays on its row
  Actor at{"wang", "2026-01-01T08:00:00Z"};
  auto s = store_->create_session(id, "2026-01-01T16:00:00Z", at);
  worker->end_reads();
  auto found = worker->find_session(s.secret, "2026-01-01T08:01:00Z");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->account_id, id);
}

}  // namespace
}  // namespace atlas::store
