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

bool ChainWalk::next(const AuditEntry& e) {
  if (check_.broken_id) return false;
  auto broken = [&](std::string problem) {
    check_.broken_id = e.id;
    check_.broken_at = e.at;
    check_.problem = std::move(problem);
    return false;
  };
  const std::string& previous = check_.head_hash;
  if (e.prev_hash != previous) {
    return broken(previous_id_ == 0
                      ? fmt::format("it is the first entry but its prev_hash is {}, not {} "
                                    "(entries before it were removed)",
                                    e.prev_hash, kChainStart)
                      : fmt::format("its prev_hash {} is not the hash of entry {} ({}): an entry "
                                    "between them was removed or entry {} was replaced",
                                    e.prev_hash, previous_id_, previous, previous_id_));
  }
  auto recomputed = entry_hash(e);
  if (recomputed != e.hash) {
    return broken(
        fmt::format("its fields hash to {}, not to its stored hash {}: the entry was "
                    "changed after it was written",
                    recomputed, e.hash));
  }
  check_.head_hash = e.hash;
  previous_id_ = e.id;
  ++check_.entries;
  return true;
}

ChainCheck check_chain(const std::vector<AuditEntry>& entries) {
  ChainWalk walk;
  for (const auto& e : entries) {
    if (!walk.next(e)) break;
  }
  return walk.result();
}

}  // namespace atlas::store
