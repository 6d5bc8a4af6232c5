#include "atlas/ingest/file_rows.h"

#include <algorithm>
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

}  // namespace atlas::ingest
