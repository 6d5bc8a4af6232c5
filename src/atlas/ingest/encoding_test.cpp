#include "atlas/ingest/encoding.h"

#include <gtest/gtest.h>

#include "atlas/core/error.h"

namespace atlas::ingest {
namespace {

// "企业名称" in GBK, bytes from the GB2312 code chart: 企 C6F3, 业 D2B5, 名 C3FB, 称 B3C6.
constexpr std::string_view kGbk = "\xC6\xF3\xD2\xB5\xC3\xFB\xB3\xC6";

TEST(Encoding, DetectsUtf8AndGbk) {
  EXPECT_EQ(detect_encoding("企业名称,营业收入\n", "f.csv"), Encoding::kUtf8);
  EXPECT_EQ(detect_encoding("\xEF\xBB\xBF企业名称", "f.csv"), Encoding::kUtf8);
  EXPECT_EQ(detect_encoding("plain ascii", "f.csv"), Encoding::kUtf8);
  EXPECT_EQ(detect_encoding(kGbk, "f.csv"), Encoding::kGb18030);
  // A sample that ends inside a character is still UTF-8 ("企" is E4 BC 81).
  EXPECT_EQ(detect_encoding("abc\xE4\xBC", "f.csv"), Encoding::kUtf8);
}

TEST(Encoding, ConvertsGbkToUtf8) {
  EXPECT_EQ(to_utf8(kGbk, Encoding::kGb18030, "f.csv"), "企业名称");
  EXPECT_EQ(to_utf8("\xEF\xBB\xBF"
                    "abc",
                    Encoding::kUtf8, "f.csv"),
            "abc");
}

TEST(Encoding, GbkMislabelledAsUtf8NamesTheLine) {
  std::string text = "code,name\n1,";
  text += kGbk;
  try {
    to_utf8(text, Encoding::kUtf8, "f.csv");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
    EXPECT_EQ(e.where().row, 2);
    EXPECT_NE(std::string(e.what()).find("gb18030"), std::string::npos);
  }
}

TEST(Encoding, NeitherEncodingIsAnError) {
  EXPECT_THROW(detect_encoding("ok\n\xFF\xFF\xFF\xFF\xFF\xFF trailing", "f.csv"), Error);
}

TEST(Encoding, ParsesNames) {
  EXPECT_EQ(parse_encoding("GBK"), Encoding::kGb18030);
  EXPECT_EQ(parse_encoding("utf8"), Encoding::kUtf8);
  EXPECT_THROW(parse_encoding("latin1"), Error);
}

}  // namespace
}  // namespace atlas::ingest
