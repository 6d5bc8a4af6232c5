#include "server/uploads.h"

#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "atlas/ingest/document_type.h"
#include "atlas/ingest/encoding.h"
#include "atlas/ingest/xlsx_package.h"
#include "server/api_error.h"

namespace atlas::server {
namespace {

constexpr std::size_t kSniffBytes = 64 * 1024;  // what the type is decided on

ApiError unsupported(const std::string& zh, const std::string& en) {
  return {415, "unsupported-media-type", zh, en, {"", 0, "", "body"}};
}

ApiError invalid_file(const std::string& label, const std::string& zh, const std::string& en) {
  return {422, "invalid-file", zh, en, {label, 0, "", "body"}};
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// What the Content-Type declares: "text", "xlsx" or "any".
std::string declared_kind(const std::string& content_type) {
  std::string type = lower(content_type.substr(0, content_type.find(';')));
  type = std::string(text::trim_view(type));
  if (type == "text/csv" || type == "text/plain" || type == "text/tab-separated-values" ||
      type == "application/csv") {
    return "text";
  }
  if (type == kXlsxType) return "xlsx";
  if (type == "application/octet-stream" || type.empty()) return "any";
  throw unsupported("不支持的上传类型：" + type,
                    "an upload is the file itself, sent as text/csv, "
                    "text/tab-separated-values, " +
                        std::string(kXlsxType) + " or application/octet-stream, not " + type);
}

// What a document's Content-Type may declare: a PDF, a Word or Excel file, or nothing in
// particular; the bytes decide what it is (ingest::check_document).
std::string declared_document_kind(const std::string& content_type) {
  std::string type = lower(content_type.substr(0, content_type.find(';')));
  type = std::string(text::trim_view(type));
  if (type.empty() || type == "application/pdf" || type == kXlsxType ||
      type == "application/octet-stream" ||
      type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document") {
    return "any";
  }
  throw unsupported("不支持的上传类型：" + type,
                    "a document is sent as application/pdf, the DOCX or XLSX type or "
                    "application/octet-stream, not " +
                        type);
}

bool has_suffix(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && lower(s.substr(s.size() - suffix.size())) == suffix;
}

// A temporary file of our own (mode 0600), in $TMPDIR.
std::string make_temporary(std::FILE*& out) {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "clusteratlas-upload-XXXXXX").string();
  int fd = mkstemp(pattern.data());
  if (fd < 0 || !(out = fdopen(fd, "wb"))) {
    if (fd >= 0) close(fd);
    throw Error(ErrorKind::kStore, "cannot create a temporary file for the upload");
  }
  return pattern;
}

}  // namespace

const char* upload_type_key(UploadType t) {
  switch (t) {
    case UploadType::kCsv: return "csv";
    case UploadType::kTsv: return "tsv";
    case UploadType::kXlsx: return "xlsx";
    case UploadType::kJson: return "json";
  }
  return "csv";
}

Upload::~Upload() {
  if (owned_ && !path_.empty()) std::remove(path_.c_str());
}

Upload::Upload(Upload&& other) noexcept
    : path_(std::move(other.path_)),
      label_(std::move(other.label_)),
      type_(other.type_),
      bytes_(other.bytes_),
      owned_(other.owned_) {
  other.owned_ = false;
}

std::function<void()> Upload::release() {
  owned_ = false;
  return [path = path_] { std::remove(path.c_str()); };
}

std::string checked_file_name(const std::string& name) {
  auto refuse = [&](const std::string& zh, const std::string& en) {
    return ApiError(422, "invalid-file-name", "文件名无效：" + zh,
                    "filename: " + en + " (it is a label only: a name such as 2023企业数据.csv)",
                    {"", 0, "", "filename"});
  };
  if (name.empty()) throw refuse("缺少文件名", "missing: give ?filename=NAME.csv");
  if (name.size() > 255) throw refuse("超过 255 字节", "longer than 255 bytes");
  if (!text::is_valid_utf8(name)) throw refuse("不是有效的 UTF-8", "not valid UTF-8");
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) throw refuse("含控制字符", "contains a control character");
    if (c == '/' || c == '\\') throw refuse("不能是路径", "a path is not a file name");
  }
  if (name.front() == '.') throw refuse("不能以 . 开头", "may not start with '.'");
  return name;
}

