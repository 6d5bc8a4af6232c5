#include "atlas/ingest/cluster_import.h"

#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>
#include <tuple>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/domain/figures.h"
#include "atlas/domain/support.h"

namespace atlas::ingest {
namespace {

const std::vector<FieldSpec>& fields_of(const std::string& kind) {
  if (kind == "clusters") return cluster_report_fields();
  if (kind == "platforms") return platform_fields();
  if (kind == "institutions") return institution_fields();
  if (kind == "alliances") return alliance_fields();
  throw Error(
      ErrorKind::kUsage,
      fmt::format("unknown kind '{}': clusters, platforms, institutions or alliances", kind));
}

// A valid row waiting for the checks across rows; its cells go to the rejects file if one fails.
struct Pending {
  std::int64_t line;
  std::vector<std::string> cells;
};

// Cluster-level files are small (a row per cluster, platform, institution or alliance), so the
// rows are held until the file is read; then the checks across rows run and the store takes
// them in one transaction.
class ClusterLevelImport final : public RowImport {
 public:
  ClusterLevelImport(store::Store& store, const std::string& kind, const ImportOptions& options,
                     ImportReport& report)
      : RowImport(store, options, report, fields_of(kind), kind != "platforms"), kind_(kind) {}

  // The reports read, for the caller to keep (read_unit_reports).
  std::vector<domain::ClusterReport> reports() const {
    std::vector<domain::ClusterReport> out;
    for (const auto& r : rows_.reports) out.push_back(r.value);
    return out;
  }

  void run(store::ImportRevision& meta, const store::Actor& actor) {
    read(meta);
    if (identical(meta)) return;
    check_balance(meta);
    if (!keep()) return;
    finish_rejects();  // a rejects file that could not be written keeps the import from landing
    if (options_.on_progress) options_.on_progress(meta.rows_read, "writing");
    store_.import_cluster_rows(meta, actor, rows_);
    commit_rejects();
  }

 private:
  bool import_row(std::int64_t line, const std::vector<std::string>& cells) override {
    domain::ClusterReport report;
    domain::Platform platform;
    domain::ServiceInstitution institution;
    domain::Alliance alliance;
    parse_row(line, cells, [&](const Value& v) {
      const std::string& key = v.binding->field->key;
      if (key == "name") {
        platform.name = institution.name = alliance.name = v.text;
      } else if (key == "kind") {
        platform.kind = v.text;
      } else if (key == "legal_representative") {
        institution.legal_representative = v.text;
      } else if (key == "main_services") {
        institution.main_services = v.text;
      } else if (key == "national") {
        institution.national = v.flag;
      } else if (key == "year_established") {
        platform.year_established = static_cast<int>(v.number);
        if (options_.year && *platform.year_established > *options_.year) {
          problem(line, v.binding, v.text,
                  fmt::format("is after the report year --year {}", *options_.year));
        }
      } else if (key == "level") {
        if (auto level = domain::parse_platform_level(v.text)) {
          platform.level = *level;
        } else {
          problem(line, v.binding, v.text, "is not a level: 国家级/national or 省级/provincial");
        }
      } else if (key == "category") {
        if (auto category = domain::parse_category(v.text)) {
          institution.category = *category;
        } else {
          problem(line, v.binding, v.text,
                  "is not a JQ03 category: 1 创新服务, 2 研发, 3 金融 or 4 其他");
        }
      } else if (key == "backbone_members") {
        alliance.backbone_members = static_cast<int>(v.number);
      } else if (key == "other_members") {
        alliance.other_members = static_cast<int>(v.number);
      } else if (v.binding->field->type == FieldType::kWholeCount) {
        report.*count(key) = static_cast<std::int64_t>(v.number);
      } else if (v.binding->field->type == FieldType::kAmount ||
                 v.binding->field->type == FieldType::kCount) {
        report.*figure(key) = v.number;
      }
    });
    if (kind_ == "clusters") check_report(line, report);
    if (row_problems_ > 0) return false;
    std::int64_t cluster = *row_cluster_;
    int year = row_year_.value_or(0);
    // One row per cluster and year (and name): a second one is an error on the later row.
    std::string name = kind_ == "clusters" ? "" : platform.name;
    auto [at, fresh] = seen_.try_emplace({cluster, year, name}, line);
    if (!fresh) {
      problem(line, mapping_.find(name.empty() ? "cluster" : "name"), name,
              fmt::format("appears twice for this cluster{}: also on row {}",
                          kind_ == "platforms" ? "" : fmt::format(" and {}", year), at->second));
      return false;
    }
    pending_.push_back({line, cells});
    if (kind_ == "clusters") {
      report.cluster_id = cluster;
      report.year = year;
      rows_.reports.push_back({line, report});
    } else if (kind_ == "platforms") {
      platform.cluster_id = cluster;
      rows_.platforms.push_back({line, platform});
    } else if (kind_ == "institutions") {
      institution.cluster_id = cluster;
      institution.year = year;
      rows_.institutions.push_back({line, institution});
    } else {
      alliance.cluster_id = cluster;
      alliance.year = year;
      rows_.alliances.push_back({line, alliance});
    }
    return true;
  }

