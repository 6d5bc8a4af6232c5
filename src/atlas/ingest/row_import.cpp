#include "atlas/ingest/row_import.h"

#include <unistd.h>

#include <cmath>
#include <condition_variable>
#include <deque>
#include <exception>
#include <iostream>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/suggest.h"
#include "atlas/core/text.h"
#include "atlas/domain/credit_code.h"
#include "atlas/domain/rules.h"
#include "atlas/ingest/cells.h"
#include "atlas/ingest/file_rows.h"
#include "atlas/ingest/xlsx.h"
#include "atlas/report/table.h"

namespace atlas::ingest {
namespace {

const std::string kNoColumn;

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

// A RowSource read ahead on a second thread: the file's reading, UTF-8 check, SHA-256 and CSV
// parsing (a third of the read phase of a large import) run while the caller checks the rows
// before them. Rows come back in order, in batches whose cells are swapped, not copied, and
// whose strings go back to the reader to be refilled, so a row costs no allocation. An error of
// the file is rethrown by next() where the rows before it end, as reading in line would.
class ReadAhead final : public RowSource {
 public:
  explicit ReadAhead(RowSource& in) : in_(in) {
    for (auto& b : batches_) free_.push_back(&b);
    thread_ = std::thread([this] { produce(); });
  }
  ~ReadAhead() override {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }

  bool next(std::vector<std::string>& cells) override {
    if (!current_ || at_ == current_->size) {
      std::unique_lock lock(mutex_);
      if (current_) {
        free_.push_back(current_);
        current_ = nullptr;
        changed_.notify_all();
      }
      changed_.wait(lock, [&] { return !ready_.empty() || finished_; });
      if (ready_.empty()) {  // the end, or an error after the rows before it
        if (error_) std::rethrow_exception(error_);
        cells.clear();
        return false;
      }
      current_ = ready_.front();
      ready_.pop_front();
      at_ = 0;
    }
    cells.swap(current_->rows[at_]);
    line_ = current_->lines[at_];
    ++at_;
    return true;
  }
  std::int64_t line() const override { return line_; }
  const std::string& source() const override { return in_.source(); }

 private:
  static constexpr std::size_t kRows = 1024;  // per batch
  struct Batch {
    std::vector<std::vector<std::string>> rows = std::vector<std::vector<std::string>>(kRows);
    std::vector<std::int64_t> lines = std::vector<std::int64_t>(kRows);
    std::size_t size = 0;
  };

  void produce() {
    for (;;) {
      Batch* b;
      {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return stop_ || !free_.empty(); });
        if (stop_) return;
        b = free_.front();
        free_.pop_front();
      }
      b->size = 0;
      bool more = true;
      std::exception_ptr error;
      try {
        while (b->size < kRows && (more = in_.next(b->rows[b->size]))) {
          b->lines[b->size++] = in_.line();
        }
      } catch (...) {
        error = std::current_exception();
        more = false;
      }
      std::lock_guard lock(mutex_);
      if (b->size > 0) {
        ready_.push_back(b);
      } else {
        free_.push_back(b);
      }
      if (!more) {
        finished_ = true;
        error_ = error;
      }
      changed_.notify_all();
      if (!more) return;
    }
  }

  RowSource& in_;
  Batch batches_[4];
  std::deque<Batch*> free_, ready_;  // guarded by mutex_
  bool stop_ = false, finished_ = false;
  std::exception_ptr error_;
  Batch* current_ = nullptr;  // the consumer's
  std::size_t at_ = 0;
  std::int64_t line_ = 0;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::thread thread_;
};

}  // namespace

RowImport::RowImport(store::Store& store, const ImportOptions& options, ImportReport& report,
                     const std::vector<FieldSpec>& fields, bool year_required)
    : store_(store),
      options_(options),
      report_(report),
      fields_(fields),
      year_required_(year_required) {}

void RowImport::read(store::ImportRevision& meta) {
  FileRows file(options_.path, options_.sheet, options_.encoding);
  meta.encoding = file.encoding_name();
  cells_valid_utf8_ = file.cells_valid_utf8();
  xlsx_ = meta.encoding == "xlsx";
  {
    ReadAhead rows(file.rows());
    read_rows(rows, meta);
  }  // the reader thread has stopped: the file's hash is complete and ours to read
  meta.sha256 = file.sha256();
}

bool RowImport::identical(const store::ImportRevision& meta) {
  report_.identical_to = store_.revision_with_hash(meta.kind, meta.sha256, meta.year);
  return report_.identical_to.has_value();
}

