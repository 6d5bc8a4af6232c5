#include "atlas/ingest/file_rows.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>

#include "atlas/core/error.h"
#include "atlas/ingest/csv.h"
#include "atlas/ingest/text_input.h"
#include "atlas/ingest/xlsx.h"

namespace atlas::ingest {

FileRows::FileRows(const std::string& path, const std::string& sheet,
                   std::optional<Encoding> encoding)
    : path_(path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == ".xlsx" || ext == ".xlsm") {
    rows_ = open_xlsx_sheet(path, sheet);
    return;
  }
  file_.open(path, std::ios::binary);
  if (!file_) throw Error(ErrorKind::kBadInput, "cannot open the file", {path, 0, "", ""});
  input_ =
      std::make_unique<TextInput>(file_, std::filesystem::path(path).filename().string(), encoding);
  rows_ = std::make_unique<CsvReader>(*input_, ext == ".tsv" || ext == ".txt" ? '\t' : ',');
}

FileRows::~FileRows() = default;

std::string FileRows::encoding_name() const {
  return input_ ? std::string(ingest::encoding_name(input_->encoding())) : "xlsx";
}

std::string FileRows::sha256() {
  return input_ ? input_->sha256_hex() : sha256_of_file(path_);
}

bool is_missing_text(std::string_view v) {
  return v.empty() || v == "-" || v == "—" || v == "/" || v == "NA" || v == "N/A" || v == "null";
}

std::optional<double> parse_plain_number(std::string_view text) {
  // Most cells have no separators: parse them in place, without building a copy.
  std::string digits;
  if (std::any_of(text.begin(), text.end(), [](char c) { return c == ',' || c == ' '; })) {
    for (char c : text) {
      if (c != ',' && c != ' ') digits += c;
    }
    text = digits;
  }
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

}  // namespace atlas::ingest
