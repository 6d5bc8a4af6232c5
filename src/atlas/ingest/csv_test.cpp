#include "atlas/ingest/csv.h"

#include <sstream>
#include <string>

using namespace std::string_literals;

#include <gtest/gtest.h>

#include "atlas/core/error.h"

namespace atlas::ingest {
namespace {

std::vector<std::vector<std::string>> read_all(const std::string& text) {
  std::istringstream in(text);
  CsvReader reader(in, "t.csv");
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> fields;
  while (reader.next(fields)) rows.push_back(fields);
  return rows;
}

using Rows = std::vector<std::vector<std::string>>;

TEST(Csv, Rfc4180QuotingAndLineEnds) {
  EXPECT_EQ(read_all("a,b\r\n1,2\r\n"), (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(read_all("\"x,y\",\"say \"\"hi\"\"\"\n"), (Rows{{"x,y", "say \"hi\""}}));
  EXPECT_EQ(read_all("\"line1\nline2\",z\n"), (Rows{{"line1\nline2", "z"}}));
  EXPECT_EQ(read_all("a,,\n"), (Rows{{"a", "", ""}}));
  EXPECT_EQ(read_all("no newline at end"), (Rows{{"no newline at end"}}));
  EXPECT_EQ(read_all(""), Rows{});
}

TEST(Csv, SkipsUtf8ByteOrderMark) {
  EXPECT_EQ(read_all("\xEF\xBB\xBF名称,省份\n"), (Rows{{"名称", "省份"}}));
  // A full-width parenthesis also starts with 0xEF and must be kept.
  EXPECT_EQ(read_all("（试点）,a\n"), (Rows{{"（试点）", "a"}}));
  EXPECT_THROW(read_all("\xEF\xBB"), Error);  // half a byte-order mark is not UTF-8
}

TEST(Csv, ReportsTheLineOfEachRecord) {
  std::istringstream in("h\n\"two\nlines\"\nthree\n");
  CsvReader reader(in, "t.csv");
  std::vector<std::string> f;
  ASSERT_TRUE(reader.next(f));
  EXPECT_EQ(reader.line(), 1);
  ASSERT_TRUE(reader.next(f));
  EXPECT_EQ(reader.line(), 2);
  ASSERT_TRUE(reader.next(f));
  EXPECT_EQ(reader.line(), 4);
}

TEST(Csv, BadQuotingIsAnErrorWithTheLine) {
  try {
    read_all("a\n\"open\n");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
    EXPECT_EQ(e.where().file, "t.csv");
    EXPECT_EQ(e.where().row, 2);
  }
  EXPECT_THROW(read_all("ab\"c\n"), Error);
  EXPECT_THROW(read_all("\"ab\"c\n"), Error);
}

TEST(Csv, HostileInputMeetsLimits) {
  EXPECT_THROW(read_all("a,b\n1,\0\n"s), Error);                                // NUL byte
  EXPECT_THROW(read_all(std::string(kMaxFieldBytes + 10, 'x') + "\n"), Error);  // huge field
  std::string wide(kMaxFields + 1, ',');
  EXPECT_THROW(read_all(wide + "\n"), Error);  // too many fields
  std::string ok(kMaxFields - 1, ',');
  EXPECT_EQ(read_all(ok + "\n")[0].size(), kMaxFields);
}

TEST(Csv, RecordsAcrossBufferBoundaries) {
  // 200,000 rows of CJK text cross every internal chunk boundary, splitting characters.
  std::string text;
  for (int i = 0; i < 200000; ++i) text += "湖北省武汉市," + std::to_string(i) + ",\"引号,内\"\r\n";
  auto rows = read_all(text);
  ASSERT_EQ(rows.size(), 200000u);
  EXPECT_EQ(rows[123456], (std::vector<std::string>{"湖北省武汉市", "123456", "引号,内"}));
}

}  // namespace
}  // namespace atlas::ingest
