// A streaming RFC 4180 reader: quoted fields with embedded delimiters, quotes ("") and newlines,
// CRLF or LF line ends, over UTF-8 text from a TextInput (which took care of the encoding and a
// byte-order mark). Memory is one buffer and one record. Hostile files meet limits: a field
// longer than 1 MiB or a record with more than 16,384 fields is an error, not an allocation.
#pragma once
#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <vector>

#include "atlas/ingest/rows.h"
#include "atlas/ingest/text_input.h"

namespace atlas::ingest {

inline constexpr std::size_t kMaxFieldBytes = 1 << 20;
inline constexpr std::size_t kMaxFields = 16384;  // Excel's column limit

class CsvReader final : public RowSource {
 public:
  // Reads `input`, which must outlive the reader.
  CsvReader(TextInput& input, char delimiter = ',');
  // Reads UTF-8 text from `in`; `source` names it in messages.
  CsvReader(std::istream& in, std::string source, char delimiter = ',');

  // Reads the next record into `fields`; false at the end of input. Throws atlas::Error
  // (kBadInput) naming the source and line for an unterminated or stray quote, a NUL byte, or a
  // limit exceeded.
  bool next(std::vector<std::string>& fields) override;

  // The line on which the last record returned began (1-based), for messages.
  std::int64_t line() const override { return record_line_; }
  const std::string& source() const override { return source_; }

 private:
  int get();  // next byte or -1
  int peek();
  [[noreturn]] void fail(const std::string& message, std::int64_t line);
  void init_special();

  std::unique_ptr<TextInput> owned_;
  TextInput& input_;
  std::string source_;
  char delimiter_;
  bool special_[256] = {};  // the bytes that end a run of ordinary text
  std::vector<char> buffer_;
  std::size_t pos_ = 0, end_ = 0;
  std::int64_t line_ = 1;  // the line the reader is on
  std::int64_t record_line_ = 0;
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