  // A part of the firms cannot outnumber them; R&D above revenue is suspicious but possible.
  void check_report(std::int64_t line, const domain::ClusterReport& r) {
    for (auto [key, part] : {std::pair{"high_tech_firms", r.high_tech_firms},
                             {"specialised_firms", r.specialised_firms},
                             {"single_champion_firms", r.single_champion_firms}}) {
      if (part && r.firms && *part > *r.firms) {
        problem(line, mapping_.find(key), std::to_string(*part),
                fmt::format("exceeds the number of firms ({})", *r.firms));
      }
    }
    if (r.rd_expenditure && r.revenue && *r.rd_expenditure > *r.revenue) {
      problem(line, mapping_.find("rd_expenditure"), "", "R&D expenditure exceeds revenue", true);
    }
  }

  // The JQ03 balance rule: a cluster's institution rows for a year equal the institution total
  // of its JQ01 report. Checked against what is stored, whichever of the two forms comes second;
  // a group that fails is refused whole.
  void check_balance(store::ImportRevision& meta) {
    std::map<std::pair<std::int64_t, int>, std::vector<std::size_t>> groups;  // → pending_ index
    if (kind_ == "institutions") {
      for (std::size_t i = 0; i < rows_.institutions.size(); ++i) {
        const auto& s = rows_.institutions[i].value;
        groups[{s.cluster_id, s.year}].push_back(i);
      }
      for (const auto& [key, members] : groups) {
        auto report = store_.cluster_report(key.first, key.second);
        if (!report || !report->institutions ||
            *report->institutions == static_cast<std::int64_t>(members.size())) {
          continue;
        }
        refuse(
            members, mapping_.find("cluster"),
            fmt::format("JQ03 balance: {} institution rows for {} in {}, but its JQ01 report "
                        "gives {} institutions",
                        members.size(), cluster_name(key.first), key.second, *report->institutions),
            meta);
      }
      std::erase_if(rows_.institutions, [&](const auto& r) { return refused_.count(r.line); });
    } else if (kind_ == "clusters") {
      for (std::size_t i = 0; i < rows_.reports.size(); ++i) {
        const auto& r = rows_.reports[i].value;
        if (!r.institutions) continue;
        auto rows = store_.support_counts(r.cluster_id, r.year).institution_rows;
        if (rows == 0 || rows == *r.institutions) continue;
        refuse({i}, mapping_.find("institutions"),
               fmt::format("JQ03 balance: {} gives {} institutions, but {} JQ03 institution "
                           "rows are stored for {}",
                           cluster_name(r.cluster_id), *r.institutions, rows, r.year),
               meta);
      }
      std::erase_if(rows_.reports, [&](const auto& r) { return refused_.count(r.line); });
    }
  }

  void refuse(const std::vector<std::size_t>& members, const ColumnBinding* column,
              const std::string& message, store::ImportRevision& meta) {
    for (auto i : members) {
      const auto& p = pending_[i];
      problem(p.line, column, "", message);
      reject(p.cells, p.line, message);
      refused_.insert(p.line);
      --meta.rows_imported;
      ++meta.rows_rejected;
    }
  }

  std::string cluster_name(std::int64_t id) {
    auto c = store_.cluster(id);
    return c ? c->name : std::to_string(id);
  }

  static std::optional<std::int64_t> domain::ClusterReport::*count(const std::string& key) {
    static const std::map<std::string, std::optional<std::int64_t> domain::ClusterReport::*>
        kCounts = {{"firms", &domain::ClusterReport::firms},
                   {"high_tech_firms", &domain::ClusterReport::high_tech_firms},
                   {"specialised_firms", &domain::ClusterReport::specialised_firms},
                   {"single_champion_firms", &domain::ClusterReport::single_champion_firms},
                   {"institutions", &domain::ClusterReport::institutions},
                   {"national_platforms", &domain::ClusterReport::national_platforms},
                   {"provincial_platforms", &domain::ClusterReport::provincial_platforms}};
    return kCounts.at(key);
  }

  static std::optional<double> domain::ClusterReport::*figure(const std::string& key) {
    for (const auto& f : domain::kFigures) {
      if (key == f.name) return f.of_cluster;
    }
    throw std::out_of_range("no figure " + key);
  }

  std::string kind_;
  store::ClusterLevelRows rows_;
  std::vector<Pending> pending_;  // parallel to the one filled list of rows_
  std::map<std::tuple<std::int64_t, int, std::string>, std::int64_t> seen_;  // → line
  std::set<std::int64_t> refused_;
};

}  // namespace

ImportReport import_cluster_level(store::Store& store, const std::string& kind,
                                  const ImportOptions& options, const store::Actor& actor) {
  ImportReport report;
  report.revision.kind = kind;
  report.revision.year = options.year;
  report.revision.file_name = options.file_name.empty()
                                  ? std::filesystem::path(options.path).filename().string()
                                  : options.file_name;
  ClusterLevelImport job(store, kind, options, report);
  job.run(report.revision, actor);
  return report;
}

UnitReports read_unit_reports(store::Store& store, const ImportOptions& options) {
  UnitReports out;
  out.report.revision.kind = "clusters";
  out.report.revision.year = options.year;
  ClusterLevelImport job(store, "clusters", options, out.report);
  job.read(out.report.revision);
  if (out.report.errors == 0) out.rows = job.reports();
  return out;
}

}  // namespace atlas::ingest
