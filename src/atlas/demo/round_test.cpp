#include "atlas/demo/round.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "atlas/core/error.h"
#include "atlas/domain/industry.h"
#include "atlas/ingest/reference_data.h"

namespace atlas::demo {
namespace {

using rounds::Stage;

class DemoRoundTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    reference_ = new domain::ReferenceData(ingest::bundled_reference_data());
    cities_ = new std::vector<domain::City>(ingest::bundled_cities());
  }
  static void TearDownTestSuite() {
    delete reference_;
    delete cities_;
  }

  static DemoRound generate(const std::vector<std::string>& active, std::uint64_t seed = 2013,
                            const std::string& today = "2026-03-15") {
    return generate_round(*reference_, *cities_, active, seed, today);
  }

  // Every zone of the reference data by name, and every new zone.
  static std::map<std::string, domain::Zone> zones_of(const DemoRound& r) {
    std::map<std::string, domain::Zone> zones;
    for (const auto& z : reference_->zones) zones[z.name] = z;
    for (const auto& z : r.new_zones) zones[z.name] = z;
    return zones;
  }

  // The whole round as text, to compare two runs byte for byte.
  static std::string dump(const DemoRound& r) {
    std::string out = fmt::format("{}|{}|{}|{}|{}|", r.round.name, r.round.doc_no, r.round.year,
                                  r.round.system, r.round.data_weight);
    for (const auto& [stage, date] : r.round.deadlines) {
      out += fmt::format("{}={};", static_cast<int>(stage), date);
    }
    for (const auto& [p, q] : r.round.quotas) out += fmt::format("{}={};", p, q);
    for (const auto& z : r.new_zones) {
      out += fmt::format("zone {} {} {} {} {} {};", z.name, z.level, z.province_code, z.city,
                         *z.lat, *z.lon);
    }
    for (const auto& a : r.applications) {
      const auto& p = a.parties;
      out += fmt::format("app {} {} {} {} {} {} {};", p.zone_name, p.province_code, p.name,
                         p.industry_code, p.building_unit, p.management_body,
                         fmt::join(p.leading_firms, "/"));
    }
    for (const auto& [p, list] : r.recommendations) {
      for (const auto& line : list) {
        out += fmt::format("rec {} {} {} {};", p, line.application_id, line.rank, line.opinion);
      }
    }
    for (const auto& e : r.experts) {
      out += fmt::format("expert {} {} {} {} {} {} {};", e.code, e.name, e.organisation,
                         e.province_code, e.title, fmt::join(e.fields, "/"),
                         fmt::join(e.declared_conflicts, "/"));
    }
    return out;
  }

  static domain::ReferenceData* reference_;
  static std::vector<domain::City>* cities_;
};

domain::ReferenceData* DemoRoundTest::reference_ = nullptr;
std::vector<domain::City>* DemoRoundTest::cities_ = nullptr;

// The zones of the ten real 2013 pilots, which a demo database always holds.
const std::vector<std::string> kPilotZones = {
    "中关村科技园区", "保定高新区",     "本溪高新区", "无锡高新区", "温州高新区",
    "潍坊高新区",     "武汉东湖高新区", "株洲高新区", "深圳高新区", "惠州仲恺高新区"};

TEST_F(DemoRoundTest, TheSameSeedGivesTheSameRoundAnotherSeedAnother) {
  EXPECT_EQ(dump(generate(kPilotZones, 7)), dump(generate(kPilotZones, 7)));
  EXPECT_NE(dump(generate(kPilotZones, 7)), dump(generate(kPilotZones, 8)));
}

