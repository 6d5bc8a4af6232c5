#include "atlas/ingest/expert_pool.h"
#include "atlas/ingest/test_support.h"

#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "atlas/core/error.h"
#include "atlas/ingest/reference_data.h"
#include "atlas/report/xlsx.h"

namespace atlas::ingest {
namespace {

using ::testing::HasSubstr;
using Strings = std::vector<std::string>;

const std::vector<domain::Province>& provinces() {
  static const std::vector<domain::Province> list = {
      {"110000", "北京市", "北京", "Beijing", domain::Region::kEast},
      {"420000", "湖北省", "湖北", "Hubei", domain::Region::kCentral},
      {"150000", "内蒙古自治区", "内蒙古", "Inner Mongolia", domain::Region::kWest},
  };
  return list;
}

class ExpertPoolTest : public test_support::ScratchFiles {
 protected:
  ExpertPoolTest() : ScratchFiles("atlas_expert_pool_") {}
  // The one line the CLI would print for `bytes`, or "" when the file reads.
  std::string problem(const std::string& bytes, const KnownIndustry& known = {}) {
    try {
      read_expert_pool(write("bad.csv", bytes), provinces(), known);
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
      return e.describe();
    }
    return "";
  }
};

TEST_F(ExpertPoolTest, EnglishHeadersEveryColumn) {
  auto pool = read_expert_pool(
      write("en.csv",
            "code,name,organisation,province,title,fields,declared_conflicts\n"
            "E01,Zhang San,Wuhan University,42,Professor,3973;3974,Huawei; East Lake Zone\n"
            "\n"
            "E02,Li Si,Peking University,Beijing,,39 c,\n"),
      provinces());
  ASSERT_EQ(pool.experts.size(), 2u);
  const auto& a = pool.experts[0];
  EXPECT_EQ(a.id, 0);
  EXPECT_EQ(a.code, "E01");
  EXPECT_EQ(a.name, "Zhang San");
  EXPECT_EQ(a.organisation, "Wuhan University");
  EXPECT_EQ(a.province_code, "420000");
  EXPECT_EQ(a.title, "Professor");
  EXPECT_EQ(a.fields, (Strings{"3973", "3974"}));
  EXPECT_EQ(a.declared_conflicts, (Strings{"Huawei", "East Lake Zone"}));
  const auto& b = pool.experts[1];
  EXPECT_EQ(b.province_code, "110000");
  EXPECT_EQ(b.title, "");
  EXPECT_EQ(b.fields, (Strings{"39", "C"}));  // a section letter in either case
  EXPECT_TRUE(b.declared_conflicts.empty());
  EXPECT_EQ(pool.lines, (std::vector<std::int64_t>{2, 4}));  // the blank row skipped
}

TEST_F(ExpertPoolTest, ChineseHeadersWithABomAndEverySeparator) {
  auto pool = read_expert_pool(write("zh.csv",
                                     "\xEF\xBB\xBF"
                                     "专家编号,姓名,工作单位,省份,职称,专业领域,回避单位\n"
                                     "Z1,张三,武汉大学,湖北省,教授,\"3973；3974、C，39 "
                                     "3973\",华为技术有限公司；东湖高新区、武汉光谷\n"
                                     "Z2,李四,内蒙古大学,内蒙古,,０６,\n"
                                     "Z3,王五,北京大学, 420000 ,,A\u3000B,\"甲公司\n乙公司\"\n"),
                               provinces());
  ASSERT_EQ(pool.experts.size(), 3u);
  // ； 、 ， and spaces all separate; the repeated 3973 is kept once.
  EXPECT_EQ(pool.experts[0].fields, (Strings{"3973", "3974", "C", "39"}));
  EXPECT_EQ(pool.experts[0].declared_conflicts,
            (Strings{"华为技术有限公司", "东湖高新区", "武汉光谷"}));
  EXPECT_EQ(pool.experts[0].province_code, "420000");
  EXPECT_EQ(pool.experts[0].title, "教授");
  EXPECT_EQ(pool.experts[1].province_code, "150000");      // a short name
  EXPECT_EQ(pool.experts[1].fields, (Strings{"06"}));      // full-width digits
  EXPECT_EQ(pool.experts[2].province_code, "420000");      // a six-digit code
  EXPECT_EQ(pool.experts[2].fields, (Strings{"A", "B"}));  // an ideographic space separates
  EXPECT_EQ(pool.experts[2].declared_conflicts, (Strings{"甲公司", "乙公司"}));  // a line break
}

// Saved by Excel on Chinese Windows (GBK), bytes from Python's gbk codec:
// 专家库（2025年） (a title) / 专家编号,姓名,工作单位,省份,熟悉领域,回避单位 /
// E01,张三,武汉大学,湖北,3973；C,华为技术有限公司、东湖高新区
TEST_F(ExpertPoolTest, GbkWithATitle) {
  auto pool = read_expert_pool(
      write("gbk.csv",
            "\xD7\xA8\xBC\xD2\xBF\xE2\xA3\xA8"
            "2025\xC4\xEA\xA3\xA9\x0D\x0A"
            "\xD7\xA8\xBC\xD2\xB1\xE0\xBA\xC5,\xD0\xD5\xC3\xFB,\xB9\xA4\xD7\xF7\xB5\xA5\xCE\xBB,"
            "\xCA\xA1\xB7\xDD,\xCA\xEC\xCF\xA4\xC1\xEC\xD3\xF2,\xBB\xD8\xB1\xDC\xB5\xA5\xCE\xBB"
            "\x0D\x0A"
            "E01,\xD5\xC5\xC8\xFD,\xCE\xE4\xBA\xBA\xB4\xF3\xD1\xA7,\xBA\xFE\xB1\xB1,3973\xA3\xBB"
            "C,\xBB\xAA\xCE\xAA\xBC\xBC\xCA\xF5\xD3\xD0\xCF\xDE\xB9\xAB\xCB\xBE\xA1\xA2\xB6\xAB"
            "\xBA\xFE\xB8\xDF\xD0\xC2\xC7\xF8\x0D\x0A"),
      provinces());
  ASSERT_EQ(pool.experts.size(), 1u);
  const auto& e = pool.experts[0];
  EXPECT_EQ(e.name, "张三");
  EXPECT_EQ(e.organisation, "武汉大学");
  EXPECT_EQ(e.province_code, "420000");
  EXPECT_EQ(e.fields, (Strings{"3973", "C"}));
  EXPECT_EQ(e.declared_conflicts, (Strings{"华为技术有限公司", "东湖高新区"}));
  EXPECT_EQ(pool.lines, (std::vector<std::int64_t>{3}));
  ASSERT_EQ(pool.notes.size(), 1u);
  EXPECT_THAT(pool.notes[0], HasSubstr("header found on row 2"));
}

TEST_F(ExpertPoolTest, AWorkbook) {
  report::Table t;
  for (const char* h : {"专家编号", "专家姓名", "所在单位", "所在省份", "熟悉领域"}) {
    t.columns.push_back({h, h});
  }
  t.add_row({std::string("X9"), std::string("赵六"), std::string("华中科技大学"), std::string("42"),
             std::string("3973")});
  const auto xlsx = path("pool.xlsx");
  report::write_xlsx(xlsx, {{"专家库", &t}});
  auto pool = read_expert_pool(xlsx, provinces());
  ASSERT_EQ(pool.experts.size(), 1u);
  EXPECT_EQ(pool.experts[0].code, "X9");
  EXPECT_EQ(pool.experts[0].organisation, "华中科技大学");
  EXPECT_EQ(pool.experts[0].province_code, "420000");
  EXPECT_EQ(pool.lines, (std::vector<std::int64_t>{2}));
}

TEST_F(ExpertPoolTest, TheBundledProvinceList) {
  auto pool = read_expert_pool(write("bundled.csv",
                                     "专家编号,姓名,工作单位,省份,熟悉领域\n"
                                     "E1,甲,某大学,湖南省,3973\n"
                                     "E2,乙,某大学,广东,3973\n"
                                     "E3,丙,某大学,65,3973\n"),
                               bundled_reference_data().provinces);
  ASSERT_EQ(pool.experts.size(), 3u);
  EXPECT_EQ(pool.experts[0].province_code, "430000");
  EXPECT_EQ(pool.experts[1].province_code, "440000");
  EXPECT_EQ(pool.experts[2].province_code, "650000");
}

// The fuzz harness's seeds (tests/data/expert-pool) read as an office means them.
TEST_F(ExpertPoolTest, TheSampleFiles) {
  const std::string dir = std::string(ATLAS_SOURCE_DIR) + "/tests/data/expert-pool/";
  auto pool = read_expert_pool(dir + "pool.csv", bundled_reference_data().provinces);
  ASSERT_EQ(pool.experts.size(), 4u);
  EXPECT_EQ(pool.lines, (std::vector<std::int64_t>{3, 4, 5, 7}));  // a title, a blank row
  EXPECT_EQ(pool.experts[0].declared_conflicts, (Strings{"华为技术有限公司", "东湖高新区"}));
  EXPECT_EQ(pool.experts[1].province_code, "110000");
  EXPECT_EQ(pool.experts[1].fields, (Strings{"39", "C"}));
  EXPECT_EQ(pool.experts[2].organisation, "华中科技大学（国家光电实验室）");
  EXPECT_EQ(pool.experts[2].fields, (Strings{"3976", "3979"}));
  EXPECT_EQ(pool.experts[3].province_code, "150000");
  EXPECT_EQ(pool.experts[3].fields, (Strings{"06", "07"}));
  auto en = read_expert_pool(dir + "pool-en.csv", bundled_reference_data().provinces);
  ASSERT_EQ(en.experts.size(), 2u);
  EXPECT_EQ(en.experts[0].province_code, "420000");
  EXPECT_EQ(en.experts[1].fields, (Strings{"C", "39"}));
}

TEST_F(ExpertPoolTest, KnownIndustriesAreAskedOfTheCaller) {
  const std::set<std::string> known = {"C", "39", "3973"};
  auto is_known = [&](const std::string& code) { return known.count(code) > 0; };
  EXPECT_EQ(problem("专家编号,姓名,工作单位,省份,熟悉领域\nE1,甲,某大学,42,3973;39\n", is_known),
            "");
  EXPECT_EQ(problem("专家编号,姓名,工作单位,省份,熟悉领域\nE1,甲,某大学,42,3973\nE2,乙,某大学,42,"
                    "39;9999\n",
                    is_known),
            "atlas_expert_pool_bad.csv, row 3, column 熟悉领域: industry '9999' is not in the "
            "industry list (see `clusteratlas industry list`)");
}

TEST_F(ExpertPoolTest, MissingColumnsAreAllNamed) {
  EXPECT_EQ(problem("专家编号,姓名,省份\nE1,甲,42\n"),
            "atlas_expert_pool_bad.csv, row 1: an expert pool needs code (专家编号), name (姓名), "
            "organisation (工作单位), province (省份) and fields (熟悉领域) columns; this one has "
            "no organisation (工作单位), no fields (熟悉领域) column");
  EXPECT_THAT(problem("name,organisation\nA,B\n"),
              HasSubstr("has no code (专家编号), no province"));
}

TEST_F(ExpertPoolTest, EmptyRequiredCells) {
  const std::string header = "专家编号,姓名,工作单位,省份,熟悉领域\n";
  EXPECT_EQ(problem(header + ",甲,某大学,42,3973\n"),
            "atlas_expert_pool_bad.csv, row 2, column 专家编号: the expert code is empty");
  EXPECT_EQ(problem(header + "E1,甲,某大学,42,3973\nE2, ,某大学,42,3973\n"),
            "atlas_expert_pool_bad.csv, row 3, column 姓名: the name is empty");
  EXPECT_EQ(problem(header + "E1,甲,,42,3973\n"),
            "atlas_expert_pool_bad.csv, row 2, column 工作单位: the organisation is empty");
  EXPECT_EQ(problem(header + "E1,甲,某大学,,3973\n"),
            "atlas_expert_pool_bad.csv, row 2, column 省份: the province is empty");
  EXPECT_EQ(problem(header + "E1,甲,某大学,42,；、\n"),
            "atlas_expert_pool_bad.csv, row 2, column 熟悉领域: the fields are empty: one or more "
            "GB/T 4754 industry codes, e.g. 3973; 39");
  EXPECT_EQ(problem(header),
            "atlas_expert_pool_bad.csv, row 1: no experts: the file has a header "
            "and no rows");
}

TEST_F(ExpertPoolTest, ADuplicateCodeNamesBothRows) {
  EXPECT_EQ(problem("专家编号,姓名,工作单位,省份,熟悉领域\n"
                    "E1,甲,某大学,42,3973\n"
                    "E2,乙,某大学,42,3973\n"
                    "E1,丙,某大学,42,3973\n"),
            "atlas_expert_pool_bad.csv, row 4, column 专家编号: expert code 'E1' is listed twice: "
            "rows 2 and 4");
}

TEST_F(ExpertPoolTest, MalformedIndustriesAndUnknownProvinces) {
  const std::string header = "专家编号,姓名,工作单位,省份,熟悉领域\n";
  EXPECT_EQ(problem(header + "E1,甲,某大学,42,3973;39X\n"),
            "atlas_expert_pool_bad.csv, row 2, column 熟悉领域: '39X' is not a GB/T 4754-2017 "
            "code: a section letter A–T, or a division, group or class of 2, 3 or 4 digits, e.g. "
            "39, 397, 3973");
  EXPECT_THAT(problem(header + "E1,甲,某大学,42,集成电路\n"),
              HasSubstr("'集成电路' is not a GB/T"));
  EXPECT_THAT(problem(header + "E1,甲,某大学,42,U\n"), HasSubstr("'U' is not a GB/T"));
  EXPECT_EQ(problem(header + "E1,甲,某大学,火星,3973\n"),
            "atlas_expert_pool_bad.csv, row 2, column 省份: '火星' is not a province: give its "
            "code (42 or 420000) or its name (湖北省, 湖北 or Hubei)");
  EXPECT_THAT(problem(header + "E1,甲,某大学,43,3973\n"), HasSubstr("'43' is not a province"));
  EXPECT_THAT(problem(header + "E1,甲,某大学,4,3973\n"), HasSubstr("'4' is not a province"));
}

}  // namespace
}  // namespace atlas::ingest
