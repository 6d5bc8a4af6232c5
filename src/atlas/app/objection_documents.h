// The documents attached to an objection during the public notice (异议材料: the objector's
// evidence), as the shells offer them (`notice object --attach`, `notice attach|documents|
// download`, the API's uploads and downloads). The same design as an application's documents
// (application_documents.h): checked by their content when attached, their bytes checked against
// the SHA-256 recorded then each time they are read back.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "atlas/app/application_documents.h"
#include "atlas/app/database.h"
#include "atlas/app/round_decision.h"
#include "atlas/ingest/document_type.h"
#include "atlas/report/table.h"
#include "atlas/store/round_reviews.h"

namespace atlas::app {

// Records an objection and attaches `files` (paths, each checked by its content first) to it in
// one transaction: the objection and its files are stored together or not at all.
std::int64_t object(const Database& db, const ObjectionEntry& entry,
                    const std::vector<std::string>& files, const store::Actor& actor);

// Attaches a document to an objection while it may still be answered
// (store::RoundReviews::attach_objection_document).
store::ObjectionDocument attach_objection_document(const Database& db, std::int64_t objection_id,
                                                   const std::string& path, const std::string& name,
                                                   const store::Actor& actor);
// The same for a document checked already, with its bytes (an upload the server read).
store::ObjectionDocument attach_objection_document(const Database& db, std::int64_t objection_id,
                                                   const ingest::CheckedDocument& checked,
                                                   const std::string& content,
                                                   const store::Actor& actor);

// id, name, type, size, sha256, attached at: the columns of an application's documents
// (document_list). kNotFound for an unknown objection.
report::Table objection_document_list(const Database& db, std::int64_t objection_id);

// Document `document_id` of objection `objection_id`, its bytes as attached (checked as
// document_file checks an application's). kNotFound for an unknown objection or a document that
// is not the objection's, kStore when the stored bytes no longer match their size or SHA-256.
DocumentFile objection_document_file(const Database& db, std::int64_t objection_id,
                                     std::int64_t document_id);

}  // namespace atlas::app
