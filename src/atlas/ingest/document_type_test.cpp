// Attachments are known by their content: files written here byte by byte (the ZIPs with
// libzip's writer) and the answer each should give, worked out by hand.
#include "atlas/ingest/document_type.h"

#include <unistd.h>
#include <zip.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "atlas/auth/secrets.h"
#include "atlas/core/error.h"

namespace atlas::ingest {
namespace {

class DocumentTypeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("atlas_documents_" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& bytes) {
    auto path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  // A ZIP holding the named parts, each with a little XML.
  std::string zip_with(const std::string& name, const std::vector<std::string>& parts) {
    auto path = (dir_ / name).string();
    int error = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    for (const auto& part : parts) {
      static const char kXml[] = "<?xml version=\"1.0\"?><x/>";
      zip_source_t* src = zip_source_buffer(z, kXml, sizeof kXml - 1, 0);
      zip_file_add(z, part.c_str(), src, ZIP_FL_ENC_UTF_8);
    }
    zip_close(z);
    return path;
  }
  std::string refusal(const std::string& path, const std::string& name,
                      std::uint64_t max = kMaxDocumentBytes) {
    try {
      check_document(path, name, max);
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
      return e.what();
    }
    return "(accepted)";
  }

  std::filesystem::path dir_;
};

const std::string kPdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

TEST_F(DocumentTypeTest, APdfDocxAndXlsxAreKnownByTheirContent) {
  auto pdf = check_document(write("a.pdf", kPdf), "材料/申报书.pdf");
  EXPECT_EQ(pdf.type, DocumentType::kPdf);
  EXPECT_EQ(pdf.name, "申报书.pdf");  // the last component only
  EXPECT_EQ(pdf.size, kPdf.size());
  EXPECT_EQ(pdf.sha256, auth::sha256_hex(kPdf));
  auto docx =
      check_document(zip_with("b.docx", {"[Content_Types].xml", "word/document.xml"}), "说明.docx");
  EXPECT_EQ(docx.type, DocumentType::kDocx);
  auto xlsx =
      check_document(zip_with("c.xlsx", {"[Content_Types].xml", "xl/workbook.xml"}), "名单.xlsx");
  EXPECT_EQ(xlsx.type, DocumentType::kXlsx);
  // Another extension is left alone: the content decides.
  EXPECT_EQ(check_document(write("d.bin", kPdf), "扫描件").type, DocumentType::kPdf);
}

TEST_F(DocumentTypeTest, WhatIsNotADocumentOrIsNotWhatItsNameSaysIsRefused) {
  EXPECT_NE(refusal(write("a.pdf", kPdf), "申报书.docx").find("rename it 申报书.pdf"),
            std::string::npos);
  EXPECT_NE(refusal(write("b.pdf", "MZ\x90\x00 program"), "申报书.pdf").find("a program"),
            std::string::npos);
  EXPECT_NE(refusal(write("c.doc", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)), "旧.doc")
                .find("97–2003"),
            std::string::npos);
  EXPECT_NE(refusal(write("d.pdf", "%PDF-1.4\n1 0 obj"), "断.pdf").find("cut short"),
            std::string::npos);
  EXPECT_NE(refusal(zip_with("e.zip", {"a.txt"}), "包.zip").find("ZIP archive"), std::string::npos);
  EXPECT_NE(refusal(write("f.pdf", ""), "空.pdf").find("empty"), std::string::npos);
  EXPECT_NE(refusal(write("g.pdf", kPdf), "大.pdf", 10).find("more than"), std::string::npos);
  EXPECT_NE(refusal((dir_ / "none.pdf").string(), "none.pdf").find("no such file"),
            std::string::npos);
}

TEST_F(DocumentTypeTest, ARefusalNamesTheFileOnceInItsPlace) {
  try {
    check_document(write("h.pdf", "这不是PDF\n"), "材料/假.pdf");
    FAIL() << "a text file was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().file, "材料/假.pdf");
    EXPECT_EQ(std::string(e.what()), "not a PDF, DOCX or XLSX document");
    EXPECT_EQ(e.describe(), "材料/假.pdf: not a PDF, DOCX or XLSX document");
  }
}

}  // namespace
}  // namespace atlas::ingest
