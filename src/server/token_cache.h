// API tokens the server has checked, so that a script's request is not two look-ups (the token,
// its account) and their read transactions before its answer. An answer is kept for the data's
// generation it was looked up at — Store::latest_change(), the newest audit entry — and used only
// while the generation is unchanged: revoking a token, disabling its account, changing the
// account's role, scope or password each writes an audit entry in its own transaction, from this
// server or any other process (the CLI), so the first request after such a change finds the
// generation moved and looks the token up again; the store's tests hold every such change to that
// (accounts_test.cpp). The expiry is compared on every request. An answer older than a minute is
// looked up again too: that records the token's use (at most once a minute, as the store does) and
// bounds to a minute what a change made outside ClusterAtlas (SQL by hand, no audit entry) takes
// to be seen. Keyed by the token's SHA-256: the clear token is not kept. Shared by the workers.
#pragma once
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "atlas/store/store.h"

namespace atlas::server {

class TokenCache {
 public:
  // Tokens kept at most (a full cache starts again empty); only valid tokens are kept.
  static constexpr std::size_t kMaxEntries = 1024;
  // How long an answer is used before the token is looked up (and its use recorded) again.
  static constexpr std::chrono::seconds kRecheck{60};

  // The account of `token` when it is valid at `now` (UTC, as date::now_utc()), nullopt when it
  // is unknown, expired or revoked or its account disabled. `generation` is latest_change(),
  // read before this call: a kept answer serves only that generation.
  std::optional<store::Account> find(store::Store& store, const std::string& token,
                                     const std::string& now, std::int64_t generation);

 private:
  struct Entry {
    store::Account account;
    std::string expires_at;  // refused from this second on
    std::int64_t generation = 0;
    std::string recheck_at;  // looked up again from this second on
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;  // by the token's SHA-256
};

}  // namespace atlas::server
