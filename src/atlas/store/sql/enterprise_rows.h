// enterprise_year columns in one fixed order, shared by the store's files that read and
// write enterprise rows. Internal to store/.
#pragma once
#include <compare>
#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atlas/domain/enterprise.h"
#include "atlas/store/sql/connection.h"
#include "atlas/store/sql/large_array.h"

namespace atlas::store::sql {

extern const char* const kYearColumns[];
extern const int kYearColumnCount;

// "y.credit_code, y.year, …" for prefix "y.".
std::string year_columns(std::string_view prefix);
// Reads the year columns starting at result column `first`.
domain::EnterpriseYear read_year(sql::Statement& q, int first);
// Binds the year columns starting at parameter `first`; returns the next parameter index.
int bind_year(sql::Statement& q, const domain::EnterpriseYear& row, int first);
// Reads credit_code, name, lat, lon, synthetic starting at result column `first`.
domain::Enterprise read_enterprise(sql::Statement& q, int first);

// A recursive CTE `current_years(year)`: the years with current enterprise rows, found by
// stepping from one year to the next along the (year, credit_code) index — a seek per year
// instead of a scan of every row. Its last row is NULL. Use after WITH RECURSIVE.
inline constexpr const char* kCurrentYears =
    "current_years(year) AS (SELECT min(year) FROM enterprise_year WHERE current = 1 "
    "UNION ALL SELECT (SELECT min(year) FROM enterprise_year WHERE current = 1 "
    "AND year > current_years.year) FROM current_years WHERE year IS NOT NULL)";

}  // namespace atlas::store::sql

namespace atlas::store::sql {

// An enterprise and year row's sort key: its credit code, then its year, as two integers that
// compare like the text does. A code of 18 GB 32100-2015 characters packs into 90 bits, 5 bits a
// character; any other text is numbered (and sorts after them), so equal keys always mean equal
// codes. Comparing two integers instead of two strings is most of what sorting the rows costs.
struct RowKey {
  std::uint64_t hi = 0, lo = 0;  // lo's low 19 bits hold the year
  friend bool operator==(const RowKey&, const RowKey&) = default;
  friend auto operator<=>(const RowKey&, const RowKey&) = default;
  bool same_code(const RowKey& o) const { return hi == o.hi && (lo >> 19) == (o.lo >> 19); }
  int year() const;
};

class RowKeys {
 public:
  RowKey key(std::string_view credit_code, int year);
  // The key of a code seen before; nullopt for an unpackable code never given to key().
  std::optional<RowKey> find(std::string_view credit_code, int year) const;
  std::string credit_code(const RowKey& k) const;

 private:
  std::map<std::string, std::uint64_t, std::less<>> odd_;  // codes that do not pack
  std::vector<std::string> odd_codes_;
};

// One staged import row, read back from StagedRows; the views point into the stager's buffers
// and stay valid until the next row is read.
struct StagedRow {
  RowKey key;
  std::int64_t line = 0;
  domain::EnterpriseYear year;  // credit_code left empty: see `code`
  std::string_view code, name, kept;
  std::optional<double> lat, lon;
};

// An import's rows in a compact binary form, kept in key order at bounded memory: rows collect
// in a 16 MiB buffer; a full buffer is sorted and written as one run to an unlinked temporary
// file (in $TMPDIR, else /tmp), and reading merges the runs. Rows must be added in line order;
// rows with equal keys are read back in that order. A full buffer is sorted and written on a
// second thread while rows collect in a second buffer (the caller, reading the file, has the
// first core), so at most 32 MiB of rows are held; an error writing a run is thrown, as it was
// raised, by the add() that fills the next buffer or by the next sorted() or read_all().
class StagedRows {
 public:
  StagedRows() = default;
  ~StagedRows();
  StagedRows(const StagedRows&) = delete;
  StagedRows& operator=(const StagedRows&) = delete;

  void add(const RowKey& key, std::int64_t line, const domain::Enterprise& e,
           const domain::EnterpriseYear& y, const std::string& kept);
  // Reads every row in key order, then line order. Adding rows while a reader is open is not
  // allowed; several readers may follow one another.
  class Sorted {
   public:
    virtual ~Sorted() = default;
    // Moves to the next row; false at the end. The row stays valid until the next call.
    virtual bool next() = 0;
    const StagedRow& row() const { return row_; }

   protected:
    StagedRow row_;
  };
  std::unique_ptr<Sorted> sorted();
  // Calls `row` for every row, in no particular order, without sorting.
  void read_all(const std::function<void(const StagedRow&)>& row);

 private:
  struct Ref {
    RowKey key;
    std::uint64_t pos;  // in buffer_
    bool operator<(const Ref& o) const { return key != o.key ? key < o.key : pos < o.pos; }
  };
  struct Run {
    std::uint64_t begin, end;  // byte range in the file
  };
  // Rows collecting, or a run on its way to the file.
  struct Chunk {
    LargeArray<char> buffer;
    LargeArray<Ref> refs;
    bool sorted = true;
    void sort();
  };
  class RunReader;
  class BufferReader;
  class MergeReader;
  // Starts writing the chunk being filled as a run, on the second thread, and fills the other.
  void hand_off();
  // Waits for the run being written, if any; rethrows its error.
  void finish_spill();
  // Sorts `chunk` and writes it as one run at the end of the file, then empties it.
  void spill(Chunk& chunk);

  Chunk chunks_[2];
  Chunk* filling_ = &chunks_[0];
  std::future<void> spilling_;  // writes the other chunk; it owns out_, fd_, file_size_, runs_
  LargeArray<char> out_;        // a run on its way to the file
  int fd_ = -1;
  std::uint64_t file_size_ = 0;
  std::vector<Run> runs_;
};

}  // namespace atlas::store::sql
