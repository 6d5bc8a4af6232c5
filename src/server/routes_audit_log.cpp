// The audit log for the administration page: a page of entries newest first, and the walk of
// its hash chain — `clusteratlas audit-log list|verify`'s use cases (app/audit_log.h). Read-only,
// as the log is: nothing here writes.
#include "atlas/app/audit_log.h"
#include "server/parameter_errors.h"
#include "server/route_groups.h"
#include "server/route_support.h"

namespace atlas::server {
namespace {

using Json = nlohmann::ordered_json;
using auth::Action;

constexpr int kDefaultLimit = 50;
constexpr int kMaxLimit = 500;

// A before or after as the document it was stored as (the store writes JSON, never a secret).
Json stored_document(const std::optional<std::string>& v) {
  if (!v) return nullptr;
  auto parsed = Json::parse(*v, nullptr, false);
  return parsed.is_discarded() ? Json(*v) : parsed;
}

Json entry_document(const store::AuditEntry& e) {
  return {{"id", e.id},
          {"at", e.at},
          {"actor", e.actor},
          {"account_id", e.account_id ? Json(*e.account_id) : Json(nullptr)},
          {"origin", e.origin},
          {"action", e.action},
          {"entity", e.entity},
          {"entity_key", e.entity_key},
          {"detail", e.detail},
          {"reason", e.reason},
          {"before", stored_document(e.before)},
          {"after", stored_document(e.after)}};
}

Reply list_entries(Call& call) {
  int limit = int_query(call, "limit", kDefaultLimit);
  if (limit < 1 || limit > kMaxLimit) {
    invalid_input("limit", "must be from 1 to " + std::to_string(kMaxLimit));
  }
  std::optional<std::int64_t> before;
  if (!call.query("before").empty()) {
    before = int_query(call, "before", 0);
    if (*before < 1) invalid_input("before", "must be an entry id, 1 or more");
  }
  app::AuditQuery query{call.query("actor"), call.query("entity"), call.query("since"),
                        call.query("until")};
  auto page = checking_parameters(
      [&] { return app::audit_page(call.db, query, before, static_cast<std::size_t>(limit)); });
  Json entries = Json::array();
  for (const auto& e : page.entries) entries.push_back(entry_document(e));
  return {200,
          {{"entries", entries},
           {"next_before", page.next_before ? Json(*page.next_before) : Json(nullptr)}},
          {}};
}

Reply verification(Call& call) {
  auto v = app::verify_audit_log(call.db);
  const auto& c = v.check;
  return {200,
          {{"ok", v.ok()},
           {"entries", c.entries},
           {"first_broken", c.broken_id ? Json(*c.broken_id) : Json(nullptr)},
           {"broken_at", c.broken_id ? Json(c.broken_at) : Json(nullptr)},
           {"problem", c.broken_id ? Json(c.problem) : Json(nullptr)},
           {"head_hash", c.head_hash},
           {"message", v.message()}},
          {}};
}

// The page's and the check's JSON Schemas, for the OpenAPI document the web page is written
// against.
const Json& page_schema() {
  static const Json schema = Json::parse(R"({
    "type": "object",
    "additionalProperties": false,
    "required": ["entries", "next_before"],
    "properties": {
      "entries": {"type": "array", "items": {
        "type": "object",
        "additionalProperties": false,
        "required": ["id", "at", "actor", "account_id", "origin", "action", "entity",
                     "entity_key", "detail", "reason", "before", "after"],
        "properties": {
          "id": {"type": "integer"},
          "at": {"type": "string", "description": "UTC, YYYY-MM-DDTHH:MM:SSZ"},
          "actor": {"type": "string", "description": "The account's login or the CLI operator"},
          "account_id": {"type": ["integer", "null"]},
          "origin": {"type": "string", "description": "cli, or the client's address"},
          "action": {"type": "string"},
          "entity": {"type": "string"},
          "entity_key": {"type": "string"},
          "detail": {"type": "string"},
          "reason": {"type": "string"},
          "before": {"description": "The state before the change, when kept"},
          "after": {"description": "The state after the change, when kept"}}}},
      "next_before": {"type": ["integer", "null"],
                      "description": "?before= of the next page; null on the last"}
    }
  })");
  return schema;
}

const Json& verification_schema() {
  static const Json schema = Json::parse(R"({
    "type": "object",
    "additionalProperties": false,
    "required": ["ok", "entries", "first_broken", "broken_at", "problem", "head_hash", "message"],
    "properties": {
      "ok": {"type": "boolean"},
      "entries": {"type": "integer", "description": "The entries that verify"},
      "first_broken": {"type": ["integer", "null"]},
      "broken_at": {"type": ["string", "null"]},
      "problem": {"type": ["string", "null"]},
      "head_hash": {"type": "string"},
      "message": {"type": "string"}
    }
  })");
  return schema;
}

}  // namespace

void add_audit_log_routes(RouteTable& t) {
  t.add({"GET",
         "/api/v1/audit-log",
         Action::kReadAuditLog,
         programme_wide(),
         {"Audit-log entries newest first, a page at a time (as `audit-log list`): ?limit= "
          "(1–500, 50), ?before= the next_before of the previous page",
          "audit-log",
          "",
          page_schema(),
          nullptr,
          {"limit", "before", "actor", "entity", "since", "until"}},
         list_entries});
  t.add({"GET",
         "/api/v1/audit-log/verification",
         Action::kReadAuditLog,
         programme_wide(),
         {"Walk the audit log's hash chain (as `audit-log verify`): ok, or the first broken "
          "entry",
          "audit-log", "", verification_schema()},
         verification});
}

}  // namespace atlas::server
