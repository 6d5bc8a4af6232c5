#include "atlas/core/text.h"

#include <gtest/gtest.h>

namespace atlas::text {
namespace {

TEST(Text, ValidUtf8) {
  EXPECT_TRUE(is_valid_utf8("湖北 Hubei"));
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate U+D800
  EXPECT_FALSE(is_valid_utf8("\xBA\xFE\xB1\xB1"));  // 湖北 in GBK
  EXPECT_FALSE(is_valid_utf8("\xE6\xB9"));          // truncated 湖
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // overlong '/' in three bytes
  EXPECT_TRUE(is_valid_utf8("\xE0\xA0\x80\xED\x9F\xBF\xEF\xBF\xBF"));  // U+0800, U+D7FF, U+FFFF
  EXPECT_FALSE(is_valid_utf8("\xED\xBF\xBF"));                         // surrogate U+DFFF
  EXPECT_FALSE(is_valid_utf8("\xE6\xB9\x41"));  // 湖 cut short by an ASCII byte
}

TEST(Text, FindsTheFirstInvalidByte) {
  EXPECT_EQ(first_invalid_utf8("abcdefghij湖北"), std::string_view::npos);
  EXPECT_EQ(first_invalid_utf8("abcdefghij\xFF"), 10u);  // after an ASCII run
  EXPECT_EQ(first_invalid_utf8("湖\xBA"), 3u);
}

TEST(Text, IncompleteTailOfAChunk) {
  EXPECT_EQ(incomplete_utf8_tail("ab"), 0u);
  EXPECT_EQ(incomplete_utf8_tail("a\xE6\xB9"), 2u);  // 湖 is E6 B9 96
  EXPECT_EQ(incomplete_utf8_tail("a\xE6"), 1u);
  EXPECT_EQ(incomplete_utf8_tail("湖"), 0u);
  EXPECT_EQ(incomplete_utf8_tail("\xF0\x9F\x98"), 3u);  // a 4-byte emoji cut after 3
}

TEST(Text, DisplayWidthCountsCjkAsTwoColumns) {
  EXPECT_EQ(display_width("abc"), 3);
  EXPECT_EQ(display_width("湖北"), 4);
  // 国科发火 8, 〔 2, 2013 4, 〕 2, 505 3, 号 2.
  EXPECT_EQ(display_width("国科发火〔2013〕505号"), 8 + 2 + 4 + 2 + 3 + 2);
  EXPECT_EQ(display_width("（试点）"), 8);   // full-width parentheses
  EXPECT_EQ(display_width("e\xCC\x81"), 1);  // e + combining acute
}

TEST(Text, PaddingAlignsMixedText) {
  EXPECT_EQ(pad_right("湖北", 6), "湖北  ");
  EXPECT_EQ(pad_left("湖北", 6), "  湖北");
  EXPECT_EQ(pad_right("Hubei", 3), "Hubei");  // never cuts
}

TEST(Text, FitCutsWholeCharacters) {
  EXPECT_EQ(fit("武汉东湖高新区", 7), "武汉东…");  // 3 ideographs (6) + ellipsis (1)
  EXPECT_EQ(fit("abc", 5), "abc");
  // Four ideographs (8 columns) and the ellipsis: a fifth ideograph would overflow 10.
  EXPECT_EQ(fit("中关村移动互联网创新型产业集群", 10), "中关村移…");
}

TEST(Text, CountedAgreesWithItsNumber) {
  EXPECT_EQ(counted(1, "row", "rows"), "1 row");
  EXPECT_EQ(counted(0, "row", "rows"), "0 rows");
  EXPECT_EQ(counted(3, "status change", "status changes"), "3 status changes");
}

TEST(Text, TrimRemovesIdeographicSpaces) {
  EXPECT_EQ(trim("\xE3\x80\x80 湖北省 \t"), "湖北省");
  EXPECT_EQ(trim("   "), "");
  EXPECT_EQ(trim_view("\xE3\x80\x80 湖北省 \t"), "湖北省");
  EXPECT_EQ(trim_view(" \t"), "");
}

}  // namespace
}  // namespace atlas::text
