#include "atlas/app/audit_log.h"

#include <algorithm>

#include <fmt/format.h>

#include "atlas/core/date.h"
#include "atlas/core/error.h"

namespace atlas::app {

std::optional<std::string> audit_time_bound(const std::string& value, const std::string& field) {
  if (value.empty()) return std::nullopt;
  const bool is_date = value.size() == 10;
  const bool is_time = value.size() == 20 && value[10] == 'T' && value.back() == 'Z';
  if (!(is_date || is_time) || date::problem(value.substr(0, 10))) {
    throw Error(
        ErrorKind::kUsage,
        fmt::format("'{}' is not a date (2026-12-04) or a UTC time (2026-12-04T08:30:00Z)", value),
        {"", 0, "", field});
  }
  return value;
}

store::AuditFilter audit_filter(const AuditQuery& query, const std::string& since_field,
                                const std::string& until_field) {
  store::AuditFilter filter;
  if (!query.actor.empty()) filter.actor = query.actor;
  if (!query.entity.empty()) filter.entity = query.entity;
  filter.since = audit_time_bound(query.since, since_field);
  filter.until = audit_time_bound(query.until, until_field);
  return filter;
}

std::vector<store::AuditEntry> audit_entries(const Database& db, const AuditQuery& query) {
  return db.store().audit_entries(audit_filter(query));
}

AuditPage audit_page(const Database& db, const AuditQuery& query,
                     std::optional<std::int64_t> before, std::size_t limit) {
  // The store reads the log oldest first and whole (store.h has no page of it); the page is cut
  // here from the end.
  auto all = audit_entries(db, query);
  auto end = all.end();
  if (before) {
    end = std::lower_bound(all.begin(), all.end(), *before,
                           [](const store::AuditEntry& e, std::int64_t id) { return e.id < id; });
  }
  const auto available = static_cast<std::size_t>(end - all.begin());
  const auto take = std::min(limit, available);
  AuditPage page;
  page.entries.assign(std::make_reverse_iterator(end),
                      std::make_reverse_iterator(end - static_cast<std::ptrdiff_t>(take)));
  if (take < available && !page.entries.empty()) page.next_before = page.entries.back().id;
  return page;
}

std::string AuditVerification::message() const {
  if (check.broken_id) {
    return fmt::format(
        "the audit log is broken at entry {} ({}): {}; the {} entries before it verify",
        *check.broken_id, check.broken_at, check.problem, check.entries);
  }
  return fmt::format("audit log verified: {} entries, head {}", check.entries, check.head_hash);
}

AuditVerification verify_audit_log(const Database& db) {
  return {db.store().verify_audit_chain()};
}

}  // namespace atlas::app
