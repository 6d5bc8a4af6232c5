// Imports of annual statistics over HTTP: a file uploaded (uploads.h) and checked as a dry run
// that returns every row problem and writes nothing, or committed as a job (jobs.h) that lands
// as one revision audited with the account — as `clusteratlas import KIND`, through the same
// app/imports.h; the history of revisions and what changed between two (`history`, `diff`).
#include <filesystem>

#include "atlas/app/imports.h"
#include "server/accepted_job.h"
#include "server/api_error.h"
#include "server/jobs.h"
#include "server/route_groups.h"
#include "server/route_support.h"
#include "server/uploads.h"

namespace atlas::server {
namespace {

using Json = nlohmann::ordered_json;
using auth::Action;

ApiError bad_query(const std::string& name, const std::string& zh, const std::string& en) {
  return {
      422, "invalid-input", "参数 " + name + " 无效：" + zh, name + ": " + en, {"", 0, "", name}};
}

bool dry_run_query(const Call& call) {
  std::string v = call.query("dry_run");
  if (v.empty() || v == "false" || v == "0") return false;
  if (v == "true" || v == "1") return true;
  throw bad_query("dry_run", "应为 true 或 false", "give true or false, not '" + v + "'");
}

// The parameters of an import from the query, checked before the body is read.
struct ImportQuery {
  std::string kind;
  ingest::ImportOptions options;
};

ImportQuery import_query(const Call& call) {
  ImportQuery q;
  q.kind = call.query("kind").empty() ? "enterprises" : call.query("kind");
  if (!app::is_import_kind(q.kind)) {
    throw bad_query(
        "kind", "未知的导入类型",
        "enterprises, clusters, platforms, institutions or alliances, not '" + q.kind + "'");
  }
  if (int year = int_query(call, "year", 0)) q.options.year = year;
  if (!call.query("cluster").empty()) q.options.cluster = call.query("cluster");
  std::string encoding = call.query("encoding");
  if (!encoding.empty() && encoding != "auto") {
    try {
      q.options.encoding = ingest::parse_encoding(encoding);
    } catch (const Error&) {
      throw bad_query("encoding", "应为 auto、utf-8 或 gb18030",
                      "auto, utf-8 or gb18030 (GBK), not '" + encoding + "'");
    }
  }
  q.options.sheet = call.query("sheet");
  if (int row = int_query(call, "header_row", 0)) {
    if (row < 0) throw bad_query("header_row", "应为正整数", "a positive row number");
    q.options.header_row = row;
  }
  q.options.dry_run = dry_run_query(call);
  return q;
}

Reply post_import(Call& call) {
  ImportQuery q = import_query(call);
  Upload upload = receive_upload(call.http, *call.upload, call.query("filename"));
  q.options.path = upload.path();
  q.options.file_name = upload.label();
  if (q.options.dry_run) {
    try {
      auto report = app::run_import(call.db, q.kind, q.options, call.store_actor("dry run"));
      return {200, app::import_document(report, true), {}};
    } catch (const Error& e) {
      throw relabelled(e, upload.path(), upload.label());
    }
  }
  // The commit runs as a job: the upload's file is the job's to remove.
  std::string reason = call.query("reason");
  store::Actor actor = call.store_actor(reason.empty() ? "import of " + upload.label() : reason);
  auth::Resource resource;
  if (q.options.cluster) resource.cluster_id = call.db.cluster(*q.options.cluster).id;
  call.store().end_reads();
  JobSpec spec = caller_job(call, "import");
  spec.resource = resource;
  spec.work = [db = call.db, kind = q.kind, options = q.options,
               actor](JobProgress& progress) mutable {
    options.on_progress = [&progress](std::int64_t rows, const char* phase) {
      progress.report(rows, std::nullopt, phase);
    };
    progress.report(0, std::nullopt, "reading");
    auto report = app::run_import(db, kind, options, actor);
    db.store().end_reads();
    Json document = app::import_document(report, false);
    if (auto failure = app::import_failure(report, false)) {
      throw JobFailed(from_error(*failure), document);
    }
    return document;
  };
  return accepted_upload_job(call.db, std::move(spec), upload);
}

Reply history(Call& call) {
  return {200,
          listing(call,
                  app::import_history(call.db, call.query("cluster"), int_query(call, "year", 0))),
          {}};
}

Reply diff(Call& call) {
  auto to = parse_id(call.params.at("id"));
  if (!to) throw Error(ErrorKind::kNotFound, "no revision " + call.params.at("id"));
  std::string from_text = call.query("from");
  auto from = parse_id(from_text);
  if (!from) {
    throw bad_query("from", "应为较早的版本号",
                    "give the earlier revision's id, e.g. ?from=3 (see GET /api/v1/imports)");
  }
  return {200, listing(call, app::revision_diff(call.db, *from, *to)), {}};
}

}  // namespace

void add_import_routes(RouteTable& t) {
  RouteDoc upload_doc{
      "Import annual statistics from an uploaded CSV, TSV or XLSX file (UTF-8 or GBK): "
      "?dry_run=true checks every row and writes nothing (200, the report); otherwise the "
      "import runs as a job (202, Location: the job) and lands as one revision, audited with "
      "the account (as `import KIND`)",
      "imports",
      "import",
      {},
      nullptr,
      {"kind", "filename", "year", "cluster", "dry_run", "encoding", "sheet", "header_row",
       "reason"}};
  upload_doc.upload = true;
  t.add({"POST", "/api/v1/imports", Action::kImportStatistics, place_in_query({"cluster"}),
         upload_doc, post_import});
  t.add({"GET",
         "/api/v1/imports",
         Action::kReadEnterpriseRows,
         place_in_query({"cluster"}),
         {"Imports (revisions), oldest first; with ?cluster= or ?year= those carrying its rows "
          "(as `history`)",
          "imports",
          "import-history",
          {},
          nullptr,
          {"cluster", "year"}},
         history});
  t.add({"GET",
         "/api/v1/imports/{id}/diff",
         Action::kReadEnterpriseRows,
         programme_wide(),
         {"What changed from revision ?from= to revision {id}, field by field (as `diff`)",
          "imports",
          "revision-diff",
          {},
          nullptr,
          {"from"}},
         diff});
}

}  // namespace atlas::server