bool RowImport::keep() const {
  return !options_.dry_run && (report_.errors == 0 || !options_.rejects_path.empty());
}

void RowImport::read_header(RowSource& rows,
                            std::vector<std::pair<std::int64_t, std::vector<std::string>>>& data) {
  const std::string& file = report_.revision.file_name;
  std::vector<std::string> cells;
  if (options_.header_row) {
    const std::int64_t wanted = *options_.header_row;
    while (header_.empty() && rows.next(cells)) {
      if (rows.line() < wanted) continue;
      if (rows.line() > wanted || is_blank_row(cells)) break;
      header_ = cells;
    }
    if (header_.empty()) {
      throw Error(ErrorKind::kBadInput,
                  fmt::format("--header-row {}: the row is empty or not in the file", wanted),
                  {rows.source(), wanted, "", ""});
    }
    header_line_ = wanted;
    if (wanted > 1) {
      report_.notes.push_back(
          fmt::format("{}: header on row {} (--header-row); {} skipped", file, wanted,
                      wanted == 2 ? "row 1" : fmt::format("rows 1–{}", wanted - 1)));
    }
    return;
  }
  // A title (merged cells), a subtitle or a blank line may stand above the header: it is the
  // row among the first that names the most fields.
  std::vector<std::pair<std::int64_t, std::vector<std::string>>> head;
  std::vector<std::vector<std::string>> candidates;
  std::vector<std::size_t> at;  // candidates[i] is head[at[i]]
  while (candidates.size() < kHeaderSearchRows && rows.next(cells)) {
    if (!is_blank_row(cells)) {
      candidates.push_back(cells);
      at.push_back(head.size());
    }
    head.emplace_back(rows.line(), cells);
  }
  if (candidates.empty()) {
    throw Error(ErrorKind::kBadInput, "the file is empty", {rows.source(), 1, "", ""});
  }
  const std::size_t pick = find_header_row(candidates, fields_, custom_ ? &*custom_ : nullptr);
  header_ = std::move(candidates[pick]);
  header_line_ = head[at[pick]].first;
  if (pick > 0) report_.notes.push_back(header_found_note(file, head[at[0]].first, header_line_));
  for (std::size_t i = at[pick] + 1; i < head.size(); ++i) data.push_back(std::move(head[i]));
}

void RowImport::read_rows(RowSource& rows, store::ImportRevision& meta) {
  if (!options_.mapping_path.empty()) custom_ = load_mapping(options_.mapping_path);
  std::vector<std::pair<std::int64_t, std::vector<std::string>>> data;
  read_header(rows, data);
  mapping_ = map_header(header_, fields_, custom_ ? &*custom_ : nullptr, rows.source(),
                        header_line_, options_.year);
  report_.ignored_columns = mapping_.ignored;
  for (const auto& b : mapping_.bindings) {
    if (b.year && !options_.year) dated_.push_back(&b);
  }
  const ColumnBinding* name = mapping_.find("name");
  if (!name) name = mapping_.find("cluster");
  if (name) name_column_ = name->column;

  std::vector<std::string> missing, flags;
  if (!options_.cluster && !mapping_.find("cluster")) {
    missing.push_back("cluster (集群名称)");
    flags.push_back("--cluster");
  }
  if (year_required_ && !options_.year && !mapping_.find("year")) {
    missing.push_back("year (年份)");
    flags.push_back(dated_.empty()
                        ? "--year"
                        : fmt::format("--year (the headers say {})", dated_.front()->year));
  }
  if (!missing.empty()) {
    throw Error(ErrorKind::kBadInput,
                fmt::format("header: no column for {}; add the column or give {} for the whole "
                            "file",
                            fmt::join(missing, " or "), fmt::join(flags, " and ")),
                {rows.source(), header_line_, "", ""});
  }
  if (!options_.rejects_path.empty() && !options_.dry_run) open_rejects();
  if (options_.units) {
    clusters_.insert(options_.units->ids.begin(), options_.units->ids.end());
    cluster_names_ = options_.units->names;
  } else {
    for (const auto& c : store_.clusters({})) {
      clusters_[c.name] = c.id;
      clusters_[std::to_string(c.id)] = c.id;
      cluster_names_.push_back(c.name);
    }
  }
  if (options_.cluster) {
    fixed_cluster_ = resolve_cluster(*options_.cluster);
    if (!fixed_cluster_) {
      throw Error(ErrorKind::kNotFound,
                  fmt::format("--cluster {}: {}", *options_.cluster,
                              unit_not_found(*options_.cluster, "or more than one matches")));
    }
  }

  for (auto& [line, cells] : data) take_row(line, cells, meta);
  std::vector<std::string> cells;
  while (rows.next(cells)) take_row(rows.line(), cells, meta);
  progress("\n");
  note_skipped_rows();
  meta.warnings = report_.warnings;
}

