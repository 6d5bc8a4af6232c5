// SqlStore: a batch of rows looked up and written a chunk at a time. On PostgreSQL every
// statement is a round trip to the server, so a batch of 10,000 rows checked and written one at
// a time costs tens of thousands of them; in chunks it costs a few hundred. Both stores use the
// same statements, so the rules stay written once.
#include <fmt/format.h>

#include "atlas/store/sql/store_impl.h"

namespace atlas::store::sql {
namespace {

// The largest chunk. 256 rows of 17 columns are 4,352 parameters, within SQLite's 32,766 and
// PostgreSQL's 65,535.
constexpr std::size_t kChunk = 256;

// "(?, ?), (?, ?)": `rows` groups of `width` placeholders.
std::string value_rows(std::size_t rows, int width) {
  std::string one = "(?";
  for (int i = 1; i < width; ++i) one += ", ?";
  one += ')';
  std::string out = one;
  for (std::size_t i = 1; i < rows; ++i) out += ", " + one;
  return out;
}

}  // namespace

void SqlStore::insert_rows(std::string_view into, int width, std::size_t rows,
                           const std::function<void(sql::Statement&, std::size_t, int)>& bind) {
  // Chunks of 256, 128, …, 1 rows: at most nine statement texts for any count, each prepared
  // once and kept.
  std::size_t done = 0;
  for (std::size_t chunk = kChunk; chunk > 0; chunk /= 2) {
    while (rows - done >= chunk) {
      auto& q = prepared(fmt::format("INSERT INTO {} VALUES {}", into, value_rows(chunk, width)));
      for (std::size_t i = 0; i < chunk; ++i) bind(q, done + i, static_cast<int>(i) * width + 1);
      q.exec();
      done += chunk;
    }
  }
}

void SqlStore::select_in(const std::string& select, int fixed,
                         const std::function<void(sql::Statement&)>& bind_fixed,
                         const std::vector<std::string>& keys,
                         const std::function<void(sql::Statement&)>& row) {
  if (keys.empty()) return;
  // One text for every chunk: a short one repeats its last key, which finds nothing more.
  std::string list = "?";
  for (std::size_t i = 1; i < kChunk; ++i) list += ", ?";
  auto& q = prepared(fmt::format("{} ({})", select, list), sql::Rows::kMany);
  for (std::size_t start = 0; start < keys.size(); start += kChunk) {
    bind_fixed(q);
    for (std::size_t i = 0; i < kChunk; ++i) {
      q.bind(fixed + 1 + static_cast<int>(i), keys[std::min(start + i, keys.size() - 1)]);
    }
    while (q.executeStep()) row(q);
    q.reset();
  }
}

}  // namespace atlas::store::sql
