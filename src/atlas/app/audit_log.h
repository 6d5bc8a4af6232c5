// The audit log as `clusteratlas audit-log list|verify` and /api/v1/audit-log read it: entries
// filtered by who, what and when, a page of them newest first, and the walk of the hash chain
// with what it found said for people. Read-only: the store offers no way to change the log.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "atlas/app/database.h"

namespace atlas::app {

// A time bound as people type it: a date YYYY-MM-DD or a UTC time YYYY-MM-DDTHH:MM:SSZ; nullopt
// for an empty one. Throws kUsage naming `field` for anything else.
std::optional<std::string> audit_time_bound(const std::string& value, const std::string& field);

// Which entries: each given filter must match (store::AuditFilter, the times as typed).
struct AuditQuery {
  std::string actor, entity, since, until;  // empty: not given
};
store::AuditFilter audit_filter(const AuditQuery& query, const std::string& since_field = "since",
                                const std::string& until_field = "until");

// Every matching entry, oldest first.
std::vector<store::AuditEntry> audit_entries(const Database& db, const AuditQuery& query);

// At most `limit` matching entries with ids below `before` (none: from the newest), newest
// first, and the id to ask `before` for the next page (none: this is the last).
struct AuditPage {
  std::vector<store::AuditEntry> entries;
  std::optional<std::int64_t> next_before;
};
AuditPage audit_page(const Database& db, const AuditQuery& query,
                     std::optional<std::int64_t> before, std::size_t limit);

// The chain walked (store::Store::verify_audit_chain), and what it found in one sentence:
// "audit log verified: N entries, head H", or "the audit log is broken at entry I (time): what;
// the N entries before it verify".
struct AuditVerification {
  store::ChainCheck check;
  bool ok() const { return !check.broken_id.has_value(); }
  std::string message() const;
};
AuditVerification verify_audit_log(const Database& db);

}  // namespace atlas::app
