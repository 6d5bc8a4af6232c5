// The package layer under the XLSX reader, internal to atlas::ingest: ZIP parts read with libzip
// under size and compression-ratio limits, and their XML, whole or one element at a time. Bad
// input throws atlas::Error (kBadInput) naming the file and the part; nothing here knows cells.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <pugixml.hpp>

// libzip's handles, declared as <zip.h> declares them so that only xlsx_package.cpp needs libzip.
typedef struct zip zip_t;
typedef struct zip_file zip_file_t;

namespace atlas::ingest {

// One part of the archive, inflated as it is read. Counts what it reads, so a part that ends
// early or runs past its declared size is reported, and libzip checks the CRC at the end.
class ZipPartStream {
 public:
  // Takes over `file`, as ZipArchive::open makes it; `size` is the inflated size it declares.
  ZipPartStream(zip_file_t* file, std::uint64_t size, std::string file_name, std::string part);
  ~ZipPartStream();
  ZipPartStream(const ZipPartStream&) = delete;
  ZipPartStream& operator=(const ZipPartStream&) = delete;

  const std::string& part() const { return part_; }
  std::uint64_t size() const { return size_; }

  // Up to `n` bytes into `out`; fewer only at the end of the part, 0 after it.
  std::size_t read(char* out, std::size_t n);

 private:
  [[noreturn]] void damaged(const std::string& why) const;

  zip_file_t* file_;
  std::uint64_t size_;
  std::string file_name_;
  std::string part_;
  std::uint64_t total_ = 0;
  bool done_ = false;
};

// A ZIP archive opened for reading. Opening a file that is not one (empty, a folder, an old .xls,
// a damaged download) throws with words that tell the user what to do.
class ZipArchive {
 public:
  // A part that would inflate past `max_part_bytes` is refused when it is opened.
  ZipArchive(const std::string& path, std::uint64_t max_part_bytes);
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  const std::string& path() const { return path_; }

  bool has(const std::string& part) const;

  // A stream of the part, or nullptr when the archive has none by that name. Part names are
  // matched ignoring case, as the Open Packaging Conventions require.
  std::unique_ptr<ZipPartStream> open(const std::string& part) const;

  // The whole part (for the small ones: workbook, relationships, styles), or nullopt.
  std::optional<std::string> read(const std::string& part) const;

 private:
  std::string path_;
  std::uint64_t max_part_bytes_;
  zip_t* zip_ = nullptr;
};

// XML is matched by local name: some writers (the OpenXML SDK) prefix every element ("x:row").
std::string_view xml_local_name(std::string_view name);

// Parses a whole part, read into `text`, in place: the document points into `text`, which the
// caller keeps alive. `file` and `part` name it in the error when it is not well-formed.
void parse_xml_part(pugi::xml_document& doc, std::string& text, const std::string& file,
                    const std::string& part);

// The elements named `item` that are children of the root (or of the root's child `container`)
// of an XML part, one at a time, inflated as they are needed: a small scanner finds where each
// item ends (skipping comments, CDATA, processing instructions and '>' inside attribute values)
// and pugixml parses just that element. Memory is one chunk of the part plus one item, so a
// sheet of a million rows never becomes a DOM of a million rows.
class XmlElementStream {
 public:
  XmlElementStream(std::unique_ptr<ZipPartStream> in, std::string file, std::string_view root,
                   std::string_view container, std::string_view item);

  // The next item, parsed; an empty node after the last. Valid until the next call.
  pugi::xml_node next();

 private:
  enum class Phase { kProlog, kInRoot, kInContainer, kInItem, kDone };
  struct Token {
    enum Kind { kText, kStart, kEnd, kOther } kind = kText;
    std::size_t begin = 0, end = 0;
    std::string_view name;
    bool self_closing = false;
  };
  static constexpr std::size_t kChunk = 1 << 20;

  bool scan(std::size_t p, Token& t) const;
  bool fill();
  pugi::xml_node parse(std::size_t begin, std::size_t end);
  [[noreturn]] void malformed(std::uint64_t offset, const std::string& what) const;

  std::unique_ptr<ZipPartStream> in_;
  std::string file_;
  std::string root_, container_, item_;
  int item_depth_;
  std::string buf_;
  std::uint64_t base_ = 0;  // offset in the part of buf_[0]
  std::size_t scan_ = 0;    // where the next token starts in buf_
  std::size_t item_start_ = 0;
  int depth_ = 0;
  Phase phase_ = Phase::kProlog;
  bool eof_ = false;
  pugi::xml_document doc_;
};

}  // namespace atlas::ingest
