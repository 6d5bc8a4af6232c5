// Text encodings of the files offices send: UTF-8 (with or without a byte-order mark) and
// GB18030, the superset of GBK that Excel writes on Chinese Windows. Detection looks at the
// bytes; conversion to UTF-8 uses glibc's iconv.
#pragma once
#include <string>
#include <string_view>

namespace atlas::ingest {

enum class Encoding { kUtf8, kGb18030 };

std::string_view encoding_name(Encoding e);  // "utf-8" | "gb18030"

// Parses "utf-8" / "utf8" / "gb18030" / "gbk" (any case); throws atlas::Error (kUsage) otherwise.
Encoding parse_encoding(std::string_view name);

// The encoding of a file that starts with `sample`: UTF-8 when the sample is valid UTF-8 (a
// multi-byte character cut at the end of the sample is allowed), else GB18030 when it decodes as
// GB18030. Throws atlas::Error (kBadInput) naming `source` and the line of the first bad byte
// when it is neither.
Encoding detect_encoding(std::string_view sample, const std::string& source);

// Streaming GB18030 → UTF-8 (glibc iconv).
class Gb18030Decoder {
 public:
  Gb18030Decoder();
  ~Gb18030Decoder();
  Gb18030Decoder(const Gb18030Decoder&) = delete;
  Gb18030Decoder& operator=(const Gb18030Decoder&) = delete;

  // Appends the UTF-8 of the whole characters at the start of `in` to `out` and returns how many
  // bytes it used; a character cut by the end of `in` is left for the next call. `*bad` is the
  // offset of an invalid byte (conversion stops there), or npos.
  std::size_t convert(std::string_view in, std::string& out, std::size_t* bad);

 private:
  void* cd_;
};

// `bytes` in `from`, as UTF-8. Throws kBadInput naming `source` and the line of the first byte
// that is not valid in `from`.
std::string to_utf8(std::string_view bytes, Encoding from, const std::string& source);

}  // namespace atlas::ingest