std::string relabelled(std::string text, const std::string& path, const std::string& label) {
  const std::string base = std::filesystem::path(path).filename().string();
  for (const std::string& name : {path, base}) {
    for (auto at = text.find(name); at != std::string::npos;
         at = text.find(name, at + label.size())) {
      text.replace(at, name.size(), label);
    }
  }
  return text;
}

Error relabelled(const Error& e, const std::string& path, const std::string& label) {
  Where where = e.where();
  where.file = relabelled(where.file, path, label);
  return Error(e.kind(), relabelled(e.what(), path, label), where);
}

bool has_body(const httplib::Request& request) {
  if (request.has_header("Transfer-Encoding")) return true;
  return std::strtoull(request.get_header_value("Content-Length").c_str(), nullptr, 10) > 0;
}

void drain(UploadSource& source) {
  if (source.consumed) return;
  source.consumed = true;
  source.reader([](const char*, std::size_t) { return true; });
}

namespace {

// The body, raw or the one file of a form, in a temporary file: its name checked, its size
// counted against the limit, what its Content-Type declares (`declared_of`, which refuses a type
// the route does not take) and its first bytes kept for the caller to tell what it is. A route
// that takes a second file names its part (`second`): a form's one part of that name goes to a
// temporary file of its own, its bytes counted with the first's against the one limit.
struct ReceivedBody {
  Upload file;
  std::string declared;               // declared_kind of the Content-Type
  std::string head;                   // the first kSniffBytes
  std::optional<Upload> second = {};  // the part named `second`, when the form has it
  std::string second_head = {};
};

// A part's own file name as a label, refused (422) naming the part rather than ?filename=.
std::string part_label(const std::string& file_name, const std::string& part) {
  if (file_name.empty()) return part;
  try {
    return checked_file_name(file_name);
  } catch (const ApiError& e) {
    Where where = e.where();
    where.field = part;
    throw ApiError(e.status(), e.code(), e.zh(), part + ": " + e.what(), where);
  }
}

ReceivedBody receive_body(const httplib::Request& request, UploadSource& source,
                          const std::string& name, std::string (*declared_of)(const std::string&),
                          const std::string& second = "") {
  // A form (multipart/form-data, as a browser's FormData sends it) carries the file as its part
  // named "file", with that part's name and type; ?filename= wins over the part's name.
  const bool form = request.is_multipart_form_data();
  std::string label, declared;
  if (!form) {
    label = checked_file_name(name);
    declared = declared_of(request.get_header_value("Content-Type"));
  } else if (!name.empty()) {
    label = checked_file_name(name);
  }
  if (request.has_header("Content-Length")) {
    // Refused before a byte is stored; the body is still read (and dropped) so that the
    // connection can carry the response.
    auto length = std::strtoull(request.get_header_value("Content-Length").c_str(), nullptr, 10);
    if (length > source.limit) {
      drain(source);
      throw ApiError(
          413, "upload-too-large", "上传文件过大",
          "the upload is larger than the limit of " + std::to_string(source.limit >> 20) + " MiB",
          {"", 0, "", "body"});
    }
  }

  std::FILE* out = nullptr;
  std::string path = make_temporary(out);
  Upload upload(path, label, UploadType::kCsv, 0);  // removes the file on every early exit
  std::uint64_t total = 0, bytes = 0;               // the body's, the file's
  bool too_large = false, write_failed = false;
  std::string head;
  source.consumed = true;
  auto keep = [&](std::FILE* into, std::string& sniffed, std::uint64_t& counted, const char* data,
                  std::size_t n) {
    if (too_large || write_failed) return true;  // dropped: the rest is only drained
    total += n;
    counted += n;
    if (total > source.limit) {
      too_large = true;
      return true;
    }
    if (sniffed.size() < kSniffBytes)
      sniffed.append(data, std::min(n, kSniffBytes - sniffed.size()));
    if (std::fwrite(data, 1, n, into) != n) write_failed = true;
    return true;
  };
  auto take = [&](const char* data, std::size_t n) { return keep(out, head, bytes, data, n); };
  int file_parts = 0, second_parts = 0;
  bool in_file = false, in_second = false;
  std::string part_name, part_type, second_name, second_head;
  std::FILE* second_out = nullptr;
  std::optional<Upload> second_file;  // removes its file on every early exit
  std::uint64_t second_bytes = 0;
  bool complete =
      form ? source.reader(
                 [&](const httplib::MultipartFormData& part) {
                   in_file = part.name == "file" && file_parts++ == 0;
                   in_second = !second.empty() && part.name == second && second_parts++ == 0;
                   if (in_file) part_name = part.filename, part_type = part.content_type;
                   if (in_second) {
                     // Not thrown from inside httplib's reader: the failure is said below.
                     try {
                       second_file.emplace(make_temporary(second_out), "", UploadType::kJson, 0);
                     } catch (const Error&) {
                       write_failed = true;
                       in_second = false;
                     }
                     second_name = part.filename;
                   }
                   return true;
                 },
                 [&](const char* data, std::size_t n) {
                   if (in_file) return take(data, n);
                   if (in_second) return keep(second_out, second_head, second_bytes, data, n);
                   return true;
                 })
           : source.reader(take);
  if (std::fclose(out) != 0) write_failed = true;
  if (second_out && std::fclose(second_out) != 0) write_failed = true;
  if (too_large) {
    throw ApiError(
        413, "upload-too-large", "上传文件过大",
        "the upload is larger than the limit of " + std::to_string(source.limit >> 20) + " MiB",
        {"", 0, "", "body"});
  }
  if (!complete) {
    throw ApiError(400, "incomplete-body", "请求体不完整", "the body ended before it was complete");
  }
  if (write_failed) {
    throw Error(ErrorKind::kStore, "cannot store the upload (is the temporary directory full?)");
  }
  if (form) {
    if (file_parts != 1) {
      throw ApiError(422, "invalid-file", "表单须有且只有一个名为 file 的文件",
                     "a form upload has exactly one part named 'file' (it had " +
                         std::to_string(file_parts) + ")",
                     {"", 0, "", "file"});
    }
    if (second_parts > 1) {
      throw ApiError(422, "invalid-file", "表单中名为 " + second + " 的部分只能有一个",
                     "a form has at most one part named '" + second + "' (it had " +
                         std::to_string(second_parts) + ")",
                     {"", 0, "", second});
    }
    if (label.empty()) label = checked_file_name(part_name);
    declared = declared_of(part_type);
  }
  if (bytes == 0) throw invalid_file(label, "上传的文件为空", "the uploaded file is empty");
  std::optional<Upload> second_upload;
  if (second_file) {
    const std::string second_label = part_label(second_name, second);
    if (second_bytes == 0) {
      throw ApiError(422, "invalid-file", "表单中的 " + second + " 部分为空",
                     "the form's part '" + second + "' is empty", {second_label, 0, "", second});
    }
    second_upload.emplace(second_file->path(), second_label, UploadType::kJson, second_bytes);
    second_file->release();
  }
  upload.release();
  return {Upload(path, label, UploadType::kCsv, bytes), declared, head, std::move(second_upload),
          second_head};
}

// A form's second file checked as JSON text, whatever its name or type says: no binary
// content, UTF-8 (JSON's own encoding, RFC 8259), and an object or an array at its start. What
// the JSON holds is its reader's to judge, naming the file by the part's label.
void check_json_text(const Upload& part, const std::string& head, const std::string& name) {
  auto refuse = [&](const std::string& en) {
    return ApiError(422, "invalid-file", "表单中的 " + name + " 部分不是 JSON 文本",
                    name + ": " + en + " (a GeoJSON FeatureCollection in UTF-8 is expected)",
                    {part.label(), 0, "", name});
  };
  if (head.find('\0') != std::string::npos) throw refuse("binary content, not JSON text");
  // The head may end inside a character: a cut sequence of up to 3 bytes is no fault.
  std::string_view whole = head;
  bool utf8 = text::is_valid_utf8(whole);
  for (std::size_t cut = 1; !utf8 && head.size() == kSniffBytes && cut <= 3; ++cut)
    utf8 = text::is_valid_utf8(whole.substr(0, whole.size() - cut));
  if (!utf8) throw refuse("not UTF-8 text");
  if (whole.rfind("\xEF\xBB\xBF", 0) == 0) whole.remove_prefix(3);  // a byte order mark
  const auto start = whole.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos || (whole[start] != '{' && whole[start] != '['))
    throw refuse("not JSON text: it does not start with { or [");
}

