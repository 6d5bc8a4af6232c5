// SqlStore: documents attached to objections (migration 015), stored whole in the database file
// with their SHA-256, in a table of the application documents' shape (application_documents.cpp
// writes and reads both). Attaching follows answering's rule (RoundAction::kAnswerObjection):
// while the objection may still be answered.
#include <fmt/format.h>

#include "atlas/store/sql/store_impl.h"

namespace atlas::store::sql {

std::int64_t SqlStore::attach_objection_document(const ObjectionDocument& document,
                                                 const std::string& content, const Actor& actor) {
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
    ApplicationDocument row{
        0, document.objection_id, document.name, document.type, document.sha256, 0, ""};
    id = insert_document("objection", document.objection_id, row, content, actor);
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

std::vector<ObjectionDocument> SqlStore::objection_documents(std::int64_t objection_id) {
  std::vector<ObjectionDocument> out;
  for (auto& d : document_rows("objection", objection_id)) {
    out.push_back({d.id, objection_id, std::move(d.name), std::move(d.type), std::move(d.sha256),
                   d.size, std::move(d.attached_at)});
  }
  return out;
}

std::optional<std::string> SqlStore::objection_document_content(std::int64_t document_id) {
  return document_bytes("objection", document_id);
}

}  // namespace atlas::store::sql
