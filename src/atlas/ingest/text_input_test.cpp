#include "atlas/ingest/text_input.h"

#include <sstream>

#include <gtest/gtest.h>

#include "atlas/core/error.h"

namespace atlas::ingest {
namespace {

std::string read_all(TextInput& input) {
  std::string out;
  char buffer[1000];  // small reads cross the internal chunks at odd places
  for (std::size_t n; (n = input.read(buffer, sizeof buffer)) > 0;) out.append(buffer, n);
  return out;
}

// "湖北" in GBK: 湖 BAFE, 北 B1B1 (GB2312 code chart).
constexpr std::string_view kHubeiGbk = "\xBA\xFE\xB1\xB1";

TEST(TextInput, ConvertsLargeGbkFilesAcrossChunks) {
  std::string gbk, expected;
  for (int i = 0; i < 50000; ++i) {
    gbk += std::string(kHubeiGbk) + ",1\n";
    expected += "湖北,1\n";
  }
  std::istringstream in(gbk);
  TextInput input(in, "gbk.csv", std::nullopt);
  EXPECT_EQ(input.encoding(), Encoding::kGb18030);
  EXPECT_EQ(read_all(input), expected);
}

TEST(TextInput, DropsTheByteOrderMarkAndHashesTheRawBytes) {
  std::istringstream in(
      "\xEF\xBB\xBF"
      "abc");
  TextInput input(in, "bom.csv", std::nullopt);
  EXPECT_EQ(read_all(input), "abc");
  // SHA-256 of the 6 raw bytes EF BB BF 61 62 63, from `printf '\xef\xbb\xbfabc' | sha256sum`.
  EXPECT_EQ(input.sha256_hex(), "1c28dc3f1f804a1ad9c9b4b4cf5e2658d16ad4ed08e3020d04a8d2865018947c");
}

TEST(TextInput, InvalidUtf8DeepInTheFileNamesTheLine) {
  std::string text;
  for (int i = 0; i < 100000; ++i) text += "line\n";
  text += "bad \xBA\xFE here\n";
  std::istringstream in(text);
  TextInput input(in, "big.csv", Encoding::kUtf8);
  try {
    read_all(input);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.where().file, "big.csv");
    EXPECT_EQ(e.where().row, 100001);
  }
}

TEST(TextInput, FileEndingInsideACharacterIsAnError) {
  std::istringstream in("abc\xE6\xB9");
  TextInput input(in, "cut.csv", Encoding::kUtf8);
  EXPECT_THROW(read_all(input), Error);
}

}  // namespace
}  // namespace atlas::ingest
