#include "atlas/ingest/table_rows.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "atlas/core/error.h"
#include "atlas/ingest/cells.h"
#include "atlas/ingest/columns.h"
#include "atlas/ingest/file_rows.h"

namespace atlas::ingest {

TableRows::TableRows(RowSource& rows,
                     const std::function<bool(const std::vector<std::string>&)>& is_header)
    : rows_(rows) {
  // A title, a subtitle or blank lines may stand above the header.
  std::vector<std::pair<std::int64_t, std::vector<std::string>>> head;
  std::vector<std::size_t> nonblank;  // indexes into head
  std::vector<std::string> cells;
  bool found = false;
  while (!found && nonblank.size() < kHeaderSearchRows && rows.next(cells)) {
    head.emplace_back(rows.line(), cells);
    if (is_blank_row(cells)) continue;
    nonblank.push_back(head.size() - 1);
    found = is_header(cells);
  }
  if (nonblank.empty()) {
    throw Error(ErrorKind::kBadInput, "the file is empty", {rows.source(), 1, "", ""});
  }
  const std::size_t at = found ? nonblank.back() : nonblank.front();
  header_ = std::move(head[at].second);
  header_line_ = head[at].first;
  if (at != nonblank.front())
    title_note_ = header_found_note(rows.source(), head[nonblank.front()].first, header_line_);
  ahead_.assign(std::make_move_iterator(head.begin() + static_cast<std::ptrdiff_t>(at) + 1),
                std::make_move_iterator(head.end()));
}

bool TableRows::next(std::vector<std::string>& cells, std::int64_t& line) {
  do {
    if (next_ahead_ < ahead_.size()) {
      line = ahead_[next_ahead_].first;
      cells = std::move(ahead_[next_ahead_++].second);
    } else if (rows_.next(cells)) {
      line = rows_.line();
    } else {
      return false;
    }
  } while (is_blank_row(cells));  // a blank line, or the empty rows at a sheet's end
  return true;
}

bool TableRows::total(const std::vector<std::string>& cells, std::int64_t line,
                      std::initializer_list<int> name_columns) {
  std::string word = name_columns.size() == 0 ? total_row_word(cells, -1) : "";
  for (int c : name_columns)
    if (word.empty()) word = total_row_word(cells, c);
  if (word.empty()) return false;
  totals_.emplace_back(line, std::move(word));
  return true;
}

std::vector<std::string> TableRows::notes() const {
  std::vector<std::string> out;
  if (!title_note_.empty()) out.push_back(title_note_);
  if (auto totals = total_rows_note(rows_.source(), totals_); !totals.empty())
    out.push_back(std::move(totals));
  return out;
}

std::string total_rows_note(const std::string& source,
                            const std::vector<std::pair<std::int64_t, std::string>>& totals) {
  if (totals.empty()) return "";
  // Rows as a person reads them: 5, 7, 9–12 (ten runs at most).
  constexpr std::size_t kShown = 10;
  std::vector<std::string> runs, words;
  std::size_t run_count = 0;
  for (std::size_t i = 0; i < totals.size();) {
    std::size_t j = i;
    while (j + 1 < totals.size() && totals[j + 1].first == totals[j].first + 1) ++j;
    if (++run_count <= kShown) {
      runs.push_back(i == j ? std::to_string(totals[i].first)
                            : fmt::format("{}–{}", totals[i].first, totals[j].first));
    }
    i = j + 1;
  }
  if (run_count > kShown) runs.push_back(fmt::format("… ({} rows in all)", totals.size()));
  for (const auto& [line, word] : totals)
    if (std::find(words.begin(), words.end(), word) == words.end()) words.push_back(word);
  const bool one = totals.size() == 1;
  return fmt::format("{}, {} {}: skipped, {} ('{}')", source, one ? "row" : "rows",
                     fmt::join(runs, ", "), one ? "a total row" : "total rows",
                     fmt::join(words, "', '"));
}

}  // namespace atlas::ingest
