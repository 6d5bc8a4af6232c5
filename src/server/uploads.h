// Files uploaded to the API (an import's CSV or XLSX, later a discovery's points). Nothing a
// user uploads is trusted for its name, its type or its size: the name is only a label — checked
// and kept as text, never a path; the type is what the bytes are (an XLSX is a ZIP package with
// [Content_Types].xml, a CSV is text in UTF-8 or GBK), whatever the Content-Type or the name's
// extension says, and must agree with a declared type; the size is counted while the body is
// read, and the file refused (413) once it passes the limit. The body goes straight to a
// temporary file, never held in memory; the file is removed when the Upload is destroyed, unless
// its removal was handed over (release()) to a job that reads it later.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <httplib.h>

#include "atlas/core/error.h"
#include "atlas/ingest/document_type.h"

namespace atlas::server {

// The default limit of an upload's body (`serve --max-upload-mib` changes it); docs/api.md.
inline constexpr std::size_t kDefaultUploadBytes = std::size_t{256} << 20;  // 256 MiB

// The Content-Types an upload may declare; anything else is refused (415) before it is read.
inline constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// How an upload route reads its body: httplib's reader, the limit, and whether it was read
// (the server drains a body no handler read, so the connection stays usable).
struct UploadSource {
  const httplib::ContentReader& reader;
  std::size_t limit;
  bool consumed = false;
};

enum class UploadType { kCsv, kTsv, kXlsx, kJson };
const char* upload_type_key(UploadType t);  // "csv", "tsv", "xlsx", "json"

class Upload {
 public:
  Upload(std::string path, std::string label, UploadType type, std::uint64_t bytes)
      : path_(std::move(path)), label_(std::move(label)), type_(type), bytes_(bytes) {}
  ~Upload();
  Upload(Upload&& other) noexcept;
  Upload(const Upload&) = delete;
  Upload& operator=(const Upload&) = delete;
  Upload& operator=(Upload&&) = delete;

  const std::string& path() const { return path_; }    // a temporary file, for the readers
  const std::string& label() const { return label_; }  // the name reports show
  UploadType type() const { return type_; }
  std::uint64_t bytes() const { return bytes_; }
  // Hands the file's removal over: the returned function removes it (call it exactly once).
  std::function<void()> release();

 private:
  std::string path_, label_;
  UploadType type_;
  std::uint64_t bytes_;
  bool owned_ = true;
};

// The name a client gave, as a label: 1–255 bytes of valid UTF-8, no control character (NUL
// included), no '/' or '\\', not "." or "..", not starting with '.'; a 422 naming the field
// `filename` otherwise. A path is refused, not cut down to its last part.
std::string checked_file_name(const std::string& name);

// Reads the body of `request` through `source` into a temporary file and checks what it is:
// 415 unsupported-media-type for a Content-Type that is not CSV, TSV, XLSX or
// application/octet-stream, or contents that are none of them (an image, a PDF, any binary);
// 415 for contents that disagree with the declared type; 422 for a ZIP that is no XLSX, a text
// that is neither UTF-8 nor GBK, an empty body or a bad name; 413 over the limit. `name` is
// the client's file name (the ?filename= parameter). A multipart/form-data body (a browser's
// FormData) is read the same way: its one part named "file" is the file, with that part's name
// (unless ?filename= gives one) and type; any other part is dropped.
Upload receive_upload(const httplib::Request& request, UploadSource& source,
                      const std::string& name);

// A form carrying a second file beside its part "file" (the areas' GeoJSON of contiguity
// weights): the file read as receive_upload reads it, and the one part named `part` stored as a
// file of its own — its bytes counted with the file's against the limit, its content checked to
// be JSON text (UTF-8, an object or an array; 422 naming the part otherwise) whatever its name
// or type says, its label the part's file name (or `part` when it has none). `second` is empty
// when the body has no such part (a raw body never has): the route says whether it must.
struct UploadWithPart {
  Upload file;
  std::optional<Upload> second;
};
UploadWithPart receive_upload_with_part(const httplib::Request& request, UploadSource& source,
                                        const std::string& name, const std::string& part);

// A document attached to an application (申报书, 证明材料): the body read as receive_upload reads
// it (a raw body or a form's one file, the name a label, the limit counted), then what the bytes
// are checked by ingest::check_document — a PDF, DOCX or XLSX by its content, whatever its name
// or Content-Type says, 50 MB at most; its error (422) names the file by its label, as `file`.
struct ReceivedDocument {
  ingest::CheckedDocument checked;
  std::string content;
};
ReceivedDocument receive_document(const httplib::Request& request, UploadSource& source,
                                  const std::string& name);

// Whether the request carries a body at all (a length above 0, or chunks): for a route that
// takes a file or, with a parameter, none.
bool has_body(const httplib::Request& request);

// Reads and discards a body no handler read.
void drain(UploadSource& source);

// What the readers say of the temporary file an upload was kept in (by its path or its file
// name), said of the label the client knows it by: a message, a note, or an error whole.
std::string relabelled(std::string text, const std::string& path, const std::string& label);
Error relabelled(const Error& e, const std::string& path, const std::string& label);

}  // namespace atlas::server
