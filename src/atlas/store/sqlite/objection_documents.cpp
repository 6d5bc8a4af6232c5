// SqliteStore: documents attached to objections (migration 015), stored whole in the database file
// with their SHA-256, as application documents are (application_documents.cpp). Attaching follows
// answering's rule (RoundAction::kAnswerObjection): while the objection may still be answered.
#include <fmt/format.h>

#include "atlas/store/sqlite/store_impl.h"

namespace atlas::store::sqlite {

std::int64_t SqliteStore::attach_objection_document(const ObjectionDocument& document,
                                                    const std::string& content,
                                                    const Actor& actor) {
  std::int64_t id = 0;
  in_transaction([&] {
    auto& find = prepared("SELECT round_id, answer FROM objection WHERE id = ?");
    find.bind(1, document.objection_id);
    if (!find.executeStep()) {
      find.reset();
      fail(ErrorKind::kNotFound, fmt::format("no objection with id {}", document.objection_id));
    }
    auto round_id = find.getColumn(0).getInt64();
    auto answered = !find.getColumn(1).getString().empty();
    find.reset();
    check_action(existing_round(round_id), rounds::RoundAction::kAnswerObjection, actor);
    if (answered) {
      fail(ErrorKind::kRule,
           fmt::format("objection {} is answered already: nothing more can be attached to it",
                       document.objection_id));
    }
    auto& same =
        prepared("SELECT id, name FROM objection_document WHERE objection_id = ? AND sha256 = ?");
    same.bind(1, document.objection_id);
    same.bind(2, document.sha256);
    if (same.executeStep()) {
      auto message = fmt::format("{} has the same content as document {} ({}) of objection {}",
                                 document.name, same.getColumn(0).getInt64(),
                                 same.getColumn(1).getString(), document.objection_id);
      same.reset();
      fail(ErrorKind::kRule, message);
    }
    same.reset();
    auto& q = prepared(
        "INSERT INTO objection_document (objection_id, name, type, sha256, size, content, "
        "attached_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, document.objection_id);
    q.bind(2, document.name);
    q.bind(3, document.type);
    q.bind(4, document.sha256);
    q.bind(5, static_cast<std::int64_t>(content.size()));
    q.bind(6, content.data(), static_cast<int>(content.size()));
    q.bind(7, actor.at);
    q.exec();
    id = db_.getLastInsertRowid();
    audit(actor, "attach", "objection", std::to_string(document.objection_id),
          fmt::format("document {} to objection {}: {} ({}, {} bytes, sha256 {})", id,
                      document.objection_id, document.name, document.type, content.size(),
                      document.sha256),
          {std::nullopt, nlohmann::json{{"document", id},
                                        {"name", document.name},
                                        {"type", document.type},
                                        {"size", content.size()},
                                        {"sha256", document.sha256}}});
  });
  return id;
}

std::vector<ObjectionDocument> SqliteStore::objection_documents(std::int64_t objection_id) {
  auto& q = prepared(
      "SELECT id, name, type, sha256, size, attached_at FROM objection_document "
      "WHERE objection_id = ? ORDER BY id");
  q.bind(1, objection_id);
  std::vector<ObjectionDocument> out;
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getInt64(), objection_id, q.getColumn(1).getString(),
                   q.getColumn(2).getString(), q.getColumn(3).getString(),
                   q.getColumn(4).getInt64(), q.getColumn(5).getString()});
  }
  q.reset();
  return out;
}

std::optional<std::string> SqliteStore::objection_document_content(std::int64_t document_id) {
  auto& q = prepared("SELECT content FROM objection_document WHERE id = ?");
  q.bind(1, document_id);
  if (!q.executeStep()) {
    q.reset();
    return std::nullopt;
  }
  const auto& c = q.getColumn(0);
  std::string out(static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes()));
  q.reset();
  return out;
}

}  // namespace atlas::store::sqlite
