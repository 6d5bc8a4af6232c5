#include "atlas/ingest/csv.h"

#include <fmt/format.h>

#include "atlas/core/error.h"

namespace atlas::ingest {

namespace {
constexpr std::size_t kBufferBytes = 1 << 20;
}  // namespace

CsvReader::CsvReader(TextInput& input, char delimiter)
    : input_(input), source_(input.source()), delimiter_(delimiter), buffer_(kBufferBytes) {
  init_special();
}

CsvReader::CsvReader(std::istream& in, std::string source, char delimiter)
    : owned_(std::make_unique<TextInput>(in, source, Encoding::kUtf8)),
      input_(*owned_),
      source_(std::move(source)),
      delimiter_(delimiter),
      buffer_(kBufferBytes) {
  init_special();
}

void CsvReader::init_special() {
  for (char c : {delimiter_, '\n', '\r', '"', '\0'}) special_[static_cast<unsigned char>(c)] = true;
}

int CsvReader::peek() {
  if (pos_ == end_) {
    end_ = input_.read(buffer_.data(), buffer_.size());
    pos_ = 0;
    if (end_ == 0) return -1;
  }
  return static_cast<unsigned char>(buffer_[pos_]);
}

int CsvReader::get() {
  int c = peek();
  if (c >= 0) ++pos_;
  return c;
}

void CsvReader::fail(const std::string& message, std::int64_t line) {
  throw Error(ErrorKind::kBadInput, message, {source_, line, "", ""});
}

bool CsvReader::next(std::vector<std::string>& fields) {
  if (peek() < 0) {
    fields.clear();
    return false;
  }
  record_line_ = line_;
  // The caller's strings are reused, field by field, so a record costs no allocation once the
  // strings have grown to the file's field sizes.
  std::size_t n = 0;  // fields[n] is the field being read
  auto start_field = [&]() -> std::string& {
    if (n == fields.size()) {
      fields.emplace_back();
    } else {
      fields[n].clear();
    }
    return fields[n];
  };
  std::string* field = &start_field();
  bool quoted = false;      // inside a quoted field
  bool was_quoted = false;  // the current field began with a quote
  auto end_field = [&] {
    if (n >= kMaxFields) {
      fail(fmt::format("more than {} fields in one record", kMaxFields), record_line_);
    }
    ++n;
    field = &start_field();
    was_quoted = false;
  };
  auto end_record = [&] {
    if (n >= kMaxFields) {
      fail(fmt::format("more than {} fields in one record", kMaxFields), record_line_);
    }
    fields.resize(n + 1);
  };
  for (;;) {
    // Copy a run of ordinary bytes at once: the hot loop of a large import.
    if (!quoted && pos_ < end_) {
      std::size_t start = pos_;
      const char* data = buffer_.data();
      while (pos_ < end_ && !special_[static_cast<unsigned char>(data[pos_])]) ++pos_;
      if (pos_ > start) {
        if (was_quoted) {
          fail(fmt::format("text after the closing quote of field {}", n + 1), line_);
        }
        field->append(data + start, pos_ - start);
      }
    }
    int c = get();
    if (field->size() > kMaxFieldBytes) {
      fail(fmt::format("field {} is longer than {} bytes", n + 1, kMaxFieldBytes), record_line_);
    }
    if (c < 0) {
      if (quoted) {
        fail(fmt::format("a quoted field opened on line {} is never closed", record_line_),
             record_line_);
      }
      end_record();
      return true;
    }
    char ch = static_cast<char>(c);
    if (ch == '\0') fail("the file contains a NUL byte; it is not a text file", line_);
    if (quoted) {
      if (ch == '"') {
        if (peek() == '"') {
          get();
          *field += '"';
        } else {
          quoted = false;
        }
      } else {
        if (ch == '\n') ++line_;
        *field += ch;
      }
      continue;
    }
    if (ch == delimiter_) {
      end_field();
    } else if (ch == '\n' || ch == '\r') {
      if (ch == '\r' && peek() == '\n') get();
      ++line_;
      end_record();
      return true;
    } else if (ch == '"') {
      if (!field->empty() || was_quoted) {
        fail(fmt::format("a quote inside an unquoted field (field {}); quote the whole field and "
                         "double the inner quotes",
                         n + 1),
             line_);
      }
      quoted = was_quoted = true;
    } else {
      *field += ch;
    }
  }
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
