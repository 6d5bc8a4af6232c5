#pragma once
// What the programme's documents (annual_report.h, fact_sheets.h) share: their words in Chinese
// and English, a table cut to the columns a page has room for, and a key figure with its change
// from last year, printed as the CLI prints it.
#include <optional>
#include <string>
#include <vector>

#include "atlas/report/document/document.h"
#include "atlas/report/table.h"

namespace atlas::app {

using report::document::Language;

// `zh` or `en` by the document's language.
inline const std::string& say(Language l, const std::string& zh, const std::string& en) {
  return l == Language::kZh ? zh : en;
}

// The table's column titles in English (by their keys), or as they are in Chinese; row labels
// (province names, industries) stay as the registry has them.
report::Table in_language(report::Table t, Language l);

// The columns of `t` with these keys, in this order (keys `t` lacks are left out), with their
// cells; the notes are kept.
report::Table columns_of(const report::Table& t, const std::vector<std::string>& keys);

// The position of the column `key` in `t`; nullopt when it has none.
std::optional<std::size_t> column_index(const report::Table& t, const std::string& key);

// A cell as a number (integers and doubles); nullopt when missing or text.
std::optional<double> number(const report::Cell& c);

// The figure in column `key` of `row` as the CLI shows it, its change from `before` (the same
// column of last year's row, when given): "+4.2%" for amounts and counts, "+0.8 pp" for shares
// (keys ending in _share), "" without both years.
report::document::KeyFigure key_figure(const report::Table& t, const std::vector<report::Cell>& row,
                                       const std::vector<report::Cell>* before,
                                       const std::string& key, Language l);

}  // namespace atlas::app
