#include "atlas/ingest/enterprise_import.h"

#include <unistd.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "atlas/domain/credit_code.h"
#include "atlas/domain/rules.h"
#include "atlas/ingest/columns.h"
#include "atlas/ingest/csv.h"
#include "atlas/ingest/xlsx.h"
#include "atlas/report/table.h"

namespace atlas::ingest {
namespace {

bool is_missing(const std::string& v) {
  return v.empty() || v == "-" || v == "—" || v == "/" || v == "NA" || v == "N/A" || v == "null";
}

std::optional<double> parse_number(const std::string& text) {
  std::string digits;
  for (char c : text) {
    if (c != ',' && c != ' ') digits += c;
  }
  double v = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() ||
      !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

std::optional<bool> parse_flag(const std::string& v) {
  static const std::map<std::string, bool> kFlags = {
      {"是", true},     {"否", false}, {"有", true},   {"无", false},    {"1", true},
      {"0", false},     {"Y", true},   {"N", false},   {"y", true},      {"n", false},
      {"yes", true},    {"no", false}, {"true", true}, {"false", false}, {"TRUE", true},
      {"FALSE", false}, {"√", true},   {"×", false}};
  auto it = kFlags.find(v);
  if (it == kFlags.end()) return std::nullopt;
  return it->second;
}

// Everything one import run needs while it streams rows.
class Job {
 public:
  Job(store::Store& store, const ImportOptions& options, ImportReport& report)
      : store_(store), options_(options), report_(report) {}

  bool feed(store::EnterpriseSink& sink, store::ImportRevision& meta) {
    if (is_xlsx()) {
      auto rows = open_xlsx_sheet(options_.path, options_.sheet);
      meta.encoding = "xlsx";
      run(*rows, sink, meta);
      meta.sha256 = sha256_of_file(options_.path);
    } else {
      std::ifstream file(options_.path, std::ios::binary);
      if (!file) {
        throw Error(ErrorKind::kBadInput, "cannot open the file", {options_.path, 0, "", ""});
      }
      TextInput input(file, source_name(), options_.encoding);
      meta.encoding = std::string(encoding_name(input.encoding()));
      bool tsv = options_.path.ends_with(".tsv") || options_.path.ends_with(".txt");
      CsvReader reader(input, tsv ? '\t' : ',');
      run(reader, sink, meta);
      meta.sha256 = input.sha256_hex();
    }
    if (auto earlier = store_.revision_with_hash(meta.kind, meta.sha256, meta.year)) {
      report_.identical_to = earlier;
      return false;
    }
    progress(fmt::format("  checking {} rows for duplicates and other clusters' firms\n",
                         meta.rows_imported));
    std::vector<std::int64_t> skip;
    for (const auto& c : sink.conflicts()) {
      const auto* code = mapping_.find("credit_code");
      problem(c.line, code, c.credit_code, c.message);
      std::vector<std::string> cells;
      if (!c.kept.empty()) {
        std::istringstream in(c.kept);
        CsvReader(in, "").next(cells);
      }
      reject(cells, c.line, c.message);
      skip.push_back(c.line);
      --meta.rows_imported;
      ++meta.rows_rejected;
    }
    bool keep = !options_.dry_run && (report_.errors == 0 || !options_.rejects_path.empty());
    if (keep) {
      progress("  writing the registry\n");
      meta.rows_imported = sink.store(skip);
      progress("  committing\n");
    }
    return keep;
  }

 private:
  // Progress on stderr, only when a person is watching it.
  void progress(const std::string& text) const {
    static const bool tty = isatty(STDERR_FILENO);
    if (options_.progress && tty) std::cerr << text << std::flush;
  }

  bool is_xlsx() const {
    std::string ext = std::filesystem::path(options_.path).extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext == ".xlsx" || ext == ".xlsm";
  }

  std::string source_name() const {
    return std::filesystem::path(options_.path).filename().string();
  }

  void run(RowSource& rows, store::EnterpriseSink& sink, store::ImportRevision& meta) {
    std::vector<std::string> cells;
    if (!rows.next(cells)) {
      throw Error(ErrorKind::kBadInput, "the file is empty", {rows.source(), 1, "", ""});
    }
    header_ = cells;
    std::optional<CustomMapping> custom;
    if (!options_.mapping_path.empty()) custom = load_mapping(options_.mapping_path);
    mapping_ = map_header(cells, enterprise_fields(), custom ? &*custom : nullptr, rows.source());
    report_.ignored_columns = mapping_.ignored;
    check_header(rows.source());
    if (!options_.rejects_path.empty() && !options_.dry_run) open_rejects();
    for (const auto& c : store_.clusters({})) {
      clusters_[c.name] = c.id;
      clusters_[std::to_string(c.id)] = c.id;
    }
    if (options_.cluster) {
      fixed_cluster_ = resolve_cluster(*options_.cluster);
      if (!fixed_cluster_) {
        throw Error(ErrorKind::kNotFound,
                    fmt::format("--cluster {}: no such cluster, or more than one matches (give "
                                "its id or full name; see `clusteratlas cluster list`)",
                                *options_.cluster));
      }
    }

    while (rows.next(cells)) {
      if (cells.size() == 1 && cells[0].empty()) continue;  // blank line
      ++meta.rows_read;
      row_problems_ = 0;
      if (import_row(rows, cells, sink)) {
        ++meta.rows_imported;
      } else {
        ++meta.rows_rejected;
        reject(cells, rows.line(), last_error_);
      }
      if (meta.rows_read % 100000 == 0) {
        progress(fmt::format("\r  {} rows read", meta.rows_read));
      }
    }
    progress("\n");
    meta.warnings = report_.warnings;
  }

  void check_header(const std::string& source) {
    std::vector<std::string> missing;
    if (!options_.cluster && !mapping_.find("cluster")) missing.push_back("cluster (集群名称)");
    if (!options_.year && !mapping_.find("year")) missing.push_back("year (年份)");
    if (!missing.empty()) {
      throw Error(ErrorKind::kBadInput,
                  fmt::format("header: no column for {}; add the column or give --{} for the "
                              "whole file",
                              fmt::join(missing, " or "), options_.year ? "cluster" : "year"),
                  {source, 1, "", ""});
    }
  }

  // Writes a rejected row with the reason.
  void reject(std::vector<std::string> cells, std::int64_t line, const std::string& reason) {
    if (!rejects_) return;
    cells.resize(header_.size());
    cells.push_back(std::to_string(line));
    cells.push_back(reason);
    *rejects_ << report::csv_record(cells);
  }

  void open_rejects() {
    rejects_.emplace(options_.rejects_path, std::ios::binary | std::ios::trunc);
    if (!*rejects_) {
      throw Error(ErrorKind::kBadInput, "cannot write the rejects file",
                  {options_.rejects_path, 0, "", ""});
    }
    *rejects_ << "\xEF\xBB\xBF";  // Excel opens it as UTF-8
    std::vector<std::string> header = header_;
    header.push_back("_row");
    header.push_back("_problem");
    *rejects_ << report::csv_record(header);
  }

  std::optional<std::int64_t> resolve_cluster(const std::string& text) {
    auto it = clusters_.find(text);
    if (it != clusters_.end()) return it->second;
    auto found = store_.find_clusters(text);  // a former name or a unique part of a name
    std::optional<std::int64_t> id;
    if (found.size() == 1) id = found[0].id;
    if (id) clusters_[text] = *id;
    return id;
  }

  void problem(std::int64_t line, const ColumnBinding* b, const std::string& value,
               const std::string& message, bool warning = false) {
    (warning ? report_.warnings : report_.errors) += 1;
    if (!warning) {
      ++row_problems_;
      last_error_ = (b ? b->header + ": " : "") + message;
    }
    if (report_.problems.size() < kMaxProblems) {
      report_.problems.push_back({line, b ? b->header : "", value, message, warning});
    }
  }

  // Checks one row and hands it to the sink; false when it has an error.
  bool import_row(const RowSource& rows, const std::vector<std::string>& cells,
                  store::EnterpriseSink& sink) {
    domain::Enterprise e;
    domain::EnterpriseYear y;
    std::optional<std::int64_t> cluster = fixed_cluster_;
    std::optional<int> year = options_.year;
    for (const auto& b : mapping_.bindings) {
      std::string v = b.column < static_cast<int>(cells.size()) ? text::trim(cells[b.column]) : "";
      const std::string& key = b.field->key;
      if (is_missing(v)) {
        if (b.field->required) problem(rows.line(), &b, v, "is empty");
        continue;
      }
      switch (b.field->type) {
        case FieldType::kCreditCode:
          if (auto p = domain::credit_code_problem(v)) problem(rows.line(), &b, v, *p);
          e.credit_code = y.credit_code = v;
          break;
        case FieldType::kText:
          if (!text::is_valid_utf8(v)) problem(rows.line(), &b, v, "is not valid text");
          e.name = v;
          break;
        case FieldType::kCluster: {
          auto id = resolve_cluster(v);
          if (!id) {
            problem(rows.line(), &b, v,
                    "no such cluster (give its id or full name; see `clusteratlas "
                    "cluster list`)");
          } else if (cluster && *cluster != *id) {
            problem(rows.line(), &b, v,
                    fmt::format("differs from --cluster {}", *options_.cluster));
          }
          cluster = id;
          break;
        }
        case FieldType::kYear: {
          auto n = parse_number(v);
          if (!n || *n != std::floor(*n) || *n < domain::kFirstYear || *n > domain::kLastYear) {
            problem(rows.line(), &b, v, "is not a year");
          } else if (year && *year != static_cast<int>(*n)) {
            problem(rows.line(), &b, v, fmt::format("differs from --year {}", *year));
          } else {
            year = static_cast<int>(*n);
          }
          break;
        }
        case FieldType::kRole: {
          auto role = domain::parse_role(v);
          if (!role)
            problem(rows.line(), &b, v, "is not a role: leader/龙头, backbone/骨干 or other/其他");
          y.role = role.value_or(domain::Role::kOther);
          break;
        }
        case FieldType::kFlag: {
          auto flag = parse_flag(v);
          if (!flag) problem(rows.line(), &b, v, "is not yes or no (是/否, Y/N, 1/0)");
          bool set = flag.value_or(false);
          if (key == "high_tech") y.high_tech = set;
          if (key == "specialised") y.specialised = set;
          if (key == "single_champion") y.single_champion = set;
          if (key == "listed") y.listed = set;
          break;
        }
        case FieldType::kAmount:
        case FieldType::kCount:
        case FieldType::kCoordinate: {
          auto n = parse_number(v);
          if (!n) {
            problem(rows.line(), &b, v, "is not a number");
            break;
          }
          double value = *n * b.factor;
          if (value < 0 && key != "profit" && b.field->type != FieldType::kCoordinate) {
            problem(rows.line(), &b, v, "is negative");
          }
          set_number(key, value, e, y);
          break;
        }
      }
    }
    if (!cluster && !mapping_.find("cluster")) problem(rows.line(), nullptr, "", "no cluster");
    if (!year && !mapping_.find("year")) problem(rows.line(), nullptr, "", "no year");
    if (auto p = domain::coordinates_problem(e.lat, e.lon)) problem(rows.line(), nullptr, "", *p);
    if (y.rd_expenditure && y.revenue && *y.rd_expenditure > *y.revenue) {
      problem(rows.line(), mapping_.find("rd_expenditure"), "", "R&D expenditure exceeds revenue",
              true);
    }
    if (row_problems_ > 0 || !cluster || !year) return false;
    y.cluster_id = *cluster;
    y.year = *year;
    // With rejects requested, keep the row's cells in case a conflict refuses it later.
    sink.add(e, y, rows.line(), rejects_ ? report::csv_record(cells) : std::string());
    return true;
  }

  static void set_number(const std::string& key, double v, domain::Enterprise& e,
                         domain::EnterpriseYear& y) {
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
    if (key == "lat") {
      e.lat = v;
    } else if (key == "lon") {
      e.lon = v;
    } else {
      y.*kFields.at(key) = v;
    }
  }

  store::Store& store_;
  const ImportOptions& options_;
  ImportReport& report_;
  std::vector<std::string> header_;
  HeaderMapping mapping_;
  std::map<std::string, std::int64_t> clusters_;
  std::optional<std::int64_t> fixed_cluster_;
  std::optional<std::ofstream> rejects_;
  int row_problems_ = 0;
  std::string last_error_;
};

}  // namespace

ImportReport import_enterprises(store::Store& store, const ImportOptions& options,
                                const store::Actor& actor) {
  ImportReport report;
  report.revision.kind = "enterprises";
  report.revision.year = options.year;
  report.revision.file_name = std::filesystem::path(options.path).filename().string();
  Job job(store, options, report);
  store.import_enterprise_years(report.revision, actor,
                                [&](store::EnterpriseSink& sink, store::ImportRevision& meta) {
                                  return job.feed(sink, meta);
                                });
  return report;
}

}  // namespace atlas::ingest
