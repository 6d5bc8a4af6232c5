// A streaming RFC 4180 reader: quoted fields with embedded commas, quotes ("") and newlines,
// CRLF or LF line ends, a UTF-8 byte-order mark at the start skipped. Memory is one record.
#pragma once
#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include "atlas/ingest/rows.h"

namespace atlas::ingest {

class CsvReader final : public RowSource {
 public:
  // `source` names the input in error messages (usually the file name).
  CsvReader(std::istream& in, std::string source, char delimiter = ',');

  // Reads the next record into `fields`; false at the end of input. Throws atlas::Error
  // (kBadInput) naming the source and line for an unterminated quote or a stray quote.
  bool next(std::vector<std::string>& fields) override;

  // The line on which the last record returned began (1-based), for messages.
  std::int64_t line() const override { return record_line_; }
  const std::string& source() const override { return source_; }

 private:
  int get();  // next byte, from the bytes read ahead at the start first
  int peek();

  std::istream& in_;
  std::string pending_;  // bytes read ahead while looking for a byte-order mark
  std::size_t pending_pos_ = 0;
  std::string source_;
  char delimiter_;
  std::int64_t line_ = 1;  // the line the reader is on
  std::int64_t record_line_ = 0;
  bool at_start_ = true;
};

// A header row turned into a column look-up.
class CsvHeader {
 public:
  CsvHeader() = default;
  explicit CsvHeader(std::vector<std::string> names);
  // Index of a column, or -1 when absent.
  int find(const std::string& name) const;
  // Index of a column that must be present; throws kBadInput naming the source when not.
  int require(const std::string& name, const std::string& source) const;
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::vector<std::string> names_;
};

}  // namespace atlas::ingest
