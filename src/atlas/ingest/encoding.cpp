#include "atlas/ingest/encoding.h"

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/text.h"

namespace atlas::ingest {
namespace {

std::int64_t line_of(std::string_view bytes, std::size_t offset) {
  return 1 + std::count(bytes.begin(), bytes.begin() + std::min(offset, bytes.size()), '\n');
}

// Offset of the first byte that does not start a valid UTF-8 sequence; npos when all are valid.
// A sequence cut by the end of `s` counts as valid when `allow_cut` is set.
std::size_t first_invalid_utf8(std::string_view s, bool allow_cut) {
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t len = 1;
    auto b = static_cast<unsigned char>(s[i]);
    if (b >= 0xF0) {
      len = 4;
    } else if (b >= 0xE0) {
      len = 3;
    } else if (b >= 0xC0) {
      len = 2;
    }
    if (i + len > s.size()) {
      // A character cut by the end of a sample: a lead byte followed only by continuations.
      bool cut = allow_cut && b >= 0xC2 && b <= 0xF4;
      for (std::size_t k = i + 1; k < s.size(); ++k) {
        cut = cut && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80;
      }
      return cut ? std::string_view::npos : i;
    }
    if (!text::is_valid_utf8(s.substr(i, len))) return i;
    i += len;
  }
  return std::string_view::npos;
}

class Iconv {
 public:
  explicit Iconv(const char* from) : cd_(iconv_open("UTF-8", from)) {
    if (cd_ == reinterpret_cast<iconv_t>(-1)) {
      throw Error(ErrorKind::kInternal, fmt::format("iconv cannot convert from {}", from));
    }
  }
  ~Iconv() { iconv_close(cd_); }
  Iconv(const Iconv&) = delete;
  Iconv& operator=(const Iconv&) = delete;

  // Converts all of `in`; returns the offset of the first bad byte, or npos on success.
  std::size_t convert(std::string_view in, std::string& out) {
    char* src = const_cast<char*>(in.data());
    std::size_t src_left = in.size();
    char buffer[16384];
    while (src_left > 0) {
      char* dst = buffer;
      std::size_t dst_left = sizeof buffer;
      std::size_t r = iconv(cd_, &src, &src_left, &dst, &dst_left);
      out.append(buffer, dst - buffer);
      if (r == static_cast<std::size_t>(-1) && errno != E2BIG) {
        return static_cast<std::size_t>(src - in.data());
      }
    }
    return std::string_view::npos;
  }

 private:
  iconv_t cd_;
};

}  // namespace

std::string_view encoding_name(Encoding e) {
  return e == Encoding::kUtf8 ? "utf-8" : "gb18030";
}

Encoding parse_encoding(std::string_view name) {
  std::string lower;
  for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "utf-8" || lower == "utf8") return Encoding::kUtf8;
  if (lower == "gb18030" || lower == "gbk" || lower == "gb2312") return Encoding::kGb18030;
  throw Error(ErrorKind::kUsage,
              fmt::format("unknown encoding '{}': use auto, utf-8 or gb18030", name));
}

Encoding detect_encoding(std::string_view sample, const std::string& source) {
  if (sample.starts_with("\xEF\xBB\xBF")) return Encoding::kUtf8;
  std::size_t bad_utf8 = first_invalid_utf8(sample, true);
  if (bad_utf8 == std::string_view::npos) return Encoding::kUtf8;
  // GB18030 characters are at most 4 bytes: a cut one at the end of the sample is not an error.
  std::string ignored;
  Iconv gb("GB18030");
  std::size_t bad_gb = gb.convert(sample, ignored);
  if (bad_gb == std::string_view::npos || bad_gb + 4 > sample.size()) return Encoding::kGb18030;
  throw Error(ErrorKind::kBadInput,
              fmt::format("the file is neither UTF-8 nor GB18030/GBK (byte {} is 0x{:02X}); save "
                          "it from Excel as \"CSV UTF-8\"",
                          bad_utf8 + 1, static_cast<unsigned char>(sample[bad_utf8])),
              {source, line_of(sample, bad_utf8), "", ""});
}

std::string to_utf8(std::string_view bytes, Encoding from, const std::string& source) {
  if (from == Encoding::kUtf8) {
    if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
    std::size_t bad = first_invalid_utf8(bytes, false);
    if (bad != std::string_view::npos) {
      throw Error(ErrorKind::kBadInput,
                  fmt::format("byte {} (0x{:02X}) is not valid UTF-8; is the file GBK? try "
                              "--encoding gb18030",
                              bad + 1, static_cast<unsigned char>(bytes[bad])),
                  {source, line_of(bytes, bad), "", ""});
    }
    return std::string(bytes);
  }
  std::string out;
  Iconv gb("GB18030");
  std::size_t bad = gb.convert(bytes, out);
  if (bad != std::string_view::npos) {
    throw Error(ErrorKind::kBadInput,
                fmt::format("byte {} (0x{:02X}) is not valid GB18030", bad + 1,
                            static_cast<unsigned char>(bytes[bad])),
                {source, line_of(bytes, bad), "", ""});
  }
  return out;
}

}  // namespace atlas::ingest
