// A CSV, TSV or XLSX file opened as rows of text cells, whatever its format and encoding: the
// one way imports and table readers (evaluation data, indicator metadata) open a file.
#pragma once
#include <algorithm>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "atlas/core/text.h"
#include "atlas/ingest/cells.h"
#include "atlas/ingest/encoding.h"
#include "atlas/ingest/rows.h"

namespace atlas::ingest {

class TextInput;

class FileRows {
 public:
  // `.xlsx` / `.xlsm` are read as workbooks (`sheet` empty: the first), `.tsv` / `.txt` as
  // tab-separated text, anything else as CSV; `encoding` nullopt = detect. Throws atlas::Error
  // (kBadInput) naming the path when the file cannot be opened.
  FileRows(const std::string& path, const std::string& sheet, std::optional<Encoding> encoding);
  ~FileRows();

  RowSource& rows() { return *rows_; }
  // "utf-8", "gb18030" or "xlsx".
  std::string encoding_name() const;
  // Text cells of CSV and TSV files are valid UTF-8 already (TextInput checked or produced
  // them); a workbook's cells are not checked yet.
  bool cells_valid_utf8() const { return input_ != nullptr; }
  // Hex SHA-256 of the file's bytes; for text files complete once every row has been read.
  std::string sha256();

 private:
  std::string path_;
  std::ifstream file_;
  std::unique_ptr<TextInput> input_;
  std::unique_ptr<RowSource> rows_;
};

// Every cell blank: a blank line, or the empty rows at the end of a sheet; readers skip it.
// `cells` holds strings or string_views.
template <typename Cells>
bool is_blank_row(const Cells& cells) {
  return std::all_of(cells.begin(), cells.end(),
                     [](const auto& c) { return text::trim_view(c).empty(); });
}

}  // namespace atlas::ingest
