#include "atlas/ingest/document_type.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "atlas/core/error.h"
#include "atlas/ingest/text_input.h"
#include "atlas/ingest/xlsx_package.h"

namespace atlas::ingest {
namespace {

// The file's name goes in the Where only: Error::describe() puts it before the message, and the
// API answers it as `file` beside the message, so naming it in the message too said it twice.
[[noreturn]] void refuse(const std::string& name, const std::string& why) {
  throw Error(ErrorKind::kBadInput, why, {name, 0, "", ""});
}

std::string read_at(std::ifstream& in, std::uint64_t offset, std::size_t n) {
  std::string out(n, '\0');
  in.seekg(static_cast<std::streamoff>(offset));
  in.read(out.data(), static_cast<std::streamsize>(n));
  out.resize(static_cast<std::size_t>(in.gcount()));
  in.clear();
  return out;
}

// What the first bytes say the file is, for a refusal.
std::string what_it_is(std::string_view head) {
  if (head.starts_with("\xD0\xCF\x11\xE0")) {
    return "an old Word or Excel 97–2003 file (.doc/.xls): save it as DOCX, XLSX or PDF";
  }
  if (head.starts_with("\x89PNG") || head.starts_with("\xFF\xD8\xFF")) {
    return "an image: send it inside a PDF";
  }
  if (head.starts_with("MZ") || head.starts_with("\x7F"
                                                 "ELF"))
    return "a program, not a document";
  if (head.starts_with("Rar!") || head.starts_with("7z\xBC\xAF")) {
    return "an archive: attach its documents one by one";
  }
  return "not a PDF, DOCX or XLSX document";
}

std::string extension_of(const std::string& name) {
  auto ext = std::filesystem::path(name).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

std::string stored_name(const std::string& name) {
  auto base = std::filesystem::path(name).filename().string();
  std::erase_if(base, [](unsigned char c) { return c < 0x20 || c == 0x7F; });
  return base.empty() ? "document" : base;
}

}  // namespace

std::string_view document_type_key(DocumentType t) {
  switch (t) {
    case DocumentType::kPdf: return "pdf";
    case DocumentType::kDocx: return "docx";
    case DocumentType::kXlsx: return "xlsx";
  }
  return "?";
}

CheckedDocument check_document(const std::string& path, const std::string& name,
                               std::uint64_t max_bytes) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) refuse(name, "no such file");
  const auto size = std::filesystem::file_size(path, ec);
  if (ec || size == 0) refuse(name, "the file is empty");
  if (size > max_bytes) {
    refuse(name, fmt::format("{:.1f} MB, more than the {} MB an attachment may have",
                             static_cast<double>(size) / (1 << 20), max_bytes >> 20));
  }
  std::ifstream in(path, std::ios::binary);
  const auto head = read_at(in, 0, 8);
  CheckedDocument doc;
  doc.size = size;
  doc.name = stored_name(name);
  if (head.starts_with("%PDF-")) {
    // A PDF ends with %%EOF (followed at most by line ends): a download cut short does not.
    const std::uint64_t tail_at = size > 1024 ? size - 1024 : 0;
    if (read_at(in, tail_at, 1024).find("%%EOF") == std::string::npos) {
      refuse(name, "a PDF that stops before its end (no %%EOF): the file was cut short");
    }
    doc.type = DocumentType::kPdf;
  } else if (head.starts_with("PK\x03\x04")) {
    ZipArchive zip(path, max_bytes);
    if (zip.has("word/document.xml")) {
      doc.type = DocumentType::kDocx;
    } else if (zip.has("xl/workbook.xml")) {
      doc.type = DocumentType::kXlsx;
    } else {
      refuse(name, "a ZIP archive, not a DOCX or XLSX document: attach its documents one by one");
    }
  } else {
    refuse(name, what_it_is(head));
  }
  const auto ext = extension_of(name);
  const std::string real = "." + std::string(document_type_key(doc.type));
  if ((ext == ".pdf" || ext == ".docx" || ext == ".xlsx") && ext != real) {
    refuse(name, fmt::format("the name says {} but the content is a {} document; rename it {}", ext,
                             document_type_key(doc.type),
                             doc.name.substr(0, doc.name.size() - ext.size()) + real));
  }
  doc.sha256 = sha256_of_file(path);
  return doc;
}

}  // namespace atlas::ingest
