#include "atlas/rounds/application.h"

#include <gtest/gtest.h>

namespace atlas::rounds {
namespace {

Application applicant(std::int64_t id, ApplicationState state = ApplicationState::kSubmitted) {
  Application a;
  a.id = id;
  a.parties.name = "集群" + std::to_string(id);
  a.parties.province_code = "420000";
  a.state = state;
  return a;
}

TEST(ApplicationRules, ACompleteFormPassesAndEachMissingPartIsNamed) {
  Application a;
  a.parties.name = "襄阳高新区新能源汽车创新型产业集群";
  a.parties.industry_code = "3612";
  a.parties.building_unit = "襄阳高新区管委会";
  a.parties.management_body = "襄阳新能源汽车产业促进中心";
  a.parties.leading_firms = {"东风汽车股份有限公司"};
  EXPECT_EQ(application_problem(a), std::nullopt);

  auto without = [&](auto change) {
    auto copy = a;
    change(copy);
    auto p = application_problem(copy);
    return p ? *p : std::string("(accepted)");
  };
  EXPECT_NE(without([](auto& c) { c.parties.name = " "; }).find("集群名称"), std::string::npos);
  EXPECT_NE(without([](auto& c) { c.parties.industry_code = "36A"; }).find("主导产业"),
            std::string::npos);
  EXPECT_NE(without([](auto& c) { c.parties.building_unit = ""; }).find("建设单位"),
            std::string::npos);
  EXPECT_NE(without([](auto& c) { c.parties.management_body = ""; }).find("集群促进机构"),
            std::string::npos);
  EXPECT_NE(without([](auto& c) {
              c.parties.leading_firms.push_back(" 东风汽车股份有限公司 ");
            }).find("twice"),
            std::string::npos);
  EXPECT_NE(without([](auto& c) { c.parties.leading_firms.push_back(""); }).find("no name"),
            std::string::npos);
}

TEST(ApplicationRules, AListHoldsTheProvincesOwnOpenApplicationsRankedOneToN) {
  const std::vector<Application> own = {applicant(1), applicant(2),
                                        applicant(3, ApplicationState::kReturned)};
  EXPECT_EQ(recommendation_problem({{2, 1, "同意"}, {1, 2, "同意"}}, own, "420000", 2),
            std::nullopt);
  EXPECT_EQ(recommendation_problem({}, own, "420000", 0), std::nullopt);  // withdrawn
  EXPECT_EQ(recommendation_problem({{1, 1, "a"}, {2, 2, "b"}}, own, "420000", std::nullopt),
            std::nullopt);  // no quota: no limit

  auto problem = [&](const std::vector<Recommendation>& list, std::optional<int> quota) {
    auto p = recommendation_problem(list, own, "420000", quota);
    return p ? *p : std::string("(accepted)");
  };
  EXPECT_NE(problem({{1, 1, "a"}, {2, 2, "b"}}, 1).find("at most 1"), std::string::npos);
  EXPECT_NE(problem({{9, 1, "a"}}, 2).find("not an application of province 420000"),
            std::string::npos);
  EXPECT_NE(problem({{1, 1, "a"}, {1, 2, "b"}}, 2).find("twice"), std::string::npos);
  EXPECT_NE(problem({{3, 1, "a"}}, 2).find("returned"), std::string::npos);
  EXPECT_NE(problem({{1, 1, ""}}, 2).find("推荐意见"), std::string::npos);
  EXPECT_NE(problem({{1, 1, "a"}, {2, 1, "b"}}, 2).find("two applications are ranked 1"),
            std::string::npos);
  EXPECT_NE(problem({{1, 0, "a"}}, 2).find("not between 1 and 1"), std::string::npos);
}

}  // namespace
}  // namespace atlas::rounds
