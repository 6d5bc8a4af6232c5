#include "atlas/app/imports.h"

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "atlas/ingest/cluster_import.h"
#include "atlas/ingest/enterprise_import.h"

namespace atlas::app {
namespace {

using Json = nlohmann::ordered_json;

Json revision_summary(const store::ImportRevision& r) {
  return {{"id", r.id},
          {"kind", r.kind},
          {"file", r.file_name},
          {"imported_at", r.imported_at},
          {"operator", r.operator_name}};
}

std::string optional_text(const std::optional<std::string>& v) {
  return v.value_or("—");
}

}  // namespace

bool is_import_kind(const std::string& kind) {
  for (const char* k : {"enterprises", "clusters", "platforms", "institutions", "alliances"}) {
    if (kind == k) return true;
  }
  return false;
}

ingest::ImportReport run_import(const Database& db, const std::string& kind,
                                const ingest::ImportOptions& options, const store::Actor& actor) {
  if (!is_import_kind(kind)) {
    throw Error(ErrorKind::kUsage,
                "unknown kind of import '" + kind +
                    "': enterprises, clusters, platforms, institutions or alliances",
                {"", 0, "", "kind"});
  }
  return kind == "enterprises" ? ingest::import_enterprises(db.store(), options, actor)
                               : ingest::import_cluster_level(db.store(), kind, options, actor);
}

Json import_document(const ingest::ImportReport& report, bool dry_run) {
  const auto& r = report.revision;
  Json problems = Json::array();
  for (const auto& p : report.problems) {
    Json rows = Json::array();
    for (const auto& [first, last] : p.rows) rows.push_back({first, last});
    problems.push_back({{"severity", p.warning ? "warning" : "error"},
                        {"rows", std::move(rows)},
                        {"count", p.count},
                        {"column", p.column.empty() ? Json() : Json(p.column)},
                        {"value", p.value.empty() ? Json() : Json(p.value)},
                        {"message", p.message}});
  }
  return {{"file", r.file_name},
          {"kind", r.kind},
          {"year", r.year ? Json(*r.year) : Json()},
          {"encoding", r.encoding},
          {"sha256", r.sha256},
          {"dry_run", dry_run},
          {"revision", r.id ? Json(r.id) : Json()},
          {"identical_to", report.identical_to ? revision_summary(*report.identical_to) : Json()},
          {"rows_read", r.rows_read},
          {"rows_valid", r.rows_imported},
          {"rows_rejected", r.rows_rejected},
          {"errors", report.errors},
          {"warnings", report.warnings},
          // The first ingest::kMaxProblems; `errors` and `warnings` count them all.
          {"problems", std::move(problems)},
          {"ignored_columns", report.ignored_columns},
          {"notes", report.notes}};
}

std::optional<Error> import_failure(const ingest::ImportReport& report, bool dry_run) {
  if (report.errors == 0 || (!dry_run && report.revision.id)) return std::nullopt;
  return Error(ErrorKind::kBadInput, fmt::format("{} has {}", report.revision.file_name,
                                                 text::counted(report.errors, "error", "errors")));
  // The message names the file; the file again as its place would say nothing more.
}

report::Table import_history(const Database& db, const std::string& cluster, int year) {
  std::optional<std::int64_t> cluster_id;
  if (!cluster.empty()) cluster_id = db.cluster(cluster).id;
  std::optional<int> only_year;
  if (year) only_year = year;
  report::Table t;
  t.columns = {{"revision", "版本", -1, true, 1, false},
               {"kind", "类型"},
               {"year", "年份", -1, true, 1, false},
               {"file", "文件"},
               {"rows", "导入行数", -1, true},
               {"rejected", "拒绝行数", -1, true},
               {"encoding", "编码"},
               {"sha256", "SHA-256"},
               {"operator", "操作人"},
               {"imported_at", "导入时间"}};
  for (const auto& r : db.store().revisions(cluster_id, only_year)) {
    t.add_row({r.id, r.kind, r.year ? report::Cell(std::int64_t{*r.year}) : report::Cell{},
               r.file_name, r.rows_imported, r.rows_rejected, r.encoding, r.sha256.substr(0, 16),
               r.operator_name, r.imported_at});
  }
  return t;
}

report::Table revision_diff(const Database& db, std::int64_t from, std::int64_t to) {
  auto& store = db.store();
  for (auto id : {from, to}) {
    if (!store.revision(id)) {
      throw Error(ErrorKind::kNotFound,
                  fmt::format("no revision {} (see `clusteratlas history`)", id));
    }
  }
  report::Table t;
  bool firms = store.revision(from)->kind == "enterprises";
  t.columns = {{firms ? "credit_code" : "cluster_id", firms ? "统一社会信用代码" : "集群编号"},
               {"name", firms ? "企业名称" : "集群 / 名称"},
               {"year", "年份", -1, true, 1, false},
               {"field", "项目"},
               {"old", "原值"},
               {"new", "新值"}};
  auto changes = store.diff_revisions(from, to);
  for (const auto& c : changes) {
    t.add_row({c.key, c.name, std::int64_t{c.year}, c.field, optional_text(c.old_value),
               optional_text(c.new_value)});
  }
  t.notes.push_back(fmt::format("{} from revision {} to {}",
                                text::counted(changes.size(), "change", "changes"), from, to));
  return t;
}

}  // namespace atlas::app
