#include "atlas/app/application_documents.h"

#include <fmt/format.h>

#include <fstream>
#include <iterator>

#include "atlas/auth/secrets.h"
#include "atlas/core/error.h"
#include "atlas/store/round_reviews.h"

namespace atlas::app {
namespace {

rounds::Application existing_application(const Database& db, std::int64_t application_id) {
  auto a = db.store().application(application_id);
  if (!a) {
    throw Error(ErrorKind::kNotFound, fmt::format("no application with id {}", application_id));
  }
  return *a;
}

std::string media_type(const std::string& type) {
  if (type == "pdf") return "application/pdf";
  if (type == "docx")
    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}

}  // namespace

ReadDocument read_document(const std::string& path, const std::string& name) {
  ReadDocument d;
  d.checked = ingest::check_document(path, name);
  std::ifstream in(path, std::ios::binary);
  d.content.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (d.content.size() != d.checked.size) {
    throw Error(ErrorKind::kBadInput, "the file changed while it was read", {name, 0, "", ""});
  }
  return d;
}

store::ApplicationDocument attach_document(const Database& db, std::int64_t application_id,
                                           const std::string& path, const std::string& name,
                                           const store::Actor& actor) {
  auto d = read_document(path, name);
  return attach_document(db, application_id, d.checked, d.content, actor);
}

store::ApplicationDocument attach_document(const Database& db, std::int64_t application_id,
                                           const ingest::CheckedDocument& checked,
                                           const std::string& content, const store::Actor& actor) {
  store::ApplicationDocument d;
  d.application_id = application_id;
  d.name = checked.name;
  d.type = std::string(ingest::document_type_key(checked.type));
  d.sha256 = checked.sha256;
  d.size = static_cast<std::int64_t>(checked.size);
  d.id = db.store().attach_document(d, content, actor);
  return d;
}

report::Table document_list(const Database& db, std::int64_t application_id) {
  existing_application(db, application_id);
  return documents_table(db.store().documents(application_id));
}

DocumentFile document_file(const Database& db, std::int64_t application_id,
                           std::int64_t document_id) {
  existing_application(db, application_id);
  DocumentFile f;  // its document, once found
  bool found = false;
  for (auto& d : db.store().documents(application_id)) {
    if (d.id == document_id) {
      f.document = std::move(d);
      found = true;
    }
  }
  auto content = found ? db.store().document_content(document_id) : std::nullopt;
  if (!content) {
    throw Error(ErrorKind::kNotFound,
                fmt::format("application {} has no document {} (application documents {} lists "
                            "its documents)",
                            application_id, document_id, application_id));
  }
  auto whose = fmt::format("document {} ({}) of application {}", document_id, f.document.name,
                           application_id);
  return checked_document_file(std::move(f.document), std::move(*content), whose);
}

DocumentFile checked_document_file(store::ApplicationDocument document, std::string content,
                                   const std::string& whose) {
  // What a reader gets must be what was attached: a copy changed in the database since is
  // refused, not passed on.
  if (static_cast<std::int64_t>(content.size()) != document.size ||
      auth::sha256_hex(content) != document.sha256) {
    throw Error(ErrorKind::kStore,
                fmt::format("{} no longer matches the size and SHA-256 recorded when it was "
                            "attached: the database was changed outside ClusterAtlas; restore it "
                            "from a backup",
                            whose));
  }
  DocumentFile f;
  f.media_type = media_type(document.type);
  f.document = std::move(document);
  f.content = std::move(content);
  return f;
}

nlohmann::ordered_json review_copy(const Database& db, std::int64_t application_id) {
  auto a = existing_application(db, application_id);
  auto industry = db.store().industry(a.parties.industry_code);
  nlohmann::ordered_json application = {{"id", a.id},
                                        {"round", a.round_id},
                                        {"province", db.province(a.parties.province_code).name_zh},
                                        {"zone", a.parties.zone_name},
                                        {"cluster_name", a.parties.name},
                                        {"industry", a.parties.industry_code},
                                        {"industry_name", industry ? industry->name_zh : ""},
                                        {"building_unit", a.parties.building_unit},
                                        {"management_body", a.parties.management_body},
                                        {"leading_firms", a.parties.leading_firms}};
  nlohmann::ordered_json figures = nlohmann::ordered_json::object();
  auto reported = db.store().round_reviews().application_figures(a.round_id);
  // The latest year it reports, as the data score reads it.
  if (auto it = reported.find(application_id); it != reported.end() && !it->second.empty()) {
    for (const auto& [field, value] : it->second.rbegin()->second) figures[field] = value;
  }
  nlohmann::ordered_json documents = nlohmann::ordered_json::array();
  for (const auto& d : db.store().documents(application_id)) {
    documents.push_back({{"id", d.id},
                         {"name", d.name},
                         {"type", d.type},
                         {"size", d.size},
                         {"sha256", d.sha256},
                         {"attached_at", d.attached_at}});
  }
  return {{"application", application}, {"figures", figures}, {"documents", documents}};
}

}  // namespace atlas::app