void RowImport::take_row(std::int64_t line, const std::vector<std::string>& cells,
                         store::ImportRevision& meta) {
  if (is_blank_row(cells)) {  // a blank line, or a row of bare commas
    pending_blank_rows_.push_back(line);
    return;
  }
  if (!pending_blank_rows_.empty()) {  // blank rows between rows of data are worth a note
    blank_rows_.insert(blank_rows_.end(), pending_blank_rows_.begin(), pending_blank_rows_.end());
    pending_blank_rows_.clear();
  }
  if (auto word = total_row_word(cells, name_column_); !word.empty()) {
    total_rows_.emplace_back(line, std::move(word));
    return;
  }
  ++meta.rows_read;
  row_problems_ = 0;
  row_errors_.clear();
  if (import_row(line, cells)) {
    ++meta.rows_imported;
  } else {
    ++meta.rows_rejected;
    reject(cells, line, row_errors_);
  }
  if (meta.rows_read % 100000 == 0) progress(fmt::format("\r  {} rows read", meta.rows_read));
  if (options_.on_progress && meta.rows_read % 1000 == 0) {
    options_.on_progress(meta.rows_read, "reading");
  }
}

void RowImport::note_skipped_rows() {
  const std::string& file = report_.revision.file_name;
  auto rows = [](const std::vector<std::int64_t>& lines) {
    Problem p;  // only for its ranges
    for (auto l : lines) {
      if (!p.rows.empty() && p.rows.back().second + 1 == l) {
        p.rows.back().second = l;
      } else {
        p.rows.emplace_back(l, l);
      }
      ++p.count;
    }
    return fmt::format("{} {}", lines.size() == 1 ? "row" : "rows", row_ranges(p));
  };
  if (!total_rows_.empty()) {
    std::vector<std::int64_t> lines;
    std::vector<std::string> words;
    for (const auto& [line, word] : total_rows_) {
      lines.push_back(line);
      if (std::find(words.begin(), words.end(), word) == words.end()) words.push_back(word);
    }
    report_.notes.push_back(fmt::format("{}, {}: skipped, {} ('{}')", file, rows(lines),
                                        lines.size() == 1 ? "a total row" : "total rows",
                                        fmt::join(words, "', '")));
  }
  if (!blank_rows_.empty()) {
    report_.notes.push_back(fmt::format("{}, {}: skipped, empty", file, rows(blank_rows_)));
  }
}

void RowImport::check_header_years(std::int64_t line) {
  for (const ColumnBinding* b : dated_) {
    if (row_year_ && *row_year_ != b->year) {
      problem(line, b, "",
              fmt::format("the column is for {} but the row is for {}", b->year, *row_year_));
    }
  }
}

