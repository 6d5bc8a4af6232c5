#include "atlas/app/objection_documents.h"

#include <fmt/format.h>

#include "atlas/core/error.h"

namespace atlas::app {
namespace {

store::Objection existing_objection(const Database& db, std::int64_t objection_id) {
  auto o = db.store().round_reviews().objection(objection_id);
  if (!o) throw Error(ErrorKind::kNotFound, fmt::format("no objection with id {}", objection_id));
  return *o;
}

}  // namespace

std::int64_t object(const Database& db, const ObjectionEntry& entry,
                    const std::vector<std::string>& files, const store::Actor& actor) {
  // Every file is checked before anything is written.
  std::vector<ReadDocument> read;
  for (const auto& path : files) read.push_back(read_document(path, path));
  std::int64_t id = 0;
  db.store().in_transaction([&] {
    id = object(db, entry, actor);
    for (const auto& d : read) attach_objection_document(db, id, d.checked, d.content, actor);
  });
  return id;
}

store::ObjectionDocument attach_objection_document(const Database& db, std::int64_t objection_id,
                                                   const std::string& path, const std::string& name,
                                                   const store::Actor& actor) {
  auto d = read_document(path, name);
  return attach_objection_document(db, objection_id, d.checked, d.content, actor);
}

store::ObjectionDocument attach_objection_document(const Database& db, std::int64_t objection_id,
                                                   const ingest::CheckedDocument& checked,
                                                   const std::string& content,
                                                   const store::Actor& actor) {
  store::ObjectionDocument d;
  d.objection_id = objection_id;
  d.name = checked.name;
  d.type = std::string(ingest::document_type_key(checked.type));
  d.sha256 = checked.sha256;
  d.size = static_cast<std::int64_t>(checked.size);
  d.id = db.store().round_reviews().attach_objection_document(d, content, actor);
  return d;
}

report::Table objection_document_list(const Database& db, std::int64_t objection_id) {
  existing_objection(db, objection_id);
  return documents_table(db.store().round_reviews().objection_documents(objection_id));
}

DocumentFile objection_document_file(const Database& db, std::int64_t objection_id,
                                     std::int64_t document_id) {
  auto o = existing_objection(db, objection_id);
  auto& reviews = db.store().round_reviews();
  for (const auto& d : reviews.objection_documents(objection_id)) {
    if (d.id != document_id) continue;
    auto content = reviews.objection_document_content(document_id);
    if (!content) break;
    store::ApplicationDocument as_file{d.id,     o.application_id, d.name,       d.type,
                                       d.sha256, d.size,           d.attached_at};
    return checked_document_file(
        std::move(as_file), std::move(*content),
        fmt::format("document {} ({}) of objection {}", document_id, d.name, objection_id));
  }
  throw Error(ErrorKind::kNotFound,
              fmt::format("objection {} has no document {} (notice documents {} lists its "
                          "documents)",
                          objection_id, document_id, objection_id));
}

}  // namespace atlas::app
