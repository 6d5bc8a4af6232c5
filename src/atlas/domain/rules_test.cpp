#include "atlas/domain/rules.h"

#include <gtest/gtest.h>

namespace atlas::domain {
namespace {

Cluster cluster(std::int64_t id, const char* name, ClusterStatus status) {
  Cluster c;
  c.id = id;
  c.name = name;
  c.status = status;
  return c;
}

TEST(ZoneRule, OneActiveClusterPerZone) {
  Zone zone{1, "武汉东湖高新区", "national", "420000", "武汉市", {}, {}};
  EXPECT_FALSE(zone_rule_problem(zone, {}));
  auto problem =
      zone_rule_problem(zone, {cluster(7, "武汉东湖高新区国家地球空间信息及应用服务创新型产业集群",
                                       ClusterStatus::kPilot)});
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("一区一主导产业"), std::string::npos);
  EXPECT_NE(problem->find("国家地球空间信息"), std::string::npos);
}

TEST(ZoneRule, RemovedAndWarnedClusters) {
  Zone zone{1, "本溪高新区", "national", "210000", "本溪市", {}, {}};
  EXPECT_FALSE(zone_rule_problem(zone, {cluster(3, "本溪制药", ClusterStatus::kRemoved)}));
  // A warned cluster is still in the zone: the zone cannot start a second one.
  EXPECT_TRUE(zone_rule_problem(zone, {cluster(3, "本溪制药", ClusterStatus::kWarned)}));
  // So is an applicant.
  EXPECT_TRUE(zone_rule_problem(zone, {cluster(3, "本溪制药", ClusterStatus::kApplicant)}));
}

TEST(Records, ZonesNeedALevelAndSaneCoordinates) {
  Zone zone{0, "无锡高新区", "national", "320000", "无锡市", 31.5, 120.3};
  EXPECT_FALSE(zone_problem(zone));
  zone.level = "county";
  EXPECT_TRUE(zone_problem(zone));
  zone.level = "provincial";
  zone.lat = 95;
  EXPECT_TRUE(zone_problem(zone));
  zone.lat = 31.5;
  zone.lon.reset();
  EXPECT_TRUE(zone_problem(zone));  // one coordinate without the other
  zone.lat.reset();
  EXPECT_FALSE(zone_problem(zone));
  zone.name = " 无锡高新区";
  EXPECT_TRUE(zone_problem(zone));
}

TEST(Records, EnterpriseNeedsAValidCreditCode) {
  Enterprise e{"914403001922038216", "华为技术有限公司", {}, {}, false};
  EXPECT_FALSE(enterprise_problem(e));
  e.credit_code = "914403001922038210";
  EXPECT_TRUE(enterprise_problem(e));
  e.credit_code = "914403001922038216";
  e.name = "";
  EXPECT_TRUE(enterprise_problem(e));
}

TEST(Records, EnterpriseFiguresCannotBeNegativeExceptProfit) {
  EnterpriseYear row;
  row.credit_code = "914403001922038216";
  row.year = 2020;
  row.profit = -5e6;  // a loss is a real figure
  EXPECT_FALSE(enterprise_year_problem(row));
  row.revenue = -1;
  auto problem = enterprise_year_problem(row);
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("revenue"), std::string::npos);
  row.revenue = 1e9;
  row.employment = -3;
  EXPECT_TRUE(enterprise_year_problem(row));
  row.employment = 3;
  row.year = 1999;
  EXPECT_TRUE(enterprise_year_problem(row));
}

TEST(Records, InstitutionCategoryIsOneOfTheFourJq03Categories) {
  ServiceInstitution s{1,         2020, "武汉光谷技术转移中心",
                       "张三",    true, InstitutionCategory::kInnovationServices,
                       "技术转移"};
  EXPECT_FALSE(institution_problem(s));
  s.category = static_cast<InstitutionCategory>(5);
  EXPECT_TRUE(institution_problem(s));
}

}  // namespace
}  // namespace atlas::domain
