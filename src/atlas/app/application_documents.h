// An application's documents (申报书, 证明材料) and what its reviewers read, as the shells offer
// them (`application attach|documents|download`, the API's uploads and downloads): a document is
// checked by its content when it is attached, and its bytes are checked against the SHA-256
// recorded then each time they are read back, so a copy changed inside the database is refused
// rather than handed to an expert as the applicant's.
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "atlas/app/database.h"
#include "atlas/ingest/document_type.h"
#include "atlas/report/table.h"

namespace atlas::app {

// A file read and checked by its content, ready to attach.
struct ReadDocument {
  ingest::CheckedDocument checked;
  std::string content;
};
// Checks the file at `path`, which the user calls `name`, by its content (ingest::check_document;
// kBadInput) and reads it.
ReadDocument read_document(const std::string& path, const std::string& name);

// Checks the file by its content (ingest/document_type.h) and attaches it to the application.
// `name` is what the user calls it (the path given, or an upload's file name).
store::ApplicationDocument attach_document(const Database& db, std::int64_t application_id,
                                           const std::string& path, const std::string& name,
                                           const store::Actor& actor);
// The same for a document checked already, with its bytes (an upload the server read).
store::ApplicationDocument attach_document(const Database& db, std::int64_t application_id,
                                           const ingest::CheckedDocument& checked,
                                           const std::string& content, const store::Actor& actor);
report::Table document_list(const Database& db, std::int64_t application_id);

// Attached documents as `application documents` and `notice documents` list them: id, name,
// type, size, SHA-256 and when attached (store::ApplicationDocument, store::ObjectionDocument).
template <class Documents>
report::Table documents_table(const Documents& documents) {
  report::Table t;
  t.columns = {
      {"id", "ID", -1, true, 1, false}, {"name", "文件名"},    {"type", "类型"},
      {"size", "字节", -1, true},       {"sha256", "SHA-256"}, {"attached_at", "上传时间"}};
  for (const auto& d : documents)
    t.add_row({d.id, d.name, d.type, d.size, d.sha256, d.attached_at});
  return t;
}

struct DocumentFile {
  // An objection's document (objection_documents.h) comes as one too: its application_id is the
  // application objected to.
  store::ApplicationDocument document;
  std::string content;
  std::string media_type;  // application/pdf, …: what a download is sent as
};

// Document `document_id` of application `application_id`, its bytes as attached. Throws kNotFound
// for an unknown application or a document that is not the application's, kStore when the stored
// bytes no longer match their size or SHA-256.
DocumentFile document_file(const Database& db, std::int64_t application_id,
                           std::int64_t document_id);

// `document` with `content`, its stored bytes, once they are checked against the size and SHA-256
// recorded when it was attached: kStore when they differ (the database was changed outside
// ClusterAtlas), naming the document as `whose` ("document 7 (申报书.pdf) of application 3").
// Shared by every kind of attached document, so that none is handed out unchecked.
DocumentFile checked_document_file(store::ApplicationDocument document, std::string content,
                                   const std::string& whose);

// What an assigned expert reads of an application (the API's review copy): the proposed
// cluster, the figures it reports and its documents — not the zone's contact, the province's
// ranking and opinion or the history of returns, which are not the expert's to weigh.
nlohmann::ordered_json review_copy(const Database& db, std::int64_t application_id);

}  // namespace atlas::app
