// What every import of annual statistics shares, whatever it carries (enterprise rows, a
// cluster's JQ01 totals, platforms, JQ03 institutions, JQ04 alliances): opening CSV, TSV or XLSX
// in UTF-8 or GB18030, finding and mapping the header (under a title, if any), skipping total and
// empty rows, reading typed values out of cells as offices type them (cells.h), reporting each
// problem with file, rows, column, value and reason — once for all the rows it occurs on — and
// writing refused rows, with every reason, to a rejects file.
#pragma once
#include <cstdint>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "atlas/core/text.h"
#include "atlas/core/whole_file.h"
#include "atlas/ingest/columns.h"
#include "atlas/ingest/encoding.h"
#include "atlas/ingest/rows.h"
#include "atlas/store/store.h"

namespace atlas::ingest {

// The units a file's rows may name when they are not the registry's clusters (a round's
// applications, which report JQ01 figures before they are clusters): each unit's id by every
// text a cell may give for it, the names "did you mean" offers, and a message's words.
struct ReportingUnits {
  std::unordered_map<std::string, std::int64_t> ids;
  std::vector<std::string> names;
  std::string what;  // "application of round 3"
  std::string hint;  // "give its id or proposed cluster name (clusteratlas application list)"
};

struct ImportOptions {
  std::string path;
  std::optional<int> year;                 // for every row; else a year column is needed
  std::optional<std::string> cluster;      // for every row (id or name); else a cluster column
  std::optional<Encoding> encoding;        // nullopt = detect
  std::string sheet;                       // XLSX sheet; empty = the first
  std::optional<std::int64_t> header_row;  // the header's row; nullopt = found among the first rows
  std::string mapping_path;                // YAML header mapping, optional
  bool dry_run = false;
  std::string rejects_path;  // --skip-invalid: keep valid rows, write the others here
  bool progress = false;     // progress on stderr
  // The name reports and the revision give the file (a server's upload is kept under a
  // temporary path; its name is only a label); empty: the path's file name.
  std::string file_name;
  // Called as the import goes (rows read so far, and the phase: "reading", "checking",
  // "writing", "committing"), often enough for a progress bar and cheap enough not to slow the
  // reading. It may throw to stop the import (a cancelled job): the store's transaction then
  // keeps nothing.
  std::function<void(std::int64_t rows_read, const char* phase)> on_progress;
  // The rows' units when they are not the registry's clusters.
  std::optional<ReportingUnits> units;
};

// One problem — the same column, value and reason — and every row it occurs on.
struct Problem {
  std::vector<std::pair<std::int64_t, std::int64_t>> rows;  // ranges first–last, ascending
  std::int64_t count = 0;  // rows in all (the ranges stop at kMaxProblemRanges)
  std::string column, value, message;
  bool warning = false;
  std::int64_t row() const { return rows.front().first; }
};

struct ImportReport {
  store::ImportRevision revision;  // id 0 when nothing was kept
  std::vector<Problem> problems;   // the first kMaxProblems, errors and warnings
  std::int64_t errors = 0, warnings = 0;
  std::vector<std::string> ignored_columns;
  std::vector<std::string> notes;  // where the header was, rows skipped (totals, empty rows)
  std::optional<store::ImportRevision> identical_to;  // the same file, imported before
};

inline constexpr std::size_t kMaxProblems = 1000;
inline constexpr std::size_t kMaxProblemRanges = 1000;

// "5", "5–34", "5, 7, 9–12": rows as a person reads them.
std::string row_ranges(const Problem& p);

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

  // Reports a problem of row `line`, as one entry with every other row where the same column,
  // value and reason occur; an error also counts against the row and joins its reasons.
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
  std::string row_errors_;  // all of them, for the rejects file
  std::optional<std::int64_t> row_cluster_;
  std::optional<int> row_year_;
  bool keeping_cells_ = false;  // a rejects file is written: rows may need their cells later
  // The cells come from TextInput, which has already checked (or produced) valid UTF-8, so
  // text cells need not be checked again; XLSX cells are still checked.
  bool cells_valid_utf8_ = false;

 private:
  bool parse_value(std::int64_t line, const ColumnBinding& b, Value& v);
  bool parse_credit_code(std::int64_t line, const ColumnBinding& b, Value& v);
  void read_rows(RowSource& rows, store::ImportRevision& meta);
  // Reads up to the header (the user's --header-row, or found among the first rows) into
  // header_ and header_line_, noting the rows skipped above it; leaves in `data` the rows read
  // after it.
  void read_header(RowSource& rows,
                   std::vector<std::pair<std::int64_t, std::vector<std::string>>>& data);
  void take_row(std::int64_t line, const std::vector<std::string>& cells,
                store::ImportRevision& meta);
  void note_skipped_rows();
  void check_header_years(std::int64_t line);
  void open_rejects();
  std::string cluster_not_found(const std::string& text);
  // "no such cluster; give its id …", with `besides` after the first words and a did-you-mean.
  std::string unit_not_found(const std::string& text, const std::string& besides);

  const std::vector<FieldSpec>& fields_;
  bool year_required_;
  std::optional<CustomMapping> custom_;
  std::vector<std::string> header_;
  std::int64_t header_line_ = 1;
  std::unordered_map<std::string, std::optional<std::int64_t>> clusters_;  // looked up once
  std::vector<std::string> cluster_names_;                                 // for "did you mean"
  std::unordered_map<std::string, std::string> unknown_clusters_;          // name → message
  std::optional<std::int64_t> fixed_cluster_;
  std::vector<const ColumnBinding*> dated_;  // headed with a year, checked against each row's
  std::unordered_map<std::string, std::size_t> problem_index_;  // → report_.problems
  bool xlsx_ = false;
  int name_column_ = -1;  // where a total row's 合计 may stand besides the first cell
  std::vector<std::int64_t> blank_rows_, pending_blank_rows_;
  std::vector<std::pair<std::int64_t, std::string>> total_rows_;
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
  if (!dated_.empty()) check_header_years(line);
}

}  // namespace atlas::ingest
