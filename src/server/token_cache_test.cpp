#include "server/token_cache.h"

#include <SQLiteCpp/Database.h>
#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "atlas/auth/secrets.h"
#include "atlas/store/sqlite/sqlite_store.h"

namespace atlas::server {
namespace {

// A real SQLite store, and a second connection that changes it by hand (as SQL typed at the
// sqlite3 shell would: no audit entry) to tell a kept answer from a fresh look-up.
class TokenCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("atlas_token_cache_test_" + std::to_string(getpid()) + ".db");
    remove_files();
    store_ = store::open_sqlite_store(path_.string());
    account_ = store_->add_account(
        {"script", "", auth::Role::kAnalyst, {}, auth::hash_password("harbour-kettle-42"), false},
        actor_);
    token_ = store_->create_token(account_, "nightly", "2026-02-01T00:00:00Z", actor_);
  }
  void TearDown() override {
    store_.reset();
    remove_files();
  }
  void remove_files() {
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(path_.string() + suffix);
  }
  // Revokes the token behind the store's back: no audit entry, so the generation stays.
  void revoke_by_hand() {
    SQLite::Database raw(path_.string(), SQLite::OPEN_READWRITE);
    raw.exec("UPDATE api_token SET revoked_at = '2026-01-01T00:00:00Z'");
  }
  std::string last_used() {
    store_->end_reads();
    return store_->tokens(account_).front().last_used_at.value_or("");
  }
  std::optional<store::Account> find(const std::string& now) {
    store_->end_reads();
    return cache_.find(*store_, token_, now, store_->latest_change());
  }

  std::filesystem::path path_;
  std::unique_ptr<store::Store> store_;
  store::Actor actor_{"tester", "2026-01-01T00:00:00Z"};
  std::int64_t account_ = 0;
  std::string token_;
  TokenCache cache_;
};

TEST_F(TokenCacheTest, AnAnswerIsKeptWhileNothingAuditedHappened) {
  auto who = find("2026-01-15T00:00:00Z");
  ASSERT_TRUE(who);
  EXPECT_EQ(who->login, "script");
  revoke_by_hand();
  // Kept: the generation has not moved (the bound on changes made by hand is the minute).
  EXPECT_TRUE(find("2026-01-15T00:00:30Z"));
  EXPECT_FALSE(find("2026-01-15T00:01:00Z"));  // a minute on, looked up again
}

TEST_F(TokenCacheTest, ARevokedTokenIsRefusedAtTheNextRequest) {
  ASSERT_TRUE(find("2026-01-15T00:00:00Z"));
  store_->revoke_token(store_->tokens(account_).front().id, actor_);  // audited
  EXPECT_FALSE(find("2026-01-15T00:00:00Z"));
  EXPECT_FALSE(find("2026-01-15T00:00:01Z"));
}

TEST_F(TokenCacheTest, AnyAuditedChangeEndsTheKeptAnswers) {
  ASSERT_TRUE(find("2026-01-15T00:00:00Z"));
  revoke_by_hand();
  store_->end_reads();
  store_->set_meta("note", "anything", actor_);  // an audited change of something else
  EXPECT_FALSE(find("2026-01-15T00:00:01Z"));
}

TEST_F(TokenCacheTest, AChangedAccountIsSeenAtTheNextRequest) {
  ASSERT_EQ(find("2026-01-15T00:00:00Z")->role, auth::Role::kAnalyst);
  store_->set_role(account_, auth::Role::kAdmin, {}, actor_);
  EXPECT_EQ(find("2026-01-15T00:00:01Z")->role, auth::Role::kAdmin);
  store_->set_disabled(account_, true, actor_);
  EXPECT_FALSE(find("2026-01-15T00:00:02Z"));
}

TEST_F(TokenCacheTest, AnExpiredTokenIsRefusedFromItsSecondEvenWhenKept) {
  ASSERT_TRUE(find("2026-01-31T23:59:59Z"));
  EXPECT_FALSE(find("2026-02-01T00:00:00Z"));
}

TEST_F(TokenCacheTest, ItsUseIsRecordedAtMostOnceAMinute) {
  ASSERT_TRUE(find("2026-01-15T00:00:00Z"));
  EXPECT_EQ(last_used(), "2026-01-15T00:00:00Z");
  ASSERT_TRUE(find("2026-01-15T00:00:59Z"));
  EXPECT_EQ(last_used(), "2026-01-15T00:00:00Z");
  ASSERT_TRUE(find("2026-01-15T00:01:00Z"));
  EXPECT_EQ(last_used(), "2026-01-15T00:01:00Z");
}

TEST_F(TokenCacheTest, AWrongTokenIsNeverKept) {
  store_->end_reads();
  const auto generation = store_->latest_change();
  EXPECT_FALSE(cache_.find(*store_, "ca_wrong", "2026-01-15T00:00:00Z", generation));
  EXPECT_FALSE(cache_.find(*store_, token_ + "x", "2026-01-15T00:00:00Z", generation));
  EXPECT_TRUE(cache_.find(*store_, token_, "2026-01-15T00:00:00Z", generation));
}

}  // namespace
}  // namespace atlas::server
