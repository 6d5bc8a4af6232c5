// A file's bytes as UTF-8, in chunks, never the whole file in memory: UTF-8 input is checked
// and passes through (a byte-order mark is dropped); GB18030/GBK input is converted. The SHA-256
// of the raw bytes is computed on the way, so an import can recognise a file it has seen.
#pragma once
#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "atlas/ingest/encoding.h"

namespace atlas::ingest {

// Hex SHA-256 of a whole file, read in chunks; throws kBadInput naming the path.
std::string sha256_of_file(const std::string& path);

class TextInput {
 public:
  // `encoding` nullopt = detect from the first 64 KiB.
  TextInput(std::istream& in, std::string source, std::optional<Encoding> encoding);
  ~TextInput();
  TextInput(const TextInput&) = delete;
  TextInput& operator=(const TextInput&) = delete;

  // Copies up to `cap` bytes of UTF-8 into `out`; 0 at the end. Throws atlas::Error (kBadInput)
  // naming the source and line when a byte is not valid in the encoding.
  std::size_t read(char* out, std::size_t cap);

  Encoding encoding() const { return encoding_; }
  const std::string& source() const { return source_; }
  // Hex SHA-256 of every raw byte read; complete once read() has returned 0.
  std::string sha256_hex();
  std::uint64_t raw_bytes() const { return raw_total_; }

 private:
  bool fill_raw();  // reads more raw bytes; false at the end of the stream
  bool convert_next();
  [[noreturn]] void invalid(std::size_t offset, const char* hint);

  std::istream& in_;
  std::string source_;
  Encoding encoding_ = Encoding::kUtf8;
  std::string raw_;  // raw bytes not yet converted
  std::size_t raw_pos_ = 0;
  std::string decoded_;   // GB18030 converted to UTF-8
  std::string_view out_;  // bytes not yet handed out: in decoded_, or UTF-8 passed through in raw_
  std::uint64_t raw_total_ = 0;
  std::int64_t lines_done_ = 0;  // newlines in raw bytes already converted
  bool eof_ = false;
  std::unique_ptr<Gb18030Decoder> decoder_;
  struct Hash;
  std::unique_ptr<Hash> hash_;  // owned, so a constructor that throws leaks nothing
};

}  // namespace atlas::ingest
