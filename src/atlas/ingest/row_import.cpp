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
#include "atlas/core/text.h"
#include "atlas/domain/credit_code.h"
#include "atlas/domain/rules.h"
#include "atlas/ingest/file_rows.h"
#include "atlas/report/table.h"

namespace atlas::ingest {
namespace {

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
  if (is_missing_text(v.text)) {
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
      auto n = parse_plain_number(v.text);
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
      auto n = parse_plain_number(v.text);
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
