// SqliteStore: documents attached to applications (migration 012), stored whole in the database
// file so that a copy of the file is a copy of everything, with their SHA-256.
#include <fmt/format.h>

#include "atlas/store/sqlite/store_impl.h"

namespace atlas::store::sqlite {

std::int64_t SqliteStore::attach_document(const ApplicationDocument& document,
                                          const std::string& content, const Actor& actor) {
  std::int64_t id = 0;
  in_transaction([&] {
    auto a = existing_application(document.application_id);
    check_action(existing_round(a.round_id), rounds::RoundAction::kSubmitApplication, actor);
    auto& same = prepared(
        "SELECT id, name FROM application_document WHERE application_id = ? AND sha256 = ?");
    same.bind(1, a.id);
    same.bind(2, document.sha256);
    if (same.executeStep()) {
      fail(ErrorKind::kRule,
           fmt::format("{} has the same content as document {} ({}) of application {}",
                       document.name, same.getColumn(0).getInt64(), same.getColumn(1).getString(),
                       a.id));
    }
    same.reset();
    auto& q = prepared(
        "INSERT INTO application_document (application_id, name, type, sha256, size, content, "
        "attached_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, a.id);
    q.bind(2, document.name);
    q.bind(3, document.type);
    q.bind(4, document.sha256);
    q.bind(5, static_cast<std::int64_t>(content.size()));
    q.bind(6, content.data(), static_cast<int>(content.size()));
    q.bind(7, actor.at);
    q.exec();
    id = db_.getLastInsertRowid();
    audit(actor, "attach", "application", std::to_string(a.id),
          fmt::format("{} ({}, {} bytes, sha256 {})", document.name, document.type, content.size(),
                      document.sha256));
  });
  return id;
}

std::vector<ApplicationDocument> SqliteStore::documents(std::int64_t application_id) {
  auto& q = prepared(
      "SELECT id, name, type, sha256, size, attached_at FROM application_document "
      "WHERE application_id = ? ORDER BY id");
  q.bind(1, application_id);
  std::vector<ApplicationDocument> out;
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getInt64(), application_id, q.getColumn(1).getString(),
                   q.getColumn(2).getString(), q.getColumn(3).getString(),
                   q.getColumn(4).getInt64(), q.getColumn(5).getString()});
  }
  q.reset();
  return out;
}

std::optional<std::string> SqliteStore::document_content(std::int64_t document_id) {
  auto& q = prepared("SELECT content FROM application_document WHERE id = ?");
  q.bind(1, document_id);
  if (!q.executeStep()) return std::nullopt;
  const auto& c = q.getColumn(0);
  std::string out(static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes()));
  q.reset();
  return out;
}

}  // namespace atlas::store::sqlite
