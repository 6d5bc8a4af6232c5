#include "atlas/ingest/row_import.h"

#include <unistd.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "atlas/domain/credit_code.h"
#include "atlas/domain/rules.h"
#include "atlas/ingest/csv.h"
#include "atlas/ingest/text_input.h"
#include "atlas/ingest/xlsx.h"
#include "atlas/report/table.h"

namespace atlas::ingest {
namespace {

bool is_missing(const std::string& v) {
  return v.empty() || v == "-" || v == "—" || v == "/" || v == "NA" || v == "N/A" || v == "null";
}

// "1,234.5" and "1 234.5" as offices write them; nullopt for anything else.
std::optional<double> parse_number(std::string_view text) {
  // Most cells have no separators: parse them in place, without building a copy.
  std::string digits;
  if (text.find_first_of(", ") != std::string_view::npos) {
    for (char c : text) {
      if (c != ',' && c != ' ') digits += c;
    }
    text = digits;
  }
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

std::optional<bool> parse_flag(std::string_view v) {
  // A short list scanned in order: cheaper than a map look-up for one cell of every row.
  static constexpr std::pair<std::string_view, bool> kFlags[] = {
      {"是", true},     {"否", false}, {"有", true},   {"无", false},    {"1", true},
      {"0", false},     {"Y", true},   {"N", false},   {"y", true},      {"n", false},
      {"yes", true},    {"no", false}, {"true", true}, {"false", false}, {"TRUE", true},
      {"FALSE", false}, {"√", true},   {"×", false}};
  for (const auto& [text, flag] : kFlags) {
    if (v == text) return flag;
  }
  return std::nullopt;
}

bool is_xlsx(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".xlsx" || ext == ".xlsm";
}

}  // namespace

RowImport::RowImport(store::Store& store, const ImportOptions& options, ImportReport& report,
                     const std::vector<FieldSpec>& fields, bool year_required)
    : store_(store),
      options_(options),
      report_(report),
      fields_(fields),
      year_required_(year_required) {}

void RowImport::read(store::ImportRevision& meta) {
  if (is_xlsx(options_.path)) {
    auto rows = open_xlsx_sheet(options_.path, options_.sheet);
    meta.encoding = "xlsx";
    read_rows(*rows, meta);
    meta.sha256 = sha256_of_file(options_.path);
    return;
  }
  std::ifstream file(options_.path, std::ios::binary);
  if (!file) {
    throw Error(ErrorKind::kBadInput, "cannot open the file", {options_.path, 0, "", ""});
  }
  TextInput input(file, std::filesystem::path(options_.path).filename().string(),
                  options_.encoding);
  meta.encoding = std::string(encoding_name(input.encoding()));
  bool tsv = options_.path.ends_with(".tsv") || options_.path.ends_with(".txt");
  CsvReader reader(input, tsv ? '\t' : ',');
  cells_valid_utf8_ = true;
  read_rows(reader, meta);
  meta.sha256 = input.sha256_hex();
}

bool RowImport::identical(const store::ImportRevision& meta) {
  report_.identical_to = store_.revision_with_hash(meta.kind, meta.sha256, meta.year);
  return report_.identical_to.has_value();
}

bool RowImport::keep() const {
  return !options_.dry_run && (report_.errors == 0 || !options_.rejects_path.empty());
}

void RowImport::read_rows(RowSource& rows, store::ImportRevision& meta) {
  std::vector<std::string> cells;
  if (!rows.next(cells)) {
    throw Error(ErrorKind::kBadInput, "the file is empty", {rows.source(), 1, "", ""});
  }
  header_ = cells;
  std::optional<CustomMapping> custom;
  if (!options_.mapping_path.empty()) custom = load_mapping(options_.mapping_path);
  mapping_ = map_header(cells, fields_, custom ? &*custom : nullptr, rows.source());
  report_.ignored_columns = mapping_.ignored;

  std::vector<std::string> missing, flags;
  if (!options_.cluster && !mapping_.find("cluster")) {
    missing.push_back("cluster (集群名称)");
    flags.push_back("--cluster");
  }
  if (year_required_ && !options_.year && !mapping_.find("year")) {
    missing.push_back("year (年份)");
    flags.push_back("--year");
  }
  if (!missing.empty()) {
    throw Error(ErrorKind::kBadInput,
                fmt::format("header: no column for {}; add the column or give {} for the whole "
                            "file",
                            fmt::join(missing, " or "), fmt::join(flags, " and ")),
                {rows.source(), 1, "", ""});
  }
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
    if (import_row(rows.line(), cells)) {
      ++meta.rows_imported;
    } else {
      ++meta.rows_rejected;
      reject(cells, rows.line(), last_error_);
    }
    if (meta.rows_read % 100000 == 0) progress(fmt::format("\r  {} rows read", meta.rows_read));
  }
  progress("\n");
  meta.warnings = report_.warnings;
}

bool RowImport::parse_value(std::int64_t line, const ColumnBinding& b, Value& v) {
  const FieldSpec& field = *b.field;
  if (is_missing(v.text)) {
    bool needed = field.required || (field.type == FieldType::kCluster && !options_.cluster) ||
                  (field.type == FieldType::kYear && year_required_ && !options_.year);
    if (needed) problem(line, &b, v.text, "is empty");
    return false;
  }
  switch (field.type) {
    case FieldType::kCreditCode:
      if (auto p = domain::credit_code_problem(v.text)) {
        problem(line, &b, v.text, *p);
        return false;
      }
      return true;
    case FieldType::kText:
    case FieldType::kChoice:
      if (!cells_valid_utf8_ && !text::is_valid_utf8(v.text)) {
        problem(line, &b, v.text, "is not valid text");
        return false;
      }
      return true;
    case FieldType::kCluster: {
      auto id = resolve_cluster(v.text);
      if (!id) {
        problem(line, &b, v.text,
                "no such cluster (give its id or full name; see `clusteratlas cluster list`)");
        return false;
      }
      if (row_cluster_ && *row_cluster_ != *id) {
        problem(line, &b, v.text, fmt::format("differs from --cluster {}", *options_.cluster));
        return false;
      }
      row_cluster_ = id;
      return true;
    }
    case FieldType::kYear: {
      auto n = parse_number(v.text);
      if (!n || *n != std::floor(*n) || *n < domain::kFirstYear || *n > domain::kLastYear) {
        problem(line, &b, v.text, "is not a year");
        return false;
      }
      v.number = *n;
      if (field.key != "year") return true;  // another year, e.g. a platform's establishment
      if (row_year_ && *row_year_ != static_cast<int>(*n)) {
        problem(line, &b, v.text, fmt::format("differs from --year {}", *row_year_));
        return false;
      }
      row_year_ = static_cast<int>(*n);
      return true;
    }
    case FieldType::kFlag: {
      auto flag = parse_flag(v.text);
      if (!flag) {
        problem(line, &b, v.text, "is not yes or no (是/否, Y/N, 1/0)");
        return false;
      }
      v.flag = *flag;
      return true;
    }
    case FieldType::kAmount:
    case FieldType::kCount:
    case FieldType::kWholeCount:
    case FieldType::kCoordinate: {
      auto n = parse_number(v.text);
      if (!n) {
        problem(line, &b, v.text, "is not a number");
        return false;
      }
      v.number = *n * b.factor;
      if (v.number < 0 && field.key != "profit" && field.type != FieldType::kCoordinate) {
        problem(line, &b, v.text, "is negative");
        return false;
      }
      if (field.type == FieldType::kWholeCount && v.number != std::floor(v.number)) {
        problem(line, &b, v.text, "is not a whole number");
        return false;
      }
      return true;
    }
  }
  return false;
}

void RowImport::progress(const std::string& text) const {
  static const bool tty = isatty(STDERR_FILENO);
  if (options_.progress && tty) std::cerr << text << std::flush;
}

void RowImport::reject(std::vector<std::string> cells, std::int64_t line,
                       const std::string& reason) {
  if (!rejects_) return;
  cells.resize(header_.size());
  cells.push_back(std::to_string(line));
  cells.push_back(reason);
  *rejects_ << report::csv_record(cells);
}

void RowImport::open_rejects() {
  rejects_.emplace(options_.rejects_path, std::ios::binary | std::ios::trunc);
  if (!*rejects_) {
    throw Error(ErrorKind::kBadInput, "cannot write the rejects file",
                {options_.rejects_path, 0, "", ""});
  }
  keeping_cells_ = true;
  *rejects_ << "\xEF\xBB\xBF";  // Excel opens it as UTF-8
  std::vector<std::string> header = header_;
  header.push_back("_row");
  header.push_back("_problem");
  *rejects_ << report::csv_record(header);
}

std::optional<std::int64_t> RowImport::resolve_cluster(const std::string& text) {
  auto it = clusters_.find(text);
  if (it != clusters_.end()) return it->second;
  auto found = store_.find_clusters(text);  // a former name or a unique part of a name
  std::optional<std::int64_t> id;
  if (found.size() == 1) id = found[0].id;
  if (id) clusters_[text] = *id;
  return id;
}

void RowImport::problem(std::int64_t line, const ColumnBinding* b, const std::string& value,
                        const std::string& message, bool warning) {
  (warning ? report_.warnings : report_.errors) += 1;
  if (!warning) {
    ++row_problems_;
    last_error_ = (b ? b->header + ": " : "") + message;
  }
  if (report_.problems.size() < kMaxProblems) {
    report_.problems.push_back({line, b ? b->header : "", value, message, warning});
  }
}

}  // namespace atlas::ingest
