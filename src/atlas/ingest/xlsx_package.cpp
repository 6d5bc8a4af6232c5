#include "atlas/ingest/xlsx_package.h"

#include <zip.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "atlas/core/error.h"

namespace atlas::ingest {
namespace {

[[noreturn]] void bad_package(const std::string& file, const std::string& message) {
  throw Error(ErrorKind::kBadInput, message, {file, 0, "", ""});
}

// Why zip_open refused a file, in words that tell the user what to do; the first bytes say
// whether it is a damaged ZIP, an old .xls or an encrypted workbook (both OLE files), or neither.
std::string why_not_a_zip(const std::string& path, int code) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return "is a folder, not a workbook";
  switch (code) {
    case ZIP_ER_NOENT: return "does not exist";
    case ZIP_ER_OPEN:
    case ZIP_ER_READ:
    case ZIP_ER_SEEK: return fmt::format("cannot be read ({})", std::strerror(errno));
    case ZIP_ER_NOZIP:
    case ZIP_ER_INCONS:
    case ZIP_ER_EOF: break;
    default: {
      zip_error_t error;
      zip_error_init_with_code(&error, code);
      std::string text = zip_error_strerror(&error);
      zip_error_fini(&error);
      return "cannot be opened as a workbook (" + text + ")";
    }
  }
  std::array<char, 8> head{};
  std::ifstream in(path, std::ios::binary);
  in.read(head.data(), head.size());
  std::string_view magic(head.data(), static_cast<std::size_t>(in.gcount()));
  if (magic.starts_with("PK")) {
    return "is a damaged ZIP archive (probably truncated or not fully downloaded); get the file "
           "again or save it again in Excel";
  }
  if (magic == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
    return "is an old-format .xls workbook or a password-protected .xlsx; open it in Excel and "
           "save it as .xlsx without a password";
  }
  return "is not an XLSX workbook (not a ZIP archive); if it is CSV or text, import it as CSV";
}

// One message for XML that does not parse, whether a whole part or one streamed element.
[[noreturn]] void not_well_formed(const std::string& file, const std::string& part,
                                  std::uint64_t offset, const std::string& what) {
  bad_package(file, fmt::format("the part {} is not well-formed XML (at byte {}: {}); the file is "
                                "damaged or was not written by a spreadsheet program",
                                part, offset, what));
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The ZIP container.

ZipPartStream::ZipPartStream(zip_file_t* file, std::uint64_t size, std::string file_name,
                             std::string part)
    : file_(file), size_(size), file_name_(std::move(file_name)), part_(std::move(part)) {}

ZipPartStream::~ZipPartStream() {
  zip_fclose(file_);
}

std::size_t ZipPartStream::read(char* out, std::size_t n) {
  std::size_t got = 0;
  while (got < n && !done_) {
    zip_int64_t r = zip_fread(file_, out + got, n - got);
    if (r < 0) damaged(zip_file_strerror(file_));
    if (r == 0) {
      done_ = true;
      if (total_ != size_) damaged("it ends early");
      break;
    }
    got += static_cast<std::size_t>(r);
    total_ += static_cast<std::uint64_t>(r);
    if (total_ > size_) damaged("it is longer than the archive says");
  }
  return got;
}

void ZipPartStream::damaged(const std::string& why) const {
  bad_package(
      file_name_,
      fmt::format("the part {} is damaged: {}; save the workbook again in Excel", part_, why));
}

ZipArchive::ZipArchive(const std::string& path, std::uint64_t max_part_bytes)
    : path_(path), max_part_bytes_(max_part_bytes) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec) && std::filesystem::file_size(path, ec) == 0) {
    bad_package(path, "the file is empty, not a workbook");  // libzip opens it as an empty archive
  }
  int code = 0;
  zip_ = zip_open(path.c_str(), ZIP_RDONLY, &code);
  if (zip_ == nullptr) bad_package(path, "the file " + why_not_a_zip(path, code));
}

ZipArchive::~ZipArchive() {
  zip_discard(zip_);
}

bool ZipArchive::has(const std::string& part) const {
  return zip_name_locate(zip_, part.c_str(), ZIP_FL_NOCASE) >= 0;
}

