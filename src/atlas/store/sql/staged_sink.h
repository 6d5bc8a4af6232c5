// What every store's import sink of enterprise rows shares: the rows staged outside the database
// (StagedRows), the conflicts found from their keys in memory, and the staged rows read back in
// the orders the registry is written in. Each database writes them its own way: SQLite through
// a virtual table over these streams (sqlite/sqlite_import.cpp), PostgreSQL through COPY
// (postgres/pg_import.cpp). Internal to store/.
#pragma once
#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "atlas/store/sql/connection.h"
#include "atlas/store/sql/enterprise_rows.h"
#include "atlas/store/store.h"

namespace atlas::store::sql {

// The rows an import writes, in the order it writes them, one at a time.
class RowStream {
 public:
  virtual ~RowStream() = default;
  virtual bool next() = 0;  // false at the end
  virtual const StagedRow& row() const = 0;
};

// Rows of a StagedRows reader, without the skipped lines.
class KeyOrder final : public RowStream {
 public:
  KeyOrder(StagedRows& rows, const std::vector<std::int64_t>& skip)
      : reader_(rows.sorted()), skip_(skip) {}
  bool next() override {
    while (reader_->next()) {
      const StagedRow& r = reader_->row();
      if (std::binary_search(skip_.begin(), skip_.end(), r.line)) continue;
      // Folds the codes handed out, in order: two streams that handed out the same codes in the
      // same order end with the same count and sum.
      ++rows_;
      codes_ = (codes_ ^ r.key.hi) * 0x100000001b3u + (r.key.lo >> 19);
      return true;
    }
    return false;
  }
  const StagedRow& row() const override { return reader_->row(); }
  bool same_codes(const KeyOrder& o) const { return rows_ == o.rows_ && codes_ == o.codes_; }

 private:
  std::unique_ptr<StagedRows::Sorted> reader_;
  const std::vector<std::int64_t>& skip_;
  std::uint64_t rows_ = 0, codes_ = 0;
};

// The same rows in credit-code order, but each enterprise's rows in line order, so that its name
// and place are taken as the file gives them (the last row's name wins).
class EnterpriseOrder final : public RowStream {
 public:
  EnterpriseOrder(StagedRows& rows, const std::vector<std::int64_t>& skip) : rows_(rows, skip) {
    more_ = rows_.next();
  }
  bool next() override {
    if (++at_ < group_.size()) return true;
    group_.clear();
    text_.clear();
    at_ = 0;
    if (!more_) return false;
    do {  // copy the enterprise's rows out of the reader's buffer
      group_.push_back(rows_.row());
      text_.append(rows_.row().code);
      text_.append(rows_.row().name);
      more_ = rows_.next();
    } while (more_ && rows_.row().key.same_code(group_.front().key));
    std::size_t pos = 0;
    for (auto& r : group_) {
      r.code = std::string_view(text_).substr(pos, r.code.size());
      pos += r.code.size();
      r.name = std::string_view(text_).substr(pos, r.name.size());
      pos += r.name.size();
      r.kept = {};
    }
    if (group_.size() > 1) {
      std::stable_sort(group_.begin(), group_.end(),
                       [](const StagedRow& a, const StagedRow& b) { return a.line < b.line; });
    }
    return true;
  }
  const StagedRow& row() const override { return group_[at_]; }
  const KeyOrder& codes() const { return rows_; }

 private:
  KeyOrder rows_;
  bool more_;
  std::vector<StagedRow> group_;
  std::string text_;
  std::size_t at_ = 0;
};

// An EnterpriseSink that stages rows and finds their conflicts; a subclass finds the rows other
// clusters hold (for_each_held) and stores the rows (store()).
class StagedSink : public EnterpriseSink {
 public:
  // `db`: where the names of clusters in messages are read.
  explicit StagedSink(Connection& db) : db_(db) {}
  StagedSink(const StagedSink&) = delete;
  StagedSink& operator=(const StagedSink&) = delete;

  void add(const domain::Enterprise& e, const domain::EnterpriseYear& row, std::int64_t line,
           const std::string& keep) override;
  std::vector<RowConflict> conflicts() override;

 protected:
  struct Key {
    RowKey key;
    std::int64_t line;
    bool operator<(const Key& o) const { return key != o.key ? key < o.key : line < o.line; }
  };

  // Calls `held(key, cluster)` for each current row of another cluster for an enterprise and
  // year of this file.
  virtual void for_each_held(const std::function<void(const RowKey&, std::int64_t)>& held) = 0;
  const std::string& cluster_name(std::int64_t id);

  Connection& db_;
  RowKeys codes_;
  StagedRows rows_;
  LargeArray<Key> keys_;  // every staged row's key and line
  bool kept_ = false;     // some rows carry cells to return with a conflict
  std::set<std::pair<int, std::int64_t>> covered_;  // the (year, cluster)s this file speaks for

 private:
  std::pair<int, std::int64_t> last_covered_{0, -1};
  std::map<std::int64_t, std::string> cluster_names_;
};

}  // namespace atlas::store::sql
