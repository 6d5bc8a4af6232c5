// What every import of annual statistics shares, whatever it carries (enterprise rows, a
// cluster's JQ01 totals, platforms, JQ03 institutions, JQ04 alliances): opening CSV, TSV or XLSX
// in UTF-8 or GB18030, mapping the header, reading typed values out of cells, reporting each
// problem with file, row, column, value and reason, and writing refused rows to a rejects file.
#pragma once
#include <cstdint>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "atlas/core/text.h"
#include "atlas/core/whole_file.h"
#include "atlas/ingest/columns.h"
#include "atlas/ingest/encoding.h"
#include "atlas/ingest/rows.h"
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

// A cell's value, read as its field's type says. Only what the type defines is set.
struct Value {
  const ColumnBinding* binding = nullptr;
  std::string text;   // the trimmed cell
  double number = 0;  // numbers, in the field's canonical unit
  bool flag = false;  // kFlag
};

class RowImport {
 public:
  RowImport(store::Store& store, const ImportOptions& options, ImportReport& report,
            const std::vector<FieldSpec>& fields, bool year_required);
  virtual ~RowImport() = default;

  // Reads the whole file, header first, each data row through import_row(); fills meta's row
  // counts, encoding and SHA-256. Throws atlas::Error for a file that cannot be read at all.
  void read(store::ImportRevision& meta);
  // True (and the report says which) when a file with these bytes was imported before.
  bool identical(const store::ImportRevision& meta);
  // Whether the rows should be kept: not a dry run, and no errors unless rejects are asked for.
  bool keep() const;
  // The rejects file, whole or absent (core::WholeFile): finish_rejects() checks it was all
  // written, before the import commits, so that a failed write keeps nothing; commit_rejects()
  // puts it in place once the import has committed. Without them it is removed.
  void finish_rejects();
  void commit_rejects();

 protected:
  // Checks one data row and takes it; false when it has an error (it is then rejected).
  virtual bool import_row(std::int64_t line, const std::vector<std::string>& cells) = 0;

  // Reads a row's cells into values, reporting what is empty but required and what does not
  // parse; resolves the row's cluster and year (columns or the options) into row_cluster_ and
  // row_year_. Calls take(const Value&) for each valid value.
  template <class Take>
  void parse_row(std::int64_t line, const std::vector<std::string>& cells, Take take);

  void problem(std::int64_t line, const ColumnBinding* b, const std::string& value,
               const std::string& message, bool warning = false);
  // Writes a refused row, with its line and the reason, to the rejects file (if any).
  void reject(std::vector<std::string> cells, std::int64_t line, const std::string& reason);
  void progress(const std::string& text) const;
  std::optional<std::int64_t> resolve_cluster(const std::string& text);

  store::Store& store_;
  const ImportOptions& options_;
  ImportReport& report_;
  HeaderMapping mapping_;
  int row_problems_ = 0;    // errors of the current row
  std::string last_error_;  // the last of them, for the rejects file
  std::optional<std::int64_t> row_cluster_;
  std::optional<int> row_year_;
  bool keeping_cells_ = false;  // a rejects file is written: rows may need their cells later
  // The cells come from TextInput, which has already checked (or produced) valid UTF-8, so
  // text cells need not be checked again; XLSX cells are still checked.
  bool cells_valid_utf8_ = false;

 private:
  bool parse_value(std::int64_t line, const ColumnBinding& b, Value& v);
  void read_rows(RowSource& rows, store::ImportRevision& meta);
  void open_rejects();

  const std::vector<FieldSpec>& fields_;
  bool year_required_;
  std::vector<std::string> header_;
  std::unordered_map<std::string, std::int64_t> clusters_;  // looked up once a row
  std::optional<std::int64_t> fixed_cluster_;
  std::optional<core::WholeFile> rejects_;
  Value value_;
};

template <class Take>
void RowImport::parse_row(std::int64_t line, const std::vector<std::string>& cells, Take take) {
  row_cluster_ = fixed_cluster_;
  row_year_ = options_.year;
  Value& v = value_;  // reused, so its text keeps its capacity: no allocation per cell
  for (const auto& b : mapping_.bindings) {
    v.binding = &b;
    std::string_view cell;
    if (b.column < static_cast<int>(cells.size())) cell = cells[b.column];
    v.text.assign(text::trim_view(cell));  // one copy of the trimmed cell
    if (parse_value(line, b, v)) take(v);
  }
}

}  // namespace atlas::ingest
