// A small table reader's columns picked from its header row, and a row's cell read by column: the
// loop the readers of review scores, assignment tables, expert scores and the expert pool would
// each write out for themselves. Contract: one pass over the header, each column to the first
// test that accepts it and has no column yet, so the order of the tests settles a header two of
// them accept, and the first of two columns for one test is the one read.
#pragma once
#include <functional>
#include <initializer_list>
#include <string>
#include <vector>

namespace atlas::ingest {

using HeaderTest = std::function<bool(const std::string&)>;

// For each test, in order, the 0-based column it picked, or -1 when no column was left for it.
std::vector<int> pick_columns(const std::vector<std::string>& header,
                              std::initializer_list<HeaderTest> tests);

// Cell `column` of a row, trimmed; "" for a column the row is too short to have, or -1.
std::string cell_at(const std::vector<std::string>& cells, int column);

}  // namespace atlas::ingest