std::unique_ptr<ZipPartStream> ZipArchive::open(const std::string& part) const {
  zip_int64_t index = zip_name_locate(zip_, part.c_str(), ZIP_FL_NOCASE);
  if (index < 0) return nullptr;
  auto idx = static_cast<zip_uint64_t>(index);
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(zip_, idx, 0, &st) != 0 || (st.valid & ZIP_STAT_SIZE) == 0) {
    bad_package(path_, fmt::format("cannot read the part {} ({})", part, zip_strerror(zip_)));
  }
  if (st.size > max_part_bytes_) {
    bad_package(path_,
                fmt::format("the part {} would take {} MB uncompressed, more than the limit of "
                            "{} MB; split the workbook",
                            part, st.size >> 20, max_part_bytes_ >> 20));
  }
  // Deflate cannot shrink data more than about 1032 to 1: a part that claims more is damaged
  // or hostile, and must not make us allocate what it claims.
  bool deflated = (st.valid & ZIP_STAT_COMP_METHOD) != 0 &&
                  (st.comp_method == ZIP_CM_DEFLATE || st.comp_method == ZIP_CM_STORE);
  if (deflated && (st.valid & ZIP_STAT_COMP_SIZE) != 0 && st.size > st.comp_size * 1100 + 4096) {
    bad_package(path_, fmt::format("the part {} claims to inflate from {} bytes to {} bytes, which "
                                   "ZIP compression cannot do; the file is damaged",
                                   part, st.comp_size, st.size));
  }
  zip_file_t* file = zip_fopen_index(zip_, idx, 0);
  if (file == nullptr) {
    bad_package(path_, fmt::format("cannot read the part {} ({})", part, zip_strerror(zip_)));
  }
  return std::make_unique<ZipPartStream>(file, st.size, path_, part);
}

std::optional<std::string> ZipArchive::read(const std::string& part) const {
  auto in = open(part);
  if (!in) return std::nullopt;
  std::string data(static_cast<std::size_t>(in->size()), '\0');
  data.resize(in->read(data.data(), data.size()));
  char extra = 0;
  in->read(&extra, 1);  // reaches the end, where the length and CRC are checked
  return data;
}

// ---------------------------------------------------------------------------------------------
// XML: whole parts, or one element at a time.

std::string_view xml_local_name(std::string_view s) {
  auto colon = s.find(':');
  return colon == std::string_view::npos ? s : s.substr(colon + 1);
}

