#include "atlas/store/audit_chain.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "atlas/auth/secrets.h"

namespace atlas::store {

const std::string kChainStart(64, '0');

std::string canonical_form(const AuditEntry& e) {
  auto optional = [](const auto& v) -> nlohmann::json {
    if (v) return *v;
    return nullptr;
  };
  nlohmann::json fields = nlohmann::json::array(
      {e.id, e.at, e.actor, optional(e.account_id), e.origin, e.action, e.entity, e.entity_key,
       e.detail, e.reason, optional(e.before), optional(e.after), e.prev_hash});
  // Invalid UTF-8 (never written by the store, but a hand-edited row may have it) is replaced,
  // not thrown on: verify must report the entry, not stop.
  return fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string entry_hash(const AuditEntry& e) {
  return auth::sha256_hex(canonical_form(e));
}

ChainCheck check_chain(const std::vector<AuditEntry>& entries) {
  ChainCheck check;
  std::string previous = kChainStart;
  std::int64_t previous_id = 0;
  for (const auto& e : entries) {
    auto broken = [&](std::string problem) {
      check.broken_id = e.id;
      check.broken_at = e.at;
      check.problem = std::move(problem);
    };
    if (e.prev_hash != previous) {
      broken(previous_id == 0
                 ? fmt::format("it is the first entry but its prev_hash is {}, not {} (entries "
                               "before it were removed)",
                               e.prev_hash, kChainStart)
                 : fmt::format("its prev_hash {} is not the hash of entry {} ({}): an entry "
                               "between them was removed or entry {} was replaced",
                               e.prev_hash, previous_id, previous, previous_id));
      return check;
    }
    auto recomputed = entry_hash(e);
    if (recomputed != e.hash) {
      broken(
          fmt::format("its fields hash to {}, not to its stored hash {}: the entry was changed "
                      "after it was written",
                      recomputed, e.hash));
      return check;
    }
    previous = e.hash;
    previous_id = e.id;
    ++check.entries;
  }
  check.head_hash = previous;
  return check;
}

}  // namespace atlas::store
