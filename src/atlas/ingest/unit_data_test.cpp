#include "atlas/ingest/unit_data.h"
#include "atlas/ingest/test_support.h"

#include <cmath>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "atlas/core/error.h"

namespace atlas::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class UnitDataTest : public test_support::ScratchFiles {
 protected:
  UnitDataTest() : ScratchFiles("atlas_unit_data_") {}
};

TEST_F(UnitDataTest, OurLayoutWithGroupsAndMissingValues) {
  auto d = read_unit_data(write("ours.csv",
                                "unit,name,region_group,revenue,patents\r\n"
                                "A,甲集群,east,\"1,200\",NA\r\n"
                                "B,乙集群,west,800,12\r\n"));
  EXPECT_THAT(d.codes, ElementsAre("A", "B"));
  EXPECT_THAT(d.names, ElementsAre("甲集群", "乙集群"));
  EXPECT_THAT(d.group_columns, ElementsAre("region_group"));
  EXPECT_THAT(d.groups[0], ElementsAre("east", "west"));
  EXPECT_THAT(d.columns, ElementsAre("revenue", "patents"));
  EXPECT_DOUBLE_EQ(d.values(0, 0), 1200);
  EXPECT_TRUE(std::isnan(d.values(0, 1)));
  EXPECT_DOUBLE_EQ(d.values(1, 1), 12);
  EXPECT_EQ(d.column("patents"), 1);
  EXPECT_EQ(d.column("nope"), -1);
}

// A file as an office keeps it: a title over the header, numbers typed in full width or as
// accounting negatives, and a 合计 row that would otherwise be ranked as a unit.
TEST_F(UnitDataTest, TitleAndTotalRowsAreSkippedWithNotes) {
  auto d = read_unit_data(write("office.csv",
                                "2024年集群评价数据,,\r\n"
                                ",,\r\n"
                                "代码,名称,营收\r\n"
                                "A,甲集群,\"１，２００\"\r\n"
                                "B,乙集群,(5)\r\n"
                                "合计,,\"1,195\"\r\n"));
  EXPECT_THAT(d.codes, ElementsAre("A", "B"));
  EXPECT_THAT(d.lines, ElementsAre(4, 5));
  EXPECT_DOUBLE_EQ(d.values(0, 0), 1200);
  EXPECT_DOUBLE_EQ(d.values(1, 0), -5);
  EXPECT_THAT(d.notes,
              ElementsAre("atlas_unit_data_office.csv: header found on row 3; rows 1–2 "
                          "skipped (title)",
                          "atlas_unit_data_office.csv, row 6: skipped, a total row ('合计')"));
  try {
    read_unit_data(write("comma.csv", "代码,营收\nA,\"12,34\"\n"));
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.describe(),
              "atlas_unit_data_comma.csv, row 2, column 营收: '12,34' is not a number: a comma may "
              "only separate thousands (12,345); write decimals with a point");
  }
}

TEST_F(UnitDataTest, GbkFileWithChineseHeaders) {
  // "代码,名称,营收\nA,甲,5\n" in GB18030: 代 B4FA 码 C2EB 名 C3FB 称 B3C6 营 D3AA 收 CAD5 甲 BCD7.
  auto d = read_unit_data(write("gbk.csv",
                                "\xB4\xFA\xC2\xEB,\xC3\xFB\xB3\xC6,\xD3\xAA\xCA\xD5\n"
                                "A,\xBC\xD7,5\n"));
  EXPECT_THAT(d.names, ElementsAre("甲"));
  EXPECT_THAT(d.columns, ElementsAre("营收"));
  EXPECT_DOUBLE_EQ(d.values(0, 0), 5);
}

TEST_F(UnitDataTest, ProblemsNameFileRowAndColumn) {
  auto message = [&](const std::string& name, const std::string& bytes) {
    try {
      read_unit_data(write(name, bytes));
    } catch (const Error& e) {
      return e.describe();
    }
    return std::string("no error");
  };
  EXPECT_THAT(message("text.csv", "unit,x\nA,1\nB,abc\n"),
              HasSubstr("text.csv, row 3, column x: 'abc' is not a number"));
  EXPECT_THAT(message("dup.csv", "unit,x\nA,1\nA,2\n"),
              HasSubstr("row 3, column unit: unit 'A' appears twice"));
  EXPECT_THAT(message("nocode.csv", "country,x\nA,1\n"), HasSubstr("no unit column"));
  EXPECT_THAT(message("empty.csv", "unit,x\n"), HasSubstr("no units"));
  EXPECT_THAT(message("blank.csv", "unit,x\n,1\n"),
              HasSubstr("row 2, column unit: the unit code is empty"));
}

TEST_F(UnitDataTest, ReadsCoinrIData) {
  auto d = read_unit_data(std::string(ATLAS_SOURCE_DIR) + "/tests/data/asem/ASEM_iData.csv");
  // Counted in the file: 51 countries; 4 group columns; Time, 4 denominators and 49 indicators.
  EXPECT_EQ(d.codes.size(), 51u);
  EXPECT_EQ(d.codes[0], "AUT");
  EXPECT_EQ(d.names[0], "Austria");
  EXPECT_THAT(d.group_columns,
              ElementsAre("GDP_group", "GDPpc_group", "Pop_group", "EurAsia_group"));
  EXPECT_EQ(d.columns.size(), 1u + 4u + 49u);
  std::size_t missing = 0;
  for (double v : d.values.data) missing += std::isnan(v);
  EXPECT_EQ(missing, 64u);  // as the data set's README says
}

}  // namespace
}  // namespace atlas::ingest