void parse_xml_part(pugi::xml_document& doc, std::string& text, const std::string& file,
                    const std::string& part) {
  // pugixml never expands entities declared in a DOCTYPE: "billion laughs" files cannot blow up.
  pugi::xml_parse_result result = doc.load_buffer_inplace(
      text.data(), text.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
  if (!result) {
    not_well_formed(file, part, static_cast<std::uint64_t>(result.offset), result.description());
  }
}

XmlElementStream::XmlElementStream(std::unique_ptr<ZipPartStream> in, std::string file,
                                   std::string_view root, std::string_view container,
                                   std::string_view item)
    : in_(std::move(in)),
      file_(std::move(file)),
      root_(root),
      container_(container),
      item_(item),
      item_depth_(container.empty() ? 1 : 2) {}

pugi::xml_node XmlElementStream::next() {
  for (;;) {
    if (phase_ == Phase::kDone) return {};
    Token t;
    if (!scan(scan_, t)) {
      if (!fill()) {
        if (phase_ == Phase::kInItem) {
          malformed(base_ + item_start_,
                    fmt::format("this <{}> is never closed; the part ends first", item_));
        }
        malformed(base_ + scan_, phase_ == Phase::kProlog
                                     ? "no element at all; the part is empty or cut short"
                                     : "the part ends before its elements are closed");
      }
      continue;
    }
    scan_ = t.end;
    if (t.kind == Token::kText || t.kind == Token::kOther) continue;
    bool start = t.kind == Token::kStart;
    switch (phase_) {
      case Phase::kProlog:
        if (!start) malformed(base_ + t.begin, "an end tag before any element");
        if (xml_local_name(t.name) != root_) {
          bad_package(file_,
                      fmt::format("the part {} holds a <{}> where a <{}> belongs; the file is "
                                  "damaged",
                                  in_->part(), t.name, root_));
        }
        depth_ = 1;
        phase_ = t.self_closing       ? Phase::kDone
                 : container_.empty() ? Phase::kInContainer
                                      : Phase::kInRoot;
        break;
      case Phase::kInRoot:
        if (start && depth_ == 1 && xml_local_name(t.name) == container_) {
          if (t.self_closing) {
            phase_ = Phase::kDone;
          } else {
            depth_ = 2;
            phase_ = Phase::kInContainer;
          }
        } else if (start) {
          depth_ += t.self_closing ? 0 : 1;
        } else if (--depth_ == 0) {
          phase_ = Phase::kDone;
        }
        break;
      case Phase::kInContainer:
        if (start && depth_ == item_depth_ && xml_local_name(t.name) == item_) {
          item_start_ = t.begin;
          if (t.self_closing) return parse(t.begin, t.end);
          ++depth_;
          phase_ = Phase::kInItem;
        } else if (start) {
          depth_ += t.self_closing ? 0 : 1;
        } else if (--depth_ < item_depth_) {
          phase_ = Phase::kDone;
        }
        break;
      case Phase::kInItem:
        if (start) {
          depth_ += t.self_closing ? 0 : 1;
        } else if (--depth_ == item_depth_) {
          phase_ = Phase::kInContainer;
          return parse(item_start_, t.end);
        }
        break;
      case Phase::kDone: break;
    }
  }
}

// The token at `p`; false when it does not end within the bytes read so far.
bool XmlElementStream::scan(std::size_t p, Token& t) const {
  const std::size_t size = buf_.size();
  if (p >= size) return false;
  const char* b = buf_.data();
  t.begin = p;
  if (b[p] != '<') {
    auto lt = buf_.find('<', p);
    t.kind = Token::kText;
    t.end = lt == std::string::npos ? size : lt;
    return true;
  }
  std::string_view rest = std::string_view(buf_).substr(p);
  if (rest.size() < 9 && !eof_) return false;  // not yet enough to tell "<![CDATA[" apart
  auto through = [&](std::string_view close, std::size_t from) {
    auto at = buf_.find(close, from);
    if (at == std::string::npos) return false;
    t.kind = Token::kOther;
    t.end = at + close.size();
    return true;
  };
  if (rest.starts_with("<!--")) return through("-->", p + 4);
  if (rest.starts_with("<![CDATA[")) return through("]]>", p + 9);
  if (rest.starts_with("<?")) return through("?>", p + 2);
  if (rest.starts_with("<!")) {  // a DOCTYPE, whose internal subset [...] may hold '>'
    auto at = buf_.find_first_of("[>", p + 2);
    if (at == std::string::npos) return false;
    if (b[at] == '>') return through(">", at);
    auto close = buf_.find(']', at);
    return close != std::string::npos && through(">", close);
  }
  bool end_tag = rest.starts_with("</");
  std::size_t name_begin = p + (end_tag ? 2 : 1);
  std::size_t i = name_begin;
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (i < size && !space(b[i]) && b[i] != '>' && b[i] != '/') ++i;
  std::size_t name_end = i;
  char quote = 0;
  for (; i < size; ++i) {
    if (quote != 0) {
      if (b[i] == quote) quote = 0;
    } else if (b[i] == '"' || b[i] == '\'') {
      quote = b[i];
    } else if (b[i] == '>') {
      break;
    }
  }
  if (i >= size) return false;
  if (name_end == name_begin) malformed(base_ + p, "a '<' that starts no element");
  t.kind = end_tag ? Token::kEnd : Token::kStart;
  t.end = i + 1;
  t.name = std::string_view(b + name_begin, name_end - name_begin);
  t.self_closing = !end_tag && b[i - 1] == '/';
  return true;
}

// Reads more of the part, keeping the unfinished item; false when there is nothing more.
// Each read is at least as large as what is kept, so a long token is scanned O(log n) times.
bool XmlElementStream::fill() {
  if (eof_) return false;
  std::size_t keep = phase_ == Phase::kInItem ? item_start_ : scan_;
  buf_.erase(0, keep);
  base_ += keep;
  scan_ -= keep;
  item_start_ -= std::min(item_start_, keep);
  std::size_t old = buf_.size();
  buf_.resize(old + std::max(kChunk, old));
  std::size_t got = in_->read(buf_.data() + old, buf_.size() - old);
  buf_.resize(old + got);
  if (got == 0) eof_ = true;
  return true;  // new bytes, or the news that there are none: scan again either way
}

pugi::xml_node XmlElementStream::parse(std::size_t begin, std::size_t end) {
  // In place: the item's bytes are not looked at again, and the nodes point into them.
  pugi::xml_parse_result result = doc_.load_buffer_inplace(
      buf_.data() + begin, end - begin, pugi::parse_default | pugi::parse_ws_pcdata_single,
      pugi::encoding_utf8);
  if (!result) {
    malformed(base_ + begin + static_cast<std::size_t>(result.offset), result.description());
  }
  return doc_.document_element();
}

void XmlElementStream::malformed(std::uint64_t offset, const std::string& what) const {
  not_well_formed(file_, in_->part(), offset, what);
}

}  // namespace atlas::ingest
