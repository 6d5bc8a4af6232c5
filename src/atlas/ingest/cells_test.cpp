#include "atlas/ingest/cells.h"

#include <gtest/gtest.h>

namespace atlas::ingest {
namespace {

TEST(Cells, HalfwidthFoldsFullWidthFormsOnly) {
  EXPECT_EQ(halfwidth("２０２４年（万元）：ＡＢｃ，．－"), "2024年(万元):ABc,.-");
  EXPECT_EQ(halfwidth("合\u3000计"), "合 计");
  EXPECT_EQ(halfwidth("￥【】"), "￥【】");      // U+FFE5 and the lenticular brackets are not forms
  EXPECT_EQ(halfwidth("\xEF\xBC"), "\xEF\xBC");  // a cut-off sequence stays as it is
}

TEST(Cells, PlainNumbersAndTheWaysOfficesWriteThem) {
  EXPECT_EQ(parse_number("1234.5"), 1234.5);
  EXPECT_EQ(parse_number("-3"), -3);
  EXPECT_EQ(parse_number("1e5"), 1e5);
  EXPECT_EQ(parse_number("1,234.5"), 1234.5);
  EXPECT_EQ(parse_number("1,234,567"), 1234567);
  EXPECT_EQ(parse_number("1 234 567.25"), 1234567.25);
  EXPECT_EQ(parse_number("１２３４．５"), 1234.5);
  EXPECT_EQ(parse_number("１，２３４"), 1234);
  EXPECT_EQ(parse_number("(1,871.0)"), -1871);
  EXPECT_EQ(parse_number("（1,871.0）"), -1871);
  EXPECT_EQ(parse_number("+12"), 12);
  EXPECT_EQ(parse_number("\u22125"), -5);  // the minus sign of typeset text
  EXPECT_EQ(parse_number("￥2,000.00"), 2000);
  EXPECT_EQ(parse_number("¥-3"), -3);
  EXPECT_EQ(parse_number("-¥3"), -3);
  EXPECT_EQ(parse_number(" 12 "), 12);
}

TEST(Cells, WhatIsNotANumberOrIsAmbiguousIsRefused) {
  for (const char* cell : {"", "abc", "1.2.3", "--1", "(-1)", "(1", "1)", "inf", "nan", "1e",
                           "12元", "1,", ",1", "(", "()", "¥", "1 2 3"}) {
    EXPECT_EQ(parse_number(cell), std::nullopt) << cell;
  }
  std::string why;
  EXPECT_EQ(parse_number("12,34", &why), std::nullopt);  // a decimal comma, or a slip?
  EXPECT_EQ(why, "a comma may only separate thousands (12,345); write decimals with a point");
  why.clear();
  EXPECT_EQ(parse_number("1.234,5", &why), std::nullopt);
  EXPECT_NE(why.find("a comma may only separate thousands"), std::string::npos);
  why.clear();
  EXPECT_EQ(parse_number("1234,567", &why), std::nullopt);
  EXPECT_FALSE(why.empty());
  why.clear();
  EXPECT_EQ(parse_number("12 34", &why), std::nullopt);
  EXPECT_EQ(why, "a space may only separate thousands (12 345); write decimals with a point");
  why.clear();
  EXPECT_EQ(parse_number("abc", &why), std::nullopt);
  EXPECT_EQ(why, "");
  EXPECT_EQ(parse_number("约1,000", &why), std::nullopt);  // not a separator's fault
  EXPECT_EQ(why, "");
}

TEST(Cells, MissingText) {
  for (const char* cell : {"", "-", "—", "——", "/", "NA", "N/A", "null"}) {
    EXPECT_TRUE(is_missing_text(cell)) << cell;
  }
  EXPECT_FALSE(is_missing_text("0"));
}

TEST(Cells, YearsAsOfficesWriteThem) {
  for (const char* cell :
       {"2024", "２０２４", "2024.0", "2024年", "2024年度", "２０２４年", "2024-12-31",
        "2024/12/31", "2024.12.31", "2024-1-5", "2024-12", "2024年12月", "2024年12月31日",
        "2024年1月5号", "2024-12-31 08:30:00", "2024-12-31T08:30:00Z", "2024-02-29", "2024.5"}) {
    EXPECT_EQ(parse_year(cell), 2024) << cell;
  }
  EXPECT_EQ(parse_year("1999"), 1999);  // the programme's range is the caller's to check
}

TEST(Cells, YearsThatAreAmbiguousAreRefused) {
  for (const char* cell : {"", "2024-2025", "2024/25", "31/12/2024", "12/31/2024", "20241231",
                           "2024-13-01", "2023-02-29", "2024-12-32", "2024年13月", "2024-12/31",
                           "2024年12月31", "二〇二四", "year", "2024-12-31 noon"}) {
    EXPECT_EQ(parse_year(cell), std::nullopt) << cell;
  }
  std::string why;
  EXPECT_EQ(parse_year("24", &why), std::nullopt);
  EXPECT_EQ(why, "write the year in full (2024)");
  why.clear();
  // 45657 days after Excel's epoch: 2024-12-31 (45292 is 2024-01-01, 2024 has 366 days).
  EXPECT_EQ(parse_year("45657", &why), std::nullopt);
  EXPECT_EQ(why,
            "it looks like an Excel date serial (2024-12-31); format the cell as a date, or type "
            "the year");
  why.clear();
  EXPECT_EQ(parse_year("2024-2025", &why), std::nullopt);
  EXPECT_EQ(why, "");
}

TEST(Cells, CreditCodesInCapitalsAndHalfWidth) {
  std::string code = "91420600g10000000d";
  EXPECT_TRUE(canonical_credit_code(code));
  EXPECT_EQ(code, "91420600G10000000D");
  code = "９１４４０３００１９２２０３８２１６";
  EXPECT_TRUE(canonical_credit_code(code));
  EXPECT_EQ(code, "914403001922038216");
  EXPECT_FALSE(canonical_credit_code(code));  // already canonical
}

TEST(Cells, ACodeExcelTurnedIntoANumber) {
  EXPECT_TRUE(is_excel_number("9.14206E+17"));
  EXPECT_TRUE(is_excel_number("9.142060010007919e+17"));
  EXPECT_TRUE(is_excel_number("914206001000791000.0"));
  EXPECT_FALSE(is_excel_number("914206001000791936"));  // digits: the check character decides
  EXPECT_FALSE(is_excel_number("9111000010000000E5"));  // letters a code may hold
  EXPECT_FALSE(is_excel_number("9.14206E+17x"));
}

TEST(Cells, TotalRows) {
  using Row = std::vector<std::string>;
  EXPECT_EQ(total_row_word(Row{"合计", "", "4,034.5"}, -1), "合计");
  EXPECT_EQ(total_row_word(Row{"", " 合  计： ", "1"}, -1), "合  计：");
  EXPECT_EQ(total_row_word(Row{"总计"}, -1), "总计");
  EXPECT_EQ(total_row_word(Row{"全市合计"}, -1), "全市合计");
  EXPECT_EQ(total_row_word(Row{"本页小计"}, -1), "本页小计");
  EXPECT_EQ(total_row_word(Row{"Total"}, -1), "Total");
  EXPECT_EQ(total_row_word(Row{"全部"}, -1), "全部");
  EXPECT_EQ(total_row_word(Row{"99", "合计"}, 1), "合计");  // 序号 first, the label in the name
  EXPECT_EQ(total_row_word(Row{"99", "合计"}, -1), "");
  EXPECT_EQ(total_row_word(Row{"914403001922038216", "华为技术有限公司"}, 1), "");
  EXPECT_EQ(total_row_word(Row{"全友家私有限公司"}, -1), "");
  EXPECT_EQ(total_row_word(Row{"合计科技有限公司"}, -1), "");
  EXPECT_EQ(total_row_word(Row{"", ""}, 0), "");
  EXPECT_EQ(total_row_word(Row{}, 3), "");
}

}  // namespace
}  // namespace atlas::ingest
