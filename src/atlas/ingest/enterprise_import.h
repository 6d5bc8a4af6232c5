// Imports a file of enterprise-year rows (CSV, TSV or XLSX; UTF-8 or GB18030) as one revision:
// each row is checked field by field and every problem reported with file, row, column, value and
// reason. Rows stream from the file into one transaction; nothing is kept when any row has an
// error (unless rejects are asked for), when it is a dry run, or when the same file was imported
// before. Memory stays bounded whatever the file size.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "atlas/ingest/encoding.h"
#include "atlas/store/store.h"

namespace atlas::ingest {

struct ImportOptions {
  std::string path;
  std::optional<int> year;             // for every row; else a year column is needed
  std::optional<std::string> cluster;  // for every row (id or name); else a cluster column
  std::optional<Encoding> encoding;    // nullopt = detect
  std::string sheet;                   // XLSX sheet; empty = the first
  std::string mapping_path;            // YAML header mapping, optional
  bool dry_run = false;
  std::string rejects_path;  // --skip-invalid: keep valid rows, write the others here
  bool progress = false;     // progress on stderr
};

struct Problem {
  std::int64_t row = 0;
  std::string column, value, message;
  bool warning = false;
};

struct ImportReport {
  store::ImportRevision revision;  // id 0 when nothing was kept
  std::vector<Problem> problems;   // the first kMaxProblems, errors and warnings
  std::int64_t errors = 0, warnings = 0;
  std::vector<std::string> ignored_columns;
  std::optional<store::ImportRevision> identical_to;  // the same file, imported before
};

inline constexpr std::size_t kMaxProblems = 1000;

ImportReport import_enterprises(store::Store& store, const ImportOptions& options,
                                const store::Actor& actor);

}  // namespace atlas::ingest
