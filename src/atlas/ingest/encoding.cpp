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

}  // namespace

Gb18030Decoder::Gb18030Decoder() : cd_(iconv_open("UTF-8", "GB18030")) {
  if (cd_ == reinterpret_cast<iconv_t>(-1)) {
    throw Error(ErrorKind::kInternal, "iconv cannot convert from GB18030");
  }
}

Gb18030Decoder::~Gb18030Decoder() {
  iconv_close(static_cast<iconv_t>(cd_));
}

std::size_t Gb18030Decoder::convert(std::string_view in, std::string& out, std::size_t* bad) {
  *bad = std::string_view::npos;
  char* src = const_cast<char*>(in.data());
  std::size_t src_left = in.size();
  char buffer[16384];
  while (src_left > 0) {
    char* dst = buffer;
    std::size_t dst_left = sizeof buffer;
    std::size_t r = iconv(static_cast<iconv_t>(cd_), &src, &src_left, &dst, &dst_left);
    out.append(buffer, dst - buffer);
    if (r != static_cast<std::size_t>(-1) || errno == E2BIG) continue;
    if (errno == EILSEQ) *bad = static_cast<std::size_t>(src - in.data());
    break;  // EILSEQ: invalid byte; EINVAL: a character cut by the end of `in`
  }
  return static_cast<std::size_t>(src - in.data());
}

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
  std::string_view whole = sample.substr(0, sample.size() - text::incomplete_utf8_tail(sample));
  std::size_t bad_utf8 = text::first_invalid_utf8(whole);
  if (bad_utf8 == std::string_view::npos) return Encoding::kUtf8;
  // GB18030 characters are at most 4 bytes: a cut one at the end of the sample is not an error.
  std::string ignored;
  std::size_t bad_gb = 0;
  std::size_t used = Gb18030Decoder().convert(sample, ignored, &bad_gb);
  // A character cut by the end of the sample (at most 4 bytes) is not an error.
  if (bad_gb == std::string_view::npos && used + 4 > sample.size()) return Encoding::kGb18030;
  throw Error(ErrorKind::kBadInput,
              fmt::format("the file is neither UTF-8 nor GB18030/GBK (byte {} is 0x{:02X}); save "
                          "it from Excel as \"CSV UTF-8\"",
                          bad_utf8 + 1, static_cast<unsigned char>(sample[bad_utf8])),
              {source, line_of(sample, bad_utf8), "", ""});
}

std::string to_utf8(std::string_view bytes, Encoding from, const std::string& source) {
  if (from == Encoding::kUtf8) {
    if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
    std::size_t bad = text::first_invalid_utf8(bytes);
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
  std::size_t bad = 0;
  std::size_t used = Gb18030Decoder().convert(bytes, out, &bad);
  if (bad == std::string_view::npos && used < bytes.size()) bad = used;  // cut at the end
  if (bad != std::string_view::npos) {
    throw Error(ErrorKind::kBadInput,
                fmt::format("byte {} (0x{:02X}) is not valid GB18030", bad + 1,
                            static_cast<unsigned char>(bytes[bad])),
                {source, line_of(bytes, bad), "", ""});
  }
  return out;
}

}  // namespace atlas::ingest
