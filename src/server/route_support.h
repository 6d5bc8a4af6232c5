// What the route groups share: a listing as its `--format json` prints it, path and query
// parameters, the account document, and small JSON Schemas for the OpenAPI document.
#pragma once
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "atlas/app/application_documents.h"
#include "atlas/report/table.h"
#include "server/routes.h"

namespace atlas::server {

// A listing as its `--format json` prints it, with the synthetic-data notice when the data set is
// the demo (every result on it says so).
nlohmann::ordered_json listing(const Call& call, report::Table t);

// The id in the path parameter `name`; kNotFound "no <what> <text>" when it is not an id (a 404,
// as an id that names nothing).
std::int64_t path_id(const Call& call, const std::string& name, const std::string& what);

// The integer query parameter `name`, `fallback` when absent; a 422 naming it when not an integer.
int int_query(const Call& call, const std::string& name, int fallback);

nlohmann::ordered_json account_document(const store::Account& a);

// The bytes `write` puts in a file named `name` (an XLSX, a PDF: writers that take a path), in a
// private temporary directory removed whatever happens.
std::string bytes_written(const std::string& name,
                          const std::function<void(const std::string& path)>& write);

// A Content-Disposition for a download: `ascii` for old clients, `utf8` (RFC 5987) for the rest.
std::string attachment_disposition(const std::string& ascii, const std::string& utf8);

// An application's document sent as it was attached: its media type, its own name, its SHA-256
// as the ETag, and no sniffing (a browser must not run what a zone uploaded).
Reply document_download(const app::DocumentFile& f);
// How a route answering document_download is documented.
RouteDoc document_download_doc();
// How a document upload (a PDF, DOCX or XLSX, answered 201 with its id, name, type, size and
// SHA-256) is documented, `summary` saying to what it is attached.
RouteDoc document_upload_doc(const std::string& summary);
// Its answer: 201 with the stored document's id, name, type, size and SHA-256.
template <class Document>
Reply document_attached(const Document& d) {
  return {201,
          {{"document", d.id},
           {"name", d.name},
           {"type", d.type},
           {"size", d.size},
           {"sha256", d.sha256}},
          {}};
}

// {"type": "object", "properties": {name: {"type": type}…}, "required": […]}
nlohmann::ordered_json object_schema(
    std::initializer_list<std::pair<const char*, const char*>> fields,
    std::initializer_list<const char*> required);

// `doc` with its reply kept until the data changes (RouteDoc::cached).
inline RouteDoc cached(RouteDoc doc) {
  doc.cached = true;
  return doc;
}

}  // namespace atlas::server
