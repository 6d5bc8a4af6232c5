// SqlStore: documents attached to applications (migration 012) and to objections (015),
// stored whole in the database file so that a copy of the file is a copy of everything, with
// their SHA-256. The two tables have one shape, written and read by the helpers below.
#include <fmt/format.h>

#include "atlas/store/sql/store_impl.h"

namespace atlas::store::sql {

std::int64_t SqlStore::insert_document(const std::string& owner, std::int64_t owner_id,
                                       const ApplicationDocument& document,
                                       const std::string& content, const Actor& actor) {
  const std::string table = owner + "_document", column = owner + "_id";
  auto& same =
      prepared(fmt::format("SELECT id, name FROM {} WHERE {} = ? AND sha256 = ?", table, column));
  same.bind(1, owner_id);
  same.bind(2, document.sha256);
  if (same.executeStep()) {
    auto message =
        fmt::format("{} has the same content as document {} ({}) of {} {}", document.name,
                    same.getColumn(0).getInt64(), same.getColumn(1).getString(), owner, owner_id);
    same.reset();
    fail(ErrorKind::kRule, message);
  }
  same.reset();
  auto& q =
      prepared(fmt::format("INSERT INTO {} ({}, name, type, sha256, size, content, attached_at) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                           table, column));
  q.bind(1, owner_id);
  q.bind(2, document.name);
  q.bind(3, document.type);
  q.bind(4, document.sha256);
  q.bind(5, static_cast<std::int64_t>(content.size()));
  q.bind(6, content.data(), static_cast<int>(content.size()));
  q.bind(7, actor.at);
  return q.returning_id();
}

std::vector<ApplicationDocument> SqlStore::document_rows(const std::string& owner,
                                                         std::int64_t owner_id) {
  auto& q = prepared(fmt::format(
      "SELECT id, name, type, sha256, size, attached_at FROM {}_document WHERE {}_id = ? "
      "ORDER BY id",
      owner, owner));
  q.bind(1, owner_id);
  std::vector<ApplicationDocument> out;
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getInt64(), owner_id, q.getColumn(1).getString(),
                   q.getColumn(2).getString(), q.getColumn(3).getString(),
                   q.getColumn(4).getInt64(), q.getColumn(5).getString()});
  }
  q.reset();
  return out;
}

std::optional<std::string> SqlStore::document_bytes(const std::string& owner,
                                                    std::int64_t document_id) {
  auto& q = prepared(fmt::format("SELECT content FROM {}_document WHERE id = ?", owner));
  q.bind(1, document_id);
  std::optional<std::string> out;
  if (q.executeStep()) out.emplace(q.getColumn(0).getBlob());
  q.reset();
  return out;
}

std::int64_t SqlStore::attach_document(const ApplicationDocument& document,
                                       const std::string& content, const Actor& actor) {
  std::int64_t id = 0;
  in_transaction([&] {
    auto a = existing_application(document.application_id);
    check_action(existing_round(a.round_id), rounds::RoundAction::kSubmitApplication, actor);
    id = insert_document("application", a.id, document, content, actor);
    audit(actor, "attach", "application", std::to_string(a.id),
          fmt::format("{} ({}, {} bytes, sha256 {})", document.name, document.type, content.size(),
                      document.sha256));
  });
  return id;
}

std::vector<ApplicationDocument> SqlStore::documents(std::int64_t application_id) {
  return document_rows("application", application_id);
}

std::optional<std::string> SqlStore::document_content(std::int64_t document_id) {
  return document_bytes("application", document_id);
}

}  // namespace atlas::store::sql
