#include "atlas/ingest/csv.h"

#include <fmt/format.h>

#include "atlas/core/error.h"

namespace atlas::ingest {

CsvReader::CsvReader(std::istream& in, std::string source, char delimiter)
    : in_(in), source_(std::move(source)), delimiter_(delimiter) {}

bool CsvReader::next(std::vector<std::string>& fields) {
  fields.clear();
  if (at_start_) {
    at_start_ = false;
    // Read three bytes; keep them unless they are the UTF-8 byte-order mark.
    for (int i = 0; i < 3 && in_.peek() != std::char_traits<char>::eof(); ++i) {
      pending_ += static_cast<char>(in_.get());
    }
    if (pending_ == "\xEF\xBB\xBF") pending_.clear();
  }
  if (peek() == std::char_traits<char>::eof()) return false;

  record_line_ = line_;
  std::string field;
  bool quoted = false;      // inside a quoted field
  bool was_quoted = false;  // the current field began with a quote
  for (;;) {
    int c = get();
    if (c == std::char_traits<char>::eof()) {
      if (quoted) {
        throw Error(ErrorKind::kBadInput,
                    fmt::format("a quoted field opened on line {} is never closed", record_line_),
                    {source_, record_line_, "", ""});
      }
      fields.push_back(std::move(field));
      return true;
    }
    char ch = static_cast<char>(c);
    if (quoted) {
      if (ch == '"') {
        if (peek() == '"') {
          get();
          field += '"';
        } else {
          quoted = false;
        }
      } else {
        if (ch == '\n') ++line_;
        field += ch;
      }
      continue;
    }
    if (ch == delimiter_) {
      fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else if (ch == '\n' || ch == '\r') {
      if (ch == '\r' && peek() == '\n') get();
      ++line_;
      fields.push_back(std::move(field));
      return true;
    } else if (ch == '"') {
      if (!field.empty() || was_quoted) {
        throw Error(ErrorKind::kBadInput,
                    fmt::format("a quote inside an unquoted field (field {}); quote the whole "
                                "field and double the inner quotes",
                                fields.size() + 1),
                    {source_, line_, "", ""});
      }
      quoted = was_quoted = true;
    } else {
      if (was_quoted) {
        throw Error(ErrorKind::kBadInput,
                    fmt::format("text after the closing quote of field {}", fields.size() + 1),
                    {source_, line_, "", ""});
      }
      field += ch;
    }
  }
}

int CsvReader::get() {
  if (pending_pos_ < pending_.size()) return static_cast<unsigned char>(pending_[pending_pos_++]);
  return in_.get();
}

int CsvReader::peek() {
  if (pending_pos_ < pending_.size()) return static_cast<unsigned char>(pending_[pending_pos_]);
  return in_.peek();
}

CsvHeader::CsvHeader(std::vector<std::string> names) : names_(std::move(names)) {}

int CsvHeader::find(const std::string& name) const {
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return static_cast<int>(i);
  }
  return -1;
}

int CsvHeader::require(const std::string& name, const std::string& source) const {
  int i = find(name);
  if (i < 0) {
    throw Error(ErrorKind::kBadInput, fmt::format("the header has no column '{}'", name),
                {source, 1, name, ""});
  }
  return i;
}

}  // namespace atlas::ingest
