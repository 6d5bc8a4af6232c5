// The audit log as a hash chain: every entry carries the SHA-256 of the one before it, so an
// entry edited, removed or inserted by hand breaks the chain at that place. This file is the
// chain's one definition — the canonical serialisation an entry is hashed from, and the walk
// that checks a log — pure, so the store (which writes entries in the transaction of each
// change) and `audit-log verify` agree, and a person can recompute a hash in any language
// (docs/accounts-and-audit.md gives the serialisation with a Python example).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace atlas::store {

// One entry of the audit log: who (an account, or the CLI's operator with no account), when,
// from where, what (entity and key, a summary, the state before and after as JSON text) and why.
struct AuditEntry {
  std::int64_t id = 0;
  std::string at;     // UTC, YYYY-MM-DDTHH:MM:SSZ
  std::string actor;  // the account's login name, or the CLI operator's name
  std::optional<std::int64_t> account_id;
  std::string origin;  // "cli", or the client's address for the server
  std::string action, entity, entity_key, detail, reason;
  std::optional<std::string> before, after;  // JSON documents, when the change has them
  std::string prev_hash, hash;
};

// The prev_hash of the first entry: 64 zeros.
extern const std::string kChainStart;

// The bytes an entry's hash is computed over: the JSON array
//   [id, at, actor, account_id, origin, action, entity, entity_key, detail, reason, before,
//    after, prev_hash]
// with null for a missing account_id / before / after (before and after as the strings they are
// stored as), no spaces, UTF-8 not escaped — what Python's
// json.dumps(fields, ensure_ascii=False, separators=(",", ":")) writes.
std::string canonical_form(const AuditEntry& e);
// sha256_hex(canonical_form(e)): what e.hash must be.
std::string entry_hash(const AuditEntry& e);

// What verify found: how many entries it walked, and the first broken link if any.
struct ChainCheck {
  std::int64_t entries = 0;
  std::string head_hash;  // the last entry's hash (kChainStart for an empty log)
  std::optional<std::int64_t> broken_id;
  std::string broken_at;  // the broken entry's time
  std::string problem;    // what does not match, for people
};

// Walks the entries in id order, one at a time (a log of millions is never held whole): each
// must link to the hash of the entry before it (the first to kChainStart) and hash to its own
// stored hash.
class ChainWalk {
 public:
  // Checks the next entry; false once the chain is broken (at this entry or before).
  bool next(const AuditEntry& e);
  const ChainCheck& result() const { return check_; }

 private:
  ChainCheck check_{0, kChainStart, std::nullopt, "", ""};
  std::int64_t previous_id_ = 0;
};

// The same walk over entries in memory.
ChainCheck check_chain(const std::vector<AuditEntry>& entries);

}  // namespace atlas::store