TEST_F(DemoRoundTest, AnAdmissionRoundOpenedTodayWithItsDeadlines) {
  auto r = generate(kPilotZones).round;
  EXPECT_EQ(r.kind, rounds::RoundKind::kAdmission);
  EXPECT_EQ(r.stage, Stage::kApplications);
  EXPECT_EQ(r.year, 2026);
  EXPECT_EQ(r.name, "2026年度创新型产业集群遴选（演示）");
  EXPECT_TRUE(r.doc_no.starts_with("演示〔2026〕")) << r.doc_no;
  EXPECT_EQ(r.system, "torch-iic");
  EXPECT_DOUBLE_EQ(r.data_weight, 0.4);
  // 2026-03-15 + 10, 40, 80, 95, 110 days (March has 31 days, April 30, May 31, June 30).
  std::map<Stage, std::string> expected = {{Stage::kApplications, "2026-03-25"},
                                           {Stage::kRecommendation, "2026-04-24"},
                                           {Stage::kReview, "2026-06-03"},
                                           {Stage::kDecision, "2026-06-18"},
                                           {Stage::kNotice, "2026-07-03"}};
  EXPECT_EQ(r.deadlines, expected);
  EXPECT_FALSE(rounds::round_problem(r));
  // The year is today's: a round opened at the end of December ends its stages next year.
  auto december = generate(kPilotZones, 2013, "2025-12-30").round;
  EXPECT_EQ(december.year, 2025);
  EXPECT_EQ(december.name, "2025年度创新型产业集群遴选（演示）");
  EXPECT_EQ(december.deadlines.at(Stage::kApplications), "2026-01-09");
  EXPECT_THROW(generate(kPilotZones, 2013, "2026-02-30"), Error);
}

TEST_F(DemoRoundTest, FortyApplicationsFromTwentyProvincesNoneInAnActiveZone) {
  auto r = generate(kPilotZones);
  ASSERT_EQ(r.applications.size(), 40u);
  auto zones = zones_of(r);
  std::set<std::string> provinces, applying_zones;
  for (const auto& a : r.applications) {
    const auto& p = a.parties;
    provinces.insert(p.province_code);
    EXPECT_TRUE(applying_zones.insert(p.zone_name).second) << "two applications of " << p.zone_name;
    for (const auto& active : kPilotZones) EXPECT_NE(p.zone_name, active);
    ASSERT_TRUE(zones.count(p.zone_name)) << p.zone_name;
    EXPECT_EQ(p.province_code, zones.at(p.zone_name).province_code) << p.zone_name;
    EXPECT_EQ(p.building_unit, p.zone_name + "管委会");
    EXPECT_TRUE(p.name.starts_with(p.zone_name)) << p.name;
    EXPECT_TRUE(p.name.ends_with("创新型产业集群")) << p.name;
    EXPECT_FALSE(p.management_body.empty());
    EXPECT_GE(p.leading_firms.size(), 1u);
    EXPECT_LE(p.leading_firms.size(), 3u);
    EXPECT_FALSE(rounds::application_problem(a)) << *rounds::application_problem(a);
  }
  EXPECT_EQ(provinces.size(), 20u);
  // Hong Kong, Macao and Taiwan are outside the programme.
  for (const char* outside : {"810000", "820000", "710000"}) EXPECT_FALSE(provinces.count(outside));
}

TEST_F(DemoRoundTest, LeadingIndustriesAreTaggedClassesOfTheList) {
  std::map<std::string, domain::Industry> listed;
  for (const auto& ind : reference_->industries) listed[ind.code] = ind;
  for (const auto& a : generate(kPilotZones).applications) {
    const auto& code = a.parties.industry_code;
    ASSERT_EQ(code.size(), 4u) << code;
    ASSERT_TRUE(listed.count(code)) << code;
    EXPECT_EQ(listed.at(code).level, "class") << code;
    EXPECT_FALSE(listed.at(code).sei.empty()) << code;
  }
}

TEST_F(DemoRoundTest, AProvinceWithoutFreeZonesGetsProvincialZonesAfterItsCities) {
  // Every zone of the list has an active cluster: each application needs a new zone.
  std::vector<std::string> every_zone;
  for (const auto& z : reference_->zones) every_zone.push_back(z.name);
  auto r = generate(every_zone);
  ASSERT_EQ(r.applications.size(), 40u);
  ASSERT_EQ(r.new_zones.size(), 40u);
  std::set<std::string> reference_names(every_zone.begin(), every_zone.end()), new_names;
  for (const auto& z : r.new_zones) {
    EXPECT_EQ(z.level, "provincial");
    EXPECT_FALSE(reference_names.count(z.name)) << z.name;
    EXPECT_TRUE(new_names.insert(z.name).second) << z.name;
    // "<city without 市>高新区", in the city's province, at its seat.
    const domain::City* city = nullptr;
    for (const auto& c : *cities_) {
      if (c.name_zh == z.city) city = &c;
    }
    ASSERT_NE(city, nullptr) << z.city;
    EXPECT_TRUE(z.city.ends_with("市")) << z.city;
    EXPECT_EQ(z.name, z.city.substr(0, z.city.size() - std::string("市").size()) + "高新区");
    EXPECT_EQ(z.province_code, city->province_code);
    EXPECT_DOUBLE_EQ(*z.lat, city->lat);
    EXPECT_DOUBLE_EQ(*z.lon, city->lon);
  }
  for (const auto& a : r.applications) EXPECT_TRUE(new_names.count(a.parties.zone_name));
  // Beijing's city is 北京市: 北京高新区 is a new zone's name no zone of the list has.
  EXPECT_FALSE(reference_names.count("北京高新区"));
}

