// SqlStore: the audit log, appended in the transaction of every change (audit_log.h).
#include "atlas/store/sql/audit_log.h"

#include <fmt/format.h>

#include "atlas/store/sql/store_impl.h"

namespace atlas::store::sql {
namespace {

constexpr const char* kColumns =
    "id, at, actor, account_id, origin, action, entity, entity_key, detail, reason, before, "
    "after, prev_hash, hash";

std::optional<std::string> optional_text(const sql::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

AuditEntry read_entry(sql::Statement& q) {
  AuditEntry e;
  e.id = q.getColumn(0).getInt64();
  e.at = q.getColumn(1).getString();
  e.actor = q.getColumn(2).getString();
  if (!q.getColumn(3).isNull()) e.account_id = q.getColumn(3).getInt64();
  e.origin = q.getColumn(4).getString();
  e.action = q.getColumn(5).getString();
  e.entity = q.getColumn(6).getString();
  e.entity_key = q.getColumn(7).getString();
  e.detail = q.getColumn(8).getString();
  e.reason = q.getColumn(9).getString();
  e.before = optional_text(q.getColumn(10));
  e.after = optional_text(q.getColumn(11));
  e.prev_hash = q.getColumn(12).getString();
  e.hash = q.getColumn(13).getString();
  return e;
}

// A time bound for people: a bare date means the start of that day (since) or its end (until).
std::string bound(const std::string& t, bool until) {
  if (t.size() == 10) return t + (until ? "T23:59:59Z" : "T00:00:00Z");
  return t;
}

// Gives `e` the next id after `head` (the last entry's id and hash; none for an empty log),
// links it to that entry and hashes it.
void link_entry(const std::optional<std::pair<std::int64_t, std::string>>& head, AuditEntry& e) {
  e.id = head ? head->first + 1 : 1;
  e.prev_hash = head ? head->second : std::string(kChainStart);
  e.hash = entry_hash(e);
}

// Binds every column of `e`, in kColumns' order, from parameter `first`.
void bind_entry(sql::Statement& q, const AuditEntry& e, int first) {
  int i = first;
  q.bind(i++, e.id);
  q.bind(i++, e.at);
  q.bind(i++, e.actor);
  if (e.account_id) {
    q.bind(i++, *e.account_id);
  } else {
    q.bind(i++);
  }
  q.bind(i++, e.origin);
  q.bind(i++, e.action);
  q.bind(i++, e.entity);
  q.bind(i++, e.entity_key);
  q.bind(i++, e.detail);
  q.bind(i++, e.reason);
  for (const auto* text : {&e.before, &e.after}) {
    if (*text) {
      q.bind(i++, **text);
    } else {
      q.bind(i++);
    }
  }
  q.bind(i++, e.prev_hash);
  q.bind(i++, e.hash);
}

}  // namespace

void each_entry(sql::Connection& db, const AuditFilter& filter,
                const std::function<bool(const AuditEntry&)>& entry) {
  std::string where = "1 = 1";  // a boolean: PostgreSQL refuses `WHERE 1`
  std::vector<std::string> params;
  auto add = [&](const std::optional<std::string>& value, const char* clause) {
    if (!value) return;
    where += clause;
    params.push_back(*value);
  };
  // Only the times are bounds: a 10-character actor (demo-admin) is a name, not a date.
  add(filter.actor, " AND actor = ?");
  add(filter.entity, " AND entity = ?");
  add(filter.since ? std::optional(bound(*filter.since, false)) : std::nullopt, " AND at >= ?");
  add(filter.until ? std::optional(bound(*filter.until, true)) : std::nullopt, " AND at <= ?");
  auto q =
      db.statement(fmt::format("SELECT {} FROM audit_log WHERE {} ORDER BY id", kColumns, where),
                   sql::Rows::kMany);
  for (std::size_t i = 0; i < params.size(); ++i) q->bind(static_cast<int>(i + 1), params[i]);
  while (q->executeStep()) {
    if (!entry(read_entry(*q))) break;
  }
}

void chain_unchained_rows(sql::Connection& db) {
  std::string previous = kChainStart;
  auto q =
      db.statement(fmt::format("SELECT {} FROM audit_log ORDER BY id", kColumns), sql::Rows::kMany);
  auto u = db.statement("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?");
  while (q->executeStep()) {
    AuditEntry e = read_entry(*q);
    if (e.hash.empty()) {
      e.prev_hash = previous;
      e.hash = entry_hash(e);
      u->bind(1, e.prev_hash);
      u->bind(2, e.hash);
      u->bind(3, e.id);
      u->exec();
      u->reset();
    }
    previous = e.hash;
  }
}

AuditEntry SqlStore::audit_entry(const Actor& actor, std::string_view action,
                                 std::string_view entity, const std::string& key,
                                 const std::string& detail, const AuditChange& change) {
  AuditEntry e;
  e.at = actor.at;
  e.actor = actor.name;
  e.account_id = actor.account_id;
  e.origin = actor.origin;
  e.action = action;
  e.entity = entity;
  e.entity_key = key;
  e.detail = detail;
  e.reason = change.reason.empty() ? actor.reason : change.reason;
  // Text the store was given is UTF-8; a stray byte is replaced rather than losing the change.
  auto text = [](const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  };
  if (change.before) e.before = text(*change.before);
  if (change.after) e.after = text(*change.after);
  return e;
}

void SqlStore::append_audit(std::vector<AuditEntry>& entries) {
  if (!audit_head_) {
    auto& head = prepared("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
    if (head.executeStep())
      audit_head_.emplace(head.getColumn(0).getInt64(), head.getColumn(1).getString());
    head.reset();
  }
  for (auto& e : entries) {
    link_entry(audit_head_, e);
    audit_head_.emplace(e.id, e.hash);
  }
  insert_rows(
      fmt::format("audit_log ({})", kColumns), entries.size(),
      [&](sql::Statement& q, std::size_t row, int first) { bind_entry(q, entries[row], first); });
}

void SqlStore::audit(const Actor& actor, std::string_view action, std::string_view entity,
                     const std::string& key, const std::string& detail, const AuditChange& change) {
  std::vector<AuditEntry> one{audit_entry(actor, action, entity, key, detail, change)};
  // Every change audits inside its own transaction already; alone, it makes one.
  if (depth_ > 0) {
    append_audit(one);
  } else {
    in_transaction([&] { append_audit(one); });
  }
}

std::vector<AuditEntry> SqlStore::audit_entries(const AuditFilter& filter) {
  std::vector<AuditEntry> out;
  each_entry(db_, filter, [&](const AuditEntry& e) {
    out.push_back(e);
    return true;
  });
  return out;
}

ChainCheck SqlStore::verify_audit_chain() {
  ChainWalk walk;
  each_entry(db_, {}, [&](const AuditEntry& e) { return walk.next(e); });
  return walk.result();
}

std::int64_t SqlStore::latest_change() {
  auto& q = prepared("SELECT coalesce(max(id), 0) FROM audit_log");
  q.executeStep();
  const auto id = q.getColumn(0).getInt64();
  q.reset();
  return id;
}

}  // namespace atlas::store::sql
