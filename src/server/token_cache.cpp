#include "server/token_cache.h"

#include "atlas/auth/login_policy.h"
#include "atlas/auth/secrets.h"

namespace atlas::server {

std::optional<store::Account> TokenCache::find(store::Store& store, const std::string& token,
                                               const std::string& now, std::int64_t generation) {
  const std::string key = auth::sha256_hex(token);
  {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it != entries_.end()) {
      const Entry& e = it->second;
      if (e.generation == generation && now < e.recheck_at && now < e.expires_at) return e.account;
      if (e.generation <= generation) entries_.erase(it);
    }
  }
  auto grant = store.find_token_grant(token, now);
  if (!grant) return std::nullopt;
  auto recheck_at = auth::utc_plus(now, kRecheck);
  if (recheck_at) {
    std::lock_guard lock(mutex_);
    if (entries_.size() >= kMaxEntries) entries_.clear();
    // A worker that looked up at an older generation does not replace a newer answer.
    auto [it, added] = entries_.try_emplace(key);
    if (added || it->second.generation <= generation) {
      it->second = {grant->account, grant->expires_at, generation, std::move(*recheck_at)};
    }
  }
  return std::move(grant->account);
}

}  // namespace atlas::server
