// A CSV, TSV or XLSX file opened as rows of text cells, whatever its format and encoding — for
// readers that take a whole table (evaluation data, indicator metadata) rather than an import.
#pragma once
#include <fstream>
#include <memory>
#include <optional>
#include <string>

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

 private:
  std::ifstream file_;
  std::unique_ptr<TextInput> input_;
  std::unique_ptr<RowSource> rows_;
};

// Blank, "-", "—", "/", "NA", "N/A", "null": a value nobody reported.
bool is_missing_text(const std::string& cell);
// "1,234.5" or "1 234.5" as offices write numbers; nullopt for anything else.
std::optional<double> parse_plain_number(const std::string& cell);

}  // namespace atlas::ingest
