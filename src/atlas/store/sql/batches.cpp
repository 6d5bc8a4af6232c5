// SqlStore: a batch of rows looked up and written a chunk at a time. On PostgreSQL every
// statement is a round trip to the server, so a batch of 10,000 rows checked and written one at
// a time costs tens of thousands of them; in chunks it costs a few hundred. Both stores use the
// same statements, so the rules stay written once.
#include <fmt/format.h>

#include <algorithm>

#include "atlas/store/sql/store_impl.h"

namespace atlas::store::sql {
namespace {

// The largest chunk. 256 rows of 17 columns are 4,352 parameters, within SQLite's 32,766 and
// PostgreSQL's 65,535.
constexpr std::size_t kChunk = 256;

// Calls `run(start, size)` over [0, count) in chunks of 256, 128, …, 1: few round trips, and at
// most nine statement texts for any count, each prepared once and kept.
void each_chunk(std::size_t count, const std::function<void(std::size_t, std::size_t)>& run) {
  std::size_t done = 0;
  for (std::size_t size = kChunk; size > 0; size /= 2) {
    for (; count - done >= size; done += size) run(done, size);
  }
}

// "?, ?, ?": `n` placeholders.
std::string placeholders(std::size_t n) {
  std::string out = "?";
  for (std::size_t i = 1; i < n; ++i) out += ", ?";
  return out;
}

}  // namespace

void SqlStore::insert_rows(std::string_view into, std::size_t rows,
                           const std::function<void(sql::Statement&, std::size_t, int)>& bind,
                           std::string_view returning,
                           const std::function<void(sql::Statement&)>& row) {
  // One placeholder a column: the columns' commas plus one (a table's name has none).
  const auto width = static_cast<int>(std::count(into.begin(), into.end(), ',') + 1);
  const std::string one = "(" + placeholders(static_cast<std::size_t>(width)) + ")";
  const std::string tail = returning.empty() ? "" : fmt::format(" RETURNING {}", returning);
  each_chunk(rows, [&](std::size_t start, std::size_t size) {
    std::string values = one;
    for (std::size_t i = 1; i < size; ++i) values += ", " + one;
    auto& q = prepared(fmt::format("INSERT INTO {} VALUES {}{}", into, values, tail));
    for (std::size_t i = 0; i < size; ++i) bind(q, start + i, static_cast<int>(i) * width + 1);
    if (returning.empty()) {
      q.exec();
    } else {
      while (q.executeStep()) row(q);
    }
  });
}

void SqlStore::select_in(const std::string& select, const std::vector<std::string>& keys,
                         const std::function<void(sql::Statement&)>& row,
                         const std::vector<std::int64_t>& first) {
  each_chunk(keys.size(), [&](std::size_t start, std::size_t size) {
    auto& q = prepared(fmt::format("{} ({})", select, placeholders(size)), sql::Rows::kMany);
    int i = 1;
    for (auto value : first) q.bind(i++, value);
    for (std::size_t k = 0; k < size; ++k) q.bind(i++, keys[start + k]);
    while (q.executeStep()) row(q);
  });
}

}  // namespace atlas::store::sql
