#include "atlas/ingest/enterprise_import.h"

#include <filesystem>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "atlas/domain/rules.h"
#include "atlas/ingest/csv.h"
#include "atlas/report/table.h"

namespace atlas::ingest {
namespace {

// Streams enterprise rows into the store's sink; the checks that need every row (duplicates,
// firms held by other clusters) come from the sink at the end.
class EnterpriseImport final : public RowImport {
 public:
  EnterpriseImport(store::Store& store, const ImportOptions& options, ImportReport& report)
      : RowImport(store, options, report, enterprise_fields(), true) {}

  bool feed(store::EnterpriseSink& sink, store::ImportRevision& meta) {
    sink_ = &sink;
    read(meta);
    if (identical(meta)) return false;
    if (options_.on_progress) options_.on_progress(meta.rows_read, "checking");
    progress(fmt::format("  checking {} rows for duplicates and other clusters' firms\n",
                         meta.rows_imported));
    std::vector<std::int64_t> skip;
    auto conflicts = sink.conflicts();  // in line order
    // A row can conflict twice (a duplicate in the file of a firm another cluster holds): each
    // problem is reported, but the row is refused, skipped and counted once, with every reason.
    for (std::size_t i = 0; i < conflicts.size();) {
      const auto& c = conflicts[i];
      std::string reasons;
      for (; i < conflicts.size() && conflicts[i].line == c.line; ++i) {
        problem(c.line, mapping_.find("credit_code"), c.credit_code, conflicts[i].message);
        reasons += (reasons.empty() ? "" : "; ") + conflicts[i].message;
      }
      std::vector<std::string> cells;
      if (!c.kept.empty()) {
        std::istringstream in(c.kept);
        CsvReader(in, "").next(cells);
      }
      reject(cells, c.line, reasons);
      skip.push_back(c.line);
      --meta.rows_imported;
      ++meta.rows_rejected;
    }
    if (!keep()) return false;
    if (options_.on_progress) options_.on_progress(meta.rows_read, "writing");
    progress("  writing the registry\n");
    meta.rows_imported = sink.store(skip);
    finish_rejects();  // a rejects file that could not be written keeps the import from landing
    if (options_.on_progress) options_.on_progress(meta.rows_read, "committing");
    progress("  committing\n");
    return true;
  }

 private:
  bool import_row(std::int64_t line, const std::vector<std::string>& cells) override {
    if (targets_.empty()) bind_targets();
    domain::Enterprise& e = enterprise_;
    domain::EnterpriseYear& y = year_;
    reset();
    const ColumnBinding* first = mapping_.bindings.data();
    parse_row(line, cells, [&](const Value& v) {
      const Target& t = targets_[v.binding - first];
      switch (v.binding->field->type) {
        case FieldType::kCreditCode: e.credit_code = y.credit_code = v.text; break;
        case FieldType::kText: e.name = v.text; break;
        case FieldType::kChoice:  // the role
          if (auto role = domain::parse_role(v.text)) {
            y.role = *role;
          } else {
            problem(line, v.binding, v.text,
                    "is not a role: leader/龙头, backbone/骨干 or other/其他");
          }
          break;
        case FieldType::kFlag:
          if (t.flag) y.*t.flag = v.flag;
          break;
        case FieldType::kCoordinate: (t.is_lat ? e.lat : e.lon) = v.number; break;
        case FieldType::kAmount:
        case FieldType::kCount:
        case FieldType::kWholeCount: y.*t.figure = v.number; break;
        case FieldType::kCluster:
        case FieldType::kYear: break;  // row_cluster_, row_year_
      }
    });
    if (auto p = domain::coordinates_problem(e.lat, e.lon)) problem(line, nullptr, "", *p);
    if (y.rd_expenditure && y.revenue && *y.rd_expenditure > *y.revenue) {
      problem(line, mapping_.find("rd_expenditure"), "", "R&D expenditure exceeds revenue", true);
    }
    if (row_problems_ > 0) return false;
    y.cluster_id = *row_cluster_;
    y.year = *row_year_;
    // With rejects requested, keep the row's cells in case a conflict refuses it later.
    sink_->add(e, y, line, keeping_cells_ ? report::csv_record(cells) : std::string());
    return true;
  }

  // Where each mapped column's value goes, found once from its field's key rather than by
  // comparing keys for every cell of every row.
  struct Target {
    bool domain::EnterpriseYear::*flag = nullptr;
    std::optional<double> domain::EnterpriseYear::*figure = nullptr;
    bool is_lat = false;
  };

  void bind_targets() {
    targets_.clear();
    for (const auto& b : mapping_.bindings) {
      const std::string& key = b.field->key;
      Target t;
      switch (b.field->type) {
        case FieldType::kFlag: t.flag = flag(key); break;
        case FieldType::kCoordinate: t.is_lat = key == "lat"; break;
        case FieldType::kAmount:
        case FieldType::kCount:
        case FieldType::kWholeCount: t.figure = figure(key); break;
        default: break;
      }
      targets_.push_back(t);
    }
  }

  static bool domain::EnterpriseYear::*flag(const std::string& key) {
    if (key == "high_tech") return &domain::EnterpriseYear::high_tech;
    if (key == "specialised") return &domain::EnterpriseYear::specialised;
    if (key == "single_champion") return &domain::EnterpriseYear::single_champion;
    if (key == "listed") return &domain::EnterpriseYear::listed;
    return nullptr;
  }

  static std::optional<double> domain::EnterpriseYear::*figure(const std::string& key) {
    static const std::map<std::string, std::optional<double> domain::EnterpriseYear::*> kFields = {
        {"revenue", &domain::EnterpriseYear::revenue},
        {"industrial_output", &domain::EnterpriseYear::industrial_output},
        {"profit", &domain::EnterpriseYear::profit},
        {"taxes", &domain::EnterpriseYear::taxes},
        {"exports", &domain::EnterpriseYear::exports},
        {"rd_expenditure", &domain::EnterpriseYear::rd_expenditure},
        {"employment", &domain::EnterpriseYear::employment},
        {"valid_invention_patents", &domain::EnterpriseYear::valid_invention_patents},
        {"granted_invention_patents", &domain::EnterpriseYear::granted_invention_patents}};
    return kFields.at(key);
  }

  // Clears the row being built but keeps its strings' buffers: three fewer allocations a row.
  void reset() {
    std::string code = std::move(enterprise_.credit_code), name = std::move(enterprise_.name),
                year_code = std::move(year_.credit_code);
    enterprise_ = {};
    year_ = {};
    code.clear(), name.clear(), year_code.clear();
    enterprise_.credit_code = std::move(code);
    enterprise_.name = std::move(name);
    year_.credit_code = std::move(year_code);
  }

  std::vector<Target> targets_;    // one per mapping_.bindings entry
  domain::Enterprise enterprise_;  // the row being read
  domain::EnterpriseYear year_;
  store::EnterpriseSink* sink_ = nullptr;
};

}  // namespace

ImportReport import_enterprises(store::Store& store, const ImportOptions& options,
                                const store::Actor& actor) {
  ImportReport report;
  report.revision.kind = "enterprises";
  report.revision.year = options.year;
  report.revision.file_name = options.file_name.empty()
                                  ? std::filesystem::path(options.path).filename().string()
                                  : options.file_name;
  EnterpriseImport job(store, options, report);
  auto revision = store.import_enterprise_years(
      report.revision, actor, [&](store::EnterpriseSink& sink, store::ImportRevision& meta) {
        return job.feed(sink, meta);
      });
  if (revision != 0) job.commit_rejects();
  return report;
}

}  // namespace atlas::ingest