// The table of a body received: what its bytes are (XLSX, or CSV or TSV text in UTF-8 or GBK),
// agreeing with what its Content-Type declared, in a file whose extension says it.
Upload checked_table(const httplib::Request& request, ReceivedBody& body) {
  const std::string path = body.file.path(), label = body.file.label(), head = body.head;
  const std::string declared = body.declared;
  const std::uint64_t bytes = body.file.bytes();
  Upload& upload = body.file;  // removes the file on every early exit

  // What the bytes are. A ZIP must be an XLSX package; anything with NUL bytes or the magic of
  // an image or a document is no table; text must be UTF-8 or GBK (GB18030).
  UploadType type;
  if (head.rfind("PK\x03\x04", 0) == 0) {
    try {
      ingest::ZipArchive zip(path, std::uint64_t{1} << 30);
      if (!zip.has("[Content_Types].xml") || !zip.has("xl/workbook.xml")) {
        throw invalid_file(label, "ZIP 文件不是 XLSX 工作簿",
                           "a ZIP archive but not an XLSX workbook (no [Content_Types].xml or "
                           "xl/workbook.xml)");
      }
    } catch (const Error&) {
      throw invalid_file(label, "不是有效的 XLSX 工作簿",
                         "not a readable XLSX workbook (a damaged or partial ZIP archive)");
    }
    type = UploadType::kXlsx;
  } else if (head.find('\0') != std::string::npos || head.rfind("\x89PNG", 0) == 0 ||
             head.rfind("%PDF", 0) == 0 || head.rfind("\xff\xd8\xff", 0) == 0 ||
             head.rfind("GIF8", 0) == 0 || head.rfind("\xd0\xcf\x11\xe0", 0) == 0) {
    throw unsupported("上传的内容不是 CSV、TSV 或 XLSX 文件",
                      "the uploaded bytes are not a CSV, TSV or XLSX file (binary content; an "
                      "old .xls must be saved as .xlsx)");
  } else {
    try {
      ingest::detect_encoding(head, label);
    } catch (const Error& e) {
      throw invalid_file(label, "文本既不是 UTF-8 也不是 GBK 编码",
                         std::string("the text is neither UTF-8 nor GBK: ") + e.what());
    }
    std::string type_header = lower(request.get_header_value("Content-Type"));
    type = has_suffix(label, ".tsv") || has_suffix(label, ".txt") ||
                   type_header.rfind("text/tab-separated-values", 0) == 0
               ? UploadType::kTsv
               : UploadType::kCsv;
  }
  if ((declared == "xlsx") != (type == UploadType::kXlsx) && declared != "any") {
    throw unsupported("上传内容与声明的类型不符",
                      std::string("the body is ") +
                          (type == UploadType::kXlsx ? "an XLSX workbook" : "text") +
                          ", not what its Content-Type says");
  }
  // The readers choose by extension: the temporary file gets the one its bytes deserve.
  std::string typed = path + "." + upload_type_key(type);
  if (std::rename(path.c_str(), typed.c_str()) != 0) {
    throw Error(ErrorKind::kStore, "cannot store the upload");
  }
  upload.release();
  return Upload(typed, label, type, bytes);
}

}  // namespace

Upload receive_upload(const httplib::Request& request, UploadSource& source,
                      const std::string& name) {
  auto body = receive_body(request, source, name, declared_kind);
  return checked_table(request, body);
}

UploadWithPart receive_upload_with_part(const httplib::Request& request, UploadSource& source,
                                        const std::string& name, const std::string& part) {
  auto body = receive_body(request, source, name, declared_kind, part);
  if (body.second) check_json_text(*body.second, body.second_head, part);
  Upload table = checked_table(request, body);
  return {std::move(table), std::move(body.second)};
}

ReceivedDocument receive_document(const httplib::Request& request, UploadSource& source,
                                  const std::string& name) {
  auto body = receive_body(request, source, name, declared_document_kind);
  try {
    auto checked = ingest::check_document(body.file.path(), body.file.label());
    std::ifstream in(body.file.path(), std::ios::binary);
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return {std::move(checked), std::move(content)};
  } catch (const Error& e) {
    throw relabelled(e, body.file.path(), body.file.label());
  }
}

}  // namespace atlas::server
