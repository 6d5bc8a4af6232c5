#include "atlas/rounds/conflicts.h"

#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

namespace atlas::rounds {
namespace {

Expert expert(std::string code, std::string organisation, std::string province,
              std::vector<std::string> declared = {}) {
  Expert e;
  e.code = std::move(code);
  e.name = "专家" + e.code;
  e.organisation = std::move(organisation);
  e.province_code = std::move(province);
  e.fields = {"3973"};
  e.declared_conflicts = std::move(declared);
  return e;
}

ApplicationParties application(std::string building_unit, std::string province,
                               std::string management_body = "",
                               std::vector<std::string> firms = {}, std::string zone = "",
                               std::optional<std::int64_t> cluster = std::nullopt) {
  ApplicationParties a;
  a.name = "集群" + building_unit;
  a.industry_code = "3973";
  a.building_unit = std::move(building_unit);
  a.province_code = std::move(province);
  a.management_body = std::move(management_body);
  a.leading_firms = std::move(firms);
  a.zone_name = std::move(zone);
  a.cluster_id = cluster;
  return a;
}

// (application, expert, reason key, detail) of each conflict, for readable comparisons.
using Row = std::tuple<std::size_t, std::size_t, std::string, std::string>;
std::vector<Row> rows(const std::vector<Conflict>& conflicts) {
  std::vector<Row> out;
  for (const auto& c : conflicts) {
    out.emplace_back(c.application, c.expert, std::string(conflict_reason_key(c.reason)), c.detail);
  }
  return out;
}

ConflictRules only(bool organisation, bool province, bool declared, bool last_round) {
  ConflictRules r;
  r.same_organisation = organisation;
  r.same_province = province;
  r.declared = declared;
  r.reviewed_last_round = last_round;
  return r;
}

TEST(ConflictNames, Normalisation) {
  EXPECT_EQ(normalise_party_name("  武汉 大学（医学部） "), "武汉大学(医学部)");
  EXPECT_EQ(normalise_party_name("武汉大学(医学部)"), "武汉大学(医学部)");
  EXPECT_EQ(normalise_party_name("Ｈｕａｗｅｉ\u3000Technologies Co., Ltd."),
            "huaweitechnologiesco.,ltd.");
  EXPECT_EQ(normalise_party_name("华为技术有限公司\t\n"), "华为技术有限公司");
  EXPECT_EQ(normalise_party_name("ABC\u00A0公司"), "abc公司");  // a no-break space
  EXPECT_EQ(normalise_party_name(" \u3000 "), "");
}

TEST(Conflicts, SameOrganisationWithEachParty) {
  std::vector<Expert> experts = {expert("E1", "武汉大学", "11"), expert("E2", "华为", "11"),
                                 expert("E3", "光谷促进中心", "11"),
                                 expert("E4", "东湖高新区", "11")};
  std::vector<ApplicationParties> apps = {
      application("武汉大学", "42", "光谷促进中心", {"华为", "长飞光纤"}, "东湖高新区")};
  EXPECT_EQ(rows(find_conflicts(experts, apps, {}, {})),
            (std::vector<Row>{
                {0, 0, "same_organisation", "工作单位 武汉大学 = 建设单位 武汉大学"},
                {0, 1, "same_organisation", "工作单位 华为 = 龙头企业 华为"},
                {0, 2, "same_organisation", "工作单位 光谷促进中心 = 集群促进机构 光谷促进中心"},
                // E4 works for the zone's committee under the zone's own name: no one's employer
                // as far as the rule goes; only a declaration names a zone.
            }));
}

TEST(Conflicts, NamesCompareAfterNormalisation) {
  std::vector<Expert> experts = {
      expert("E1", "华中科技大学（国家光电实验室）", "11"), expert("E2", "ＡＢＣ Optics", "11"),
      expert("E3", "华中 科技 大学", "11"), expert("E4", "华中科技大学国家光电实验室", "11")};
  std::vector<ApplicationParties> apps = {
      application("华中科技大学 (国家光电实验室)", "42", "", {"abc optics"})};
  EXPECT_EQ(
      rows(find_conflicts(experts, apps, {}, {})),
      (std::vector<Row>{
          {0, 0, "same_organisation",
           "工作单位 华中科技大学（国家光电实验室） = 建设单位 华中科技大学 (国家光电实验室)"},
          {0, 1, "same_organisation", "工作单位 ＡＢＣ Optics = 龙头企业 abc optics"},
          // E3 is a different name (no bracketed part); E4 dropped the brackets: both are
          // other organisations to an exact rule.
      }));
}

TEST(Conflicts, SameProvinceComparesTwoDigitsAndCanBeOff) {
  std::vector<Expert> experts = {expert("E1", "甲", "42"), expert("E2", "乙", "43"),
                                 expert("E3", "丙", "420000"), expert("E4", "丁", "")};
  std::vector<ApplicationParties> apps = {application("单位一", "420000"),
                                          application("单位二", "43"), application("单位三", "")};
  EXPECT_EQ(rows(find_conflicts(experts, apps, {}, {})),
            (std::vector<Row>{
                {0, 0, "same_province", "专家省份 42 = 申报省份 420000"},
                {0, 2, "same_province", "专家省份 420000 = 申报省份 420000"},
                {1, 1, "same_province", "专家省份 43 = 申报省份 43"},
            }));
  ConflictRules off;
  off.same_province = false;
  EXPECT_TRUE(find_conflicts(experts, apps, off, {}).empty());
}

TEST(Conflicts, DeclaredNamesTheZoneOrAnyParty) {
  std::vector<Expert> experts = {
      expert("E1", "甲大学", "11", {"东湖高新区"}),
      expert("E2", "乙大学", "11", {"长飞光纤光缆股份有限公司", "某某公司"}),
      expert("E3", "丙大学", "11", {"武汉东湖新技术开发区管委会", "（光谷）促进中心"}),
      expert("E4", "丁大学", "11", {"", "  "})};
  std::vector<ApplicationParties> apps = {
      application("武汉东湖新技术开发区管委会", "42", "(光谷)促进中心",
                  {"长飞光纤光缆股份有限公司"}, "东湖高新区"),
      application("", "42", "", {}, "")};  // empty parties match nothing, not E4's empty names
  EXPECT_EQ(rows(find_conflicts(experts, apps, only(true, false, true, true), {})),
            (std::vector<Row>{
                {0, 0, "declared", "回避单位 东湖高新区 = 园区 东湖高新区"},
                {0, 1, "declared",
                 "回避单位 长飞光纤光缆股份有限公司 = 龙头企业 长飞光纤光缆股份有限公司"},
                {0, 2, "declared",
                 "回避单位 武汉东湖新技术开发区管委会 = 建设单位 武汉东湖新技术开发区管委会"},
                {0, 2, "declared", "回避单位 （光谷）促进中心 = 集群促进机构 (光谷)促进中心"},
            }));
}

TEST(Conflicts, ReviewedTheSameClusterLastRound) {
  std::vector<Expert> experts = {expert("E1", "甲", "11"), expert("E2", "乙", "11"),
                                 expert("E3", "丙", "11")};
  std::vector<ApplicationParties> apps = {application("单位一", "42", "", {}, "", 17),
                                          application("单位二", "42", "", {}, "", 18),
                                          application("单位三", "42")};
  // E2 reviewed cluster 17 (given twice), E3 reviewed 99 (not applying), E9 is not in the pool.
  std::vector<PastReview> last = {{"E2", 17}, {"E3", 99}, {"E2", 17}, {"E9", 18}};
  EXPECT_EQ(rows(find_conflicts(experts, apps, {}, last)),
            (std::vector<Row>{{0, 1, "reviewed_last_round", "上轮评审过集群 17"}}));
  EXPECT_TRUE(find_conflicts(experts, apps, only(true, true, true, false), last).empty());
}

TEST(Conflicts, EveryReasonOfAPairInOrder) {
  // E1 works for the building unit, is of its province, declared one of its firms and reviewed
  // its cluster; its organisation is also the management body (a second same-organisation entry).
  std::vector<Expert> experts = {expert("E0", "无关单位", "11"),
                                 expert("E1", "光谷集团", "42", {"长江存储"})};
  std::vector<ApplicationParties> apps = {
      application("某某单位", "11"),
      application("光谷集团", "420000", "光谷集团", {"长江存储", "长江存储"}, "东湖", 5)};
  EXPECT_EQ(rows(find_conflicts(experts, apps, {}, {{"E1", 5}})),
            (std::vector<Row>{
                {0, 0, "same_province", "专家省份 11 = 申报省份 11"},
                {1, 1, "same_organisation", "工作单位 光谷集团 = 建设单位 光谷集团"},
                {1, 1, "same_organisation", "工作单位 光谷集团 = 集群促进机构 光谷集团"},
                {1, 1, "same_province", "专家省份 42 = 申报省份 420000"},
                {1, 1, "declared", "回避单位 长江存储 = 龙头企业 长江存储"},  // listed twice, once
                {1, 1, "reviewed_last_round", "上轮评审过集群 5"},
            }));
  EXPECT_TRUE(find_conflicts(experts, apps, only(false, false, false, false), {{"E1", 5}}).empty());
}

// A national round: 2,000 applications and 3,000 experts. Expert j works for application
// (j mod 2000)'s building unit and declares application ((j + 1) mod 2000)'s leading firm;
// provinces are numbered 11 + (i mod 31) on both sides. Counted by hand:
// same organisation 3,000; declared 3,000; same province: with a(p) applications and e(p)
// experts in province p, Σ a(p)·e(p) — 2000 = 31·64 + 16, 3000 = 31·96 + 24, so the first 16
// provinces have 65 applications, the rest 64, the first 24 have 97 experts, the rest 96:
// 16·65·97 + 8·64·97 + 7·64·96 = 100,880 + 49,664 + 43,008 = 193,552.
TEST(Conflicts, ANationalRoundIsCountedNotCompared) {
  std::vector<ApplicationParties> apps;
  for (int i = 0; i < 2000; ++i) {
    apps.push_back(application("建设单位" + std::to_string(i), std::to_string(11 + i % 31), "",
                               {"龙头企业" + std::to_string(i)}));
  }
  std::vector<Expert> experts;
  for (int j = 0; j < 3000; ++j) {
    experts.push_back(expert("E" + std::to_string(j), "建设单位" + std::to_string(j % 2000),
                             std::to_string(11 + j % 31),
                             {"龙头企业" + std::to_string((j + 1) % 2000)}));
  }
  auto found = find_conflicts(experts, apps, {}, {});
  std::map<ConflictReason, int> by_reason;
  for (const auto& c : found) ++by_reason[c.reason];
  EXPECT_EQ(by_reason[ConflictReason::kSameOrganisation], 3000);
  EXPECT_EQ(by_reason[ConflictReason::kDeclared], 3000);
  EXPECT_EQ(by_reason[ConflictReason::kSameProvince], 193552);
  for (std::size_t i = 1; i < found.size(); ++i) {
    const auto& x = found[i - 1];
    const auto& y = found[i];
    ASSERT_TRUE(std::tie(x.application, x.expert, x.reason) <=
                std::tie(y.application, y.expert, y.reason));
  }
}

TEST(Affinity, EachLevel) {
  EXPECT_EQ(industry_affinity({"3973"}, "3973"), 1.0);   // the same class
  EXPECT_EQ(industry_affinity({"3974"}, "3973"), 0.75);  // group 397
  EXPECT_EQ(industry_affinity({"3963"}, "3973"), 0.5);   // division 39
  EXPECT_EQ(industry_affinity({"3831"}, "3973"), 0.25);  // section C
  EXPECT_EQ(industry_affinity({"6513"}, "3973"), 0.0);   // I against C
}

TEST(Affinity, AFieldMatchesAtTheLevelItHas) {
  EXPECT_EQ(industry_affinity({"397"}, "3973"), 0.75);
  EXPECT_EQ(industry_affinity({"39"}, "3973"), 0.5);
  EXPECT_EQ(industry_affinity({"38"}, "3973"), 0.25);
  EXPECT_EQ(industry_affinity({"C"}, "3973"), 0.25);
  EXPECT_EQ(industry_affinity({"c"}, "3973"), 0.25);
  EXPECT_EQ(industry_affinity({"I"}, "3973"), 0.0);
  // The application's code, too: written as a division it agrees at most on the division.
  EXPECT_EQ(industry_affinity({"3973"}, "39"), 0.5);
  EXPECT_EQ(industry_affinity({"39"}, "39"), 0.5);
  EXPECT_EQ(industry_affinity({"3973"}, "C"), 0.25);
  EXPECT_EQ(industry_affinity({"C"}, "C"), 0.25);
}

TEST(Affinity, TheBestFieldAndMalformedCodes) {
  EXPECT_EQ(industry_affinity({"6513", "3831", "3974"}, "3973"), 0.75);
  EXPECT_EQ(industry_affinity({"3974", " 3973 "}, "3973"), 1.0);
  EXPECT_EQ(industry_affinity({}, "3973"), 0.0);
  EXPECT_EQ(industry_affinity({"39X", "", "U"}, "3973"), 0.0);
  EXPECT_EQ(industry_affinity({"3973"}, ""), 0.0);
  EXPECT_EQ(industry_affinity({"3973"}, "集成电路"), 0.0);
  EXPECT_EQ(industry_affinity({"9811"}, "9812"), 0.75);  // no section, the group still agrees
  EXPECT_EQ(industry_affinity({"9811"}, "9912"), 0.0);   // divisions the standard lacks
}

TEST(Affinity, SectionBoundaries) {
  const std::vector<std::pair<const char*, char>> cases = {
      {"01", 'A'},  {"05", 'A'},   {"06", 'B'},  {"12", 'B'}, {"13", 'C'}, {"43", 'C'},
      {"44", 'D'},  {"46", 'D'},   {"47", 'E'},  {"50", 'E'}, {"51", 'F'}, {"52", 'F'},
      {"53", 'G'},  {"60", 'G'},   {"61", 'H'},  {"62", 'H'}, {"63", 'I'}, {"65", 'I'},
      {"66", 'J'},  {"69", 'J'},   {"70", 'K'},  {"71", 'L'}, {"72", 'L'}, {"73", 'M'},
      {"75", 'M'},  {"76", 'N'},   {"79", 'N'},  {"80", 'O'}, {"82", 'O'}, {"83", 'P'},
      {"84", 'Q'},  {"85", 'Q'},   {"86", 'R'},  {"90", 'R'}, {"91", 'S'}, {"96", 'S'},
      {"97", 'T'},  {"4350", 'C'}, {"441", 'D'}, {"S", 'S'},  {"t", 'T'},  {"98", '\0'},
      {"00", '\0'}, {"U", '\0'},   {"3X", '\0'}};
  for (const auto& [code, section] : cases) EXPECT_EQ(industry_section(code), section) << code;
  // Neighbours across a boundary share nothing; within a section they share 0.25.
  EXPECT_EQ(industry_affinity({"4350"}, "4411"), 0.0);   // C | D
  EXPECT_EQ(industry_affinity({"0511"}, "0610"), 0.0);   // A | B
  EXPECT_EQ(industry_affinity({"9610"}, "9700"), 0.0);   // S | T
  EXPECT_EQ(industry_affinity({"1310"}, "4320"), 0.25);  // C, from end to end
  EXPECT_EQ(industry_affinity({"M"}, "7320"), 0.25);
}

// The ranges agree with every division of the bundled list (data/industries.csv: code, level,
// parent first), read here as plain text.
TEST(Affinity, SectionsAgreeWithTheBundledList) {
  std::ifstream in(std::string(ATLAS_SOURCE_DIR) + "/data/industries.csv");
  ASSERT_TRUE(in);
  std::string line;
  int divisions = 0;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string code, level, parent;
    std::getline(ss, code, ',');
    std::getline(ss, level, ',');
    std::getline(ss, parent, ',');
    if (level != "division") continue;
    ++divisions;
    ASSERT_EQ(parent.size(), 1u) << line;
    EXPECT_EQ(industry_section(code), parent[0]) << code;
  }
  EXPECT_EQ(divisions, 97);
}

}  // namespace
}  // namespace atlas::rounds