bool RowImport::parse_value(std::int64_t line, const ColumnBinding& b, Value& v) {
  const FieldSpec& field = *b.field;
  if (is_missing_text(v.text)) {
    bool needed = field.required || (field.type == FieldType::kCluster && !options_.cluster) ||
                  (field.type == FieldType::kYear && year_required_ && !options_.year);
    if (needed) problem(line, &b, v.text, "is empty");
    return false;
  }
  switch (field.type) {
    case FieldType::kCreditCode: return parse_credit_code(line, b, v);
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
        problem(line, &b, v.text, cluster_not_found(v.text));
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
      std::string why;
      auto n = parse_year(v.text, &why);
      if (!n) {
        problem(line, &b, v.text,
                why.empty() ? "is not a year (write 2024, 2024年 or a date such as 2024-12-31)"
                            : "is not a year: " + why);
        return false;
      }
      if (*n < domain::kFirstYear || *n > domain::kLastYear) {
        problem(line, &b, v.text,
                fmt::format("is not a year of the programme ({}–{})", domain::kFirstYear,
                            domain::kLastYear));
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
      std::string why;
      auto n = parse_number(v.text, &why);
      if (!n) {
        problem(line, &b, v.text, why.empty() ? "is not a number" : "is not a number: " + why);
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
  rejects_->stream() << report::csv_record(cells);
}

void RowImport::finish_rejects() {
  if (rejects_) rejects_->finish();
}

void RowImport::commit_rejects() {
  if (rejects_) rejects_->commit();
}

void RowImport::open_rejects() {
  rejects_.emplace(options_.rejects_path);
  keeping_cells_ = true;
  auto& out = rejects_->stream();
  out << "\xEF\xBB\xBF";  // Excel opens it as UTF-8
  std::vector<std::string> header = header_;
  header.push_back("_row");
  header.push_back("_problem");
  out << report::csv_record(header);
}

std::optional<std::int64_t> RowImport::resolve_cluster(const std::string& text) {
  auto it = clusters_.find(text);
  if (it != clusters_.end()) return it->second;
  if (options_.units) return std::nullopt;  // only the names given
  auto found = store_.find_clusters(text);  // a former name or a unique part of a name
  std::optional<std::int64_t> id;
  if (found.size() == 1) id = found[0].id;
  clusters_[text] = id;  // a name not found is not looked for again on every row
  return id;
}

std::string RowImport::cluster_not_found(const std::string& text) {
  auto [it, fresh] = unknown_clusters_.try_emplace(text);
  if (fresh) it->second = unit_not_found(text, "");
  return it->second;
}

std::string RowImport::unit_not_found(const std::string& text, const std::string& besides) {
  const auto& units = options_.units;
  const std::string what = units ? units->what : "cluster";
  const std::string hint =
      units ? units->hint : "give its id or full name (see `clusteratlas cluster list`)";
  return fmt::format("no such {}{}{}; {}", what, besides.empty() ? "" : ", " + besides,
                     text::did_you_mean(text, cluster_names_), hint);
}

bool RowImport::parse_credit_code(std::int64_t line, const ColumnBinding& b, Value& v) {
  auto why = domain::credit_code_problem(v.text);
  if (!why) return true;
  const std::string written = v.text;
  if (canonical_credit_code(v.text)) {  // 91420600ma4a1b2c3x, full-width digits
    why = domain::credit_code_problem(v.text);
    if (!why) return true;
  }
  if (is_excel_number(written)) {
    problem(line, &b, written,
            fmt::format(
                "is a number, not a credit code{}: Excel turned the code into a number "
                "and lost its last digits; format the column as text in Excel "
                "(设置单元格格式 → 文本) and type the codes again",
                xlsx_ ? fmt::format(" (cell {}{})", xlsx_column_name(b.column + 1), line) : ""));
  } else {
    problem(line, &b, written, *why);
  }
  return false;
}

void RowImport::problem(std::int64_t line, const ColumnBinding* b, const std::string& value,
                        const std::string& message, bool warning) {
  (warning ? report_.warnings : report_.errors) += 1;
  const std::string& column = b ? b->header : kNoColumn;
  if (!warning) {
    ++row_problems_;
    if (!row_errors_.empty()) row_errors_ += "; ";
    if (b) row_errors_ += column + ": ";
    row_errors_ += message;
  }
  // The same problem on many rows (a misspelt cluster on every row of the file) is one entry
  // with the rows, not as many lines.
  auto [it, fresh] = problem_index_.try_emplace(
      fmt::format("{}\x1f{}\x1f{}\x1f{}", column, value, message, warning),
      report_.problems.size());
  if (fresh) {
    if (report_.problems.size() < kMaxProblems) {
      report_.problems.push_back({{{line, line}}, 1, column, value, message, warning});
    } else {
      problem_index_.erase(it);
    }
    return;
  }
  Problem& p = report_.problems[it->second];
  ++p.count;
  auto& last = p.rows.back();
  if (line >= last.first && line <= last.second + 1) {
    last.second = std::max(last.second, line);
  } else if (p.rows.size() < kMaxProblemRanges) {
    // Rows come in order, except the conflicts found once the file is read.
    auto at = std::lower_bound(p.rows.begin(), p.rows.end(), std::pair{line, line});
    p.rows.insert(at, {line, line});
  }
}

std::string row_ranges(const Problem& p) {
  constexpr std::size_t kShown = 10;
  std::string out;
  std::int64_t covered = 0;
  for (std::size_t i = 0; i < p.rows.size(); ++i) {
    const auto [first, last] = p.rows[i];
    covered += last - first + 1;
    if (i >= kShown) continue;
    if (!out.empty()) out += ", ";
    out += first == last ? std::to_string(first) : fmt::format("{}–{}", first, last);
  }
  if (p.rows.size() > kShown || covered < p.count) {
    out += fmt::format(", … ({} rows in all)", std::max(covered, p.count));
  }
  return out;
}

}  // namespace atlas::ingest
