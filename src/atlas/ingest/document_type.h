// The documents attached to an application (申报书, 证明材料): PDF, DOCX or XLSX, known by their
// content, never by their name. A file whose content is none of these — an old .doc/.xls, an
// image, a program renamed .pdf — or whose name claims another type, or that is truncated or too
// large, is refused with what it really is and what to send instead.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace atlas::ingest {

enum class DocumentType { kPdf, kDocx, kXlsx };

std::string_view document_type_key(DocumentType t);  // "pdf" | "docx" | "xlsx"

// Attachments larger than this are refused: a scanned application of a few hundred pages fits.
inline constexpr std::uint64_t kMaxDocumentBytes = 50ull << 20;

struct CheckedDocument {
  DocumentType type = DocumentType::kPdf;
  std::string name;    // the file name as stored: its last path component, control characters
                       // removed
  std::string sha256;  // hex, of the bytes
  std::uint64_t size = 0;
};

// Checks the file at `path`, which the user calls `name` (a path or a bare file name). Throws
// atlas::Error (kBadInput) with `name` as its Where's file, not in its message: empty or over
// `max_bytes`; not a PDF (%PDF- … %%EOF), a DOCX (a ZIP with word/document.xml) or an XLSX (a ZIP
// with xl/workbook.xml); an extension that is another type's (.pdf, .docx, .xlsx; other extensions
// are left alone).
CheckedDocument check_document(const std::string& path, const std::string& name,
                               std::uint64_t max_bytes = kMaxDocumentBytes);

}  // namespace atlas::ingest