TEST_F(DemoRoundTest, EachProvinceRanksItsOwnWithinItsQuota) {
  auto r = generate(kPilotZones);
  std::map<std::string, int> applied;
  for (const auto& a : r.applications) ++applied[a.parties.province_code];
  EXPECT_EQ(r.round.quotas.size(), 20u);
  EXPECT_EQ(r.recommendations.size(), 20u);
  int chose = 0;
  for (const auto& [province, n] : applied) {
    ASSERT_TRUE(r.round.quotas.count(province)) << province;
    int quota = r.round.quotas.at(province);
    EXPECT_GE(quota, 1);
    EXPECT_LE(quota, 3);
    if (n >= 2) {
      EXPECT_LT(quota, n) << province;  // the province has to choose
    }
    const auto& list = r.recommendations.at(province);
    EXPECT_LE(static_cast<int>(list.size()), quota) << province;
    EXPECT_GE(list.size(), 1u);
    std::set<std::int64_t> seen;
    for (std::size_t i = 0; i < list.size(); ++i) {
      EXPECT_EQ(list[i].rank, static_cast<int>(i) + 1);
      ASSERT_GE(list[i].application_id, 0);
      ASSERT_LT(list[i].application_id, 40);
      EXPECT_EQ(r.applications[list[i].application_id].parties.province_code, province);
      EXPECT_TRUE(seen.insert(list[i].application_id).second);
      EXPECT_TRUE(list[i].opinion.ends_with("同意推荐")) << list[i].opinion;
    }
    if (static_cast<int>(list.size()) < n) ++chose;
  }
  EXPECT_GT(chose, 0);  // somewhere an application is left off a list
}

TEST_F(DemoRoundTest, SixtyExpertsWithFieldsOfTheListNearTheApplications) {
  auto r = generate(kPilotZones);
  ASSERT_EQ(r.experts.size(), 60u);
  EXPECT_EQ(r.experts.front().code, "E0001");
  EXPECT_EQ(r.experts.back().code, "E0060");
  std::set<std::string> codes, names, divisions;
  for (const auto& a : r.applications) divisions.insert(a.parties.industry_code.substr(0, 2));
  std::set<std::string> listed, provinces;
  for (const auto& ind : reference_->industries) listed.insert(ind.code);
  for (const auto& p : reference_->provinces) provinces.insert(p.code);
  std::set<std::string> firms_and_zones;
  for (const auto& a : r.applications) {
    firms_and_zones.insert(a.parties.zone_name);
    firms_and_zones.insert(a.parties.leading_firms.begin(), a.parties.leading_firms.end());
  }
  int declaring = 0;
  for (const auto& e : r.experts) {
    EXPECT_TRUE(codes.insert(e.code).second) << e.code;
    EXPECT_TRUE(names.insert(e.name).second) << e.name;
    EXPECT_FALSE(e.organisation.empty());
    EXPECT_FALSE(e.title.empty());
    EXPECT_TRUE(provinces.count(e.province_code)) << e.code << " " << e.province_code;
    EXPECT_GE(e.fields.size(), 1u);
    EXPECT_LE(e.fields.size(), 3u);
    std::set<std::string> own(e.fields.begin(), e.fields.end());
    EXPECT_EQ(own.size(), e.fields.size()) << e.code;
    for (const auto& field : e.fields) {
      EXPECT_FALSE(domain::industry_code_problem(field)) << e.code << " " << field;
      EXPECT_TRUE(field.size() == 3 || field.size() == 4) << field;  // a group or class
      EXPECT_TRUE(listed.count(field)) << e.code << " " << field;
      EXPECT_TRUE(divisions.count(field.substr(0, 2))) << e.code << " " << field;
    }
    for (const auto& c : e.declared_conflicts) {
      EXPECT_TRUE(firms_and_zones.count(c)) << e.code << " declares " << c;
    }
    if (!e.declared_conflicts.empty()) ++declaring;
  }
  EXPECT_EQ(declaring, 6);
}

}  // namespace
}  // namespace atlas::demo
