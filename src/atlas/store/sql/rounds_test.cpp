// Selection rounds in the store (both backends): stages and deadlines bind every action, the
// programme's rules hold, a refused action changes nothing, and every change is audited.
#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "atlas/core/error.h"
#include "atlas/store/backend_test_support.h"

namespace atlas::store {
namespace {

using rounds::ApplicationState;
using rounds::Stage;

class RoundsTest : public test_support::BackendTest {
 protected:
  void SetUp() override {
    store_ = db_.open();
    domain::ReferenceData ref;
    ref.provinces = {{"420000", "湖北省", "湖北", "Hubei", domain::Region::kCentral},
                     {"320000", "江苏省", "江苏", "Jiangsu", domain::Region::kEast}};
    ref.industries = {
        {"C", "section", "", "制造业", "Manufacturing", ""},
        {"36", "division", "C", "汽车制造业", "Motor vehicles", ""},
        {"39", "division", "C", "电子设备制造业", "Electronics", "next_gen_it"},
        {"3973", "class", "39", "集成电路制造", "Integrated circuits", "next_gen_it"}};
    store_->load_reference(ref, actor_);
    wuhan_ =
        store_->add_zone({0, "武汉东湖高新区", "national", "420000", "武汉市", {}, {}}, actor_);
    xiangyang_ =
        store_->add_zone({0, "襄阳高新区", "national", "420000", "襄阳市", {}, {}}, actor_);
    yichang_ = store_->add_zone({0, "宜昌高新区", "national", "420000", "宜昌市", {}, {}}, actor_);
    suzhou_ = store_->add_zone({0, "苏州高新区", "national", "320000", "苏州市", {}, {}}, actor_);
    round_ = store_->add_round(admission_round(), actor_);
  }
  void TearDown() override { store_.reset(); }

  static rounds::Round admission_round() {
    rounds::Round r;
    r.year = 2026;
    r.name = "2026年度创新型产业集群遴选";
    r.doc_no = "国科火字〔2026〕18号";
    r.system = "torch-iic";
    r.deadlines = {{Stage::kApplications, "2026-03-31"},
                   {Stage::kRecommendation, "2026-04-30"},
                   {Stage::kReview, "2026-06-15"},
                   {Stage::kDecision, "2026-06-30"},
                   {Stage::kNotice, "2026-07-15"}};
    r.quotas = {{"420000", 2}};
    return r;
  }

  static rounds::Application form(std::int64_t round, std::int64_t zone, const std::string& name) {
    rounds::Application a;
    a.round_id = round;
    a.zone_id = zone;
    a.parties.name = name;
    a.parties.industry_code = "3973";
    a.parties.building_unit = "管委会";
    a.parties.management_body = "产业促进中心";
    a.parties.leading_firms = {"甲公司", "乙公司"};
    return a;
  }

  // An actor recording on `today`.
  Actor on(const std::string& today) const { return {"office", today + "T09:00:00Z", today}; }

  std::int64_t audit_count(const std::string& entity) {
    AuditFilter f;
    f.entity = entity;
    return static_cast<std::int64_t>(store_->audit_entries(f).size());
  }

  void advance_to(Stage stage) {
    while (store_->round(round_)->stage != stage) store_->advance_round(round_, on("2026-03-01"));
  }

  std::unique_ptr<Store> store_;
  Actor actor_{"tester", "2026-01-01T00:00:00Z"};
  std::int64_t wuhan_ = 0, xiangyang_ = 0, yichang_ = 0, suzhou_ = 0, round_ = 0;
};
ATLAS_ON_BOTH_BACKENDS(RoundsTest);

TEST_P(RoundsTest, ARoundGoesThroughItsStagesForwardOnlyAndEachStepIsAudited) {
  const std::vector<Stage> expected = {Stage::kRecommendation, Stage::kReview, Stage::kDecision,
                                       Stage::kNotice, Stage::kClosed};
  EXPECT_EQ(store_->round(round_)->stage, Stage::kApplications);
  for (Stage s : expected) EXPECT_EQ(store_->advance_round(round_, on("2026-03-01")), s);
  try {
    store_->advance_round(round_, on("2026-03-01"));
    FAIL() << "a closed round advanced";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kRule);
  }
  AuditFilter f;
  f.entity = "round";
  auto entries = store_->audit_entries(f);
  ASSERT_EQ(entries.size(), 6u);  // opened, then five steps
  EXPECT_EQ(entries[1].action, "advance");
  EXPECT_EQ(nlohmann::json::parse(*entries[1].before)["stage"], "applications");
  EXPECT_EQ(nlohmann::json::parse(*entries[1].after)["stage"], "recommendation");
  EXPECT_FALSE(store_->verify_audit_chain().broken_id);
}

TEST_P(RoundsTest, ARoundReadsBackAsItWasOpened) {
  auto r = *store_->round(round_);
  EXPECT_EQ(r.kind, rounds::RoundKind::kAdmission);
  EXPECT_EQ(r.doc_no, "国科火字〔2026〕18号");
  EXPECT_EQ(r.deadlines.at(Stage::kNotice), "2026-07-15");
  EXPECT_EQ(r.quotas.at("420000"), 2);
  EXPECT_DOUBLE_EQ(r.data_weight, 0.4);
  auto again = admission_round();
  EXPECT_THROW(store_->add_round(again, actor_), Error);  // the same 文号
  again.doc_no = "国科火字〔2026〕19号";
  again.quotas = {{"990000", 1}};
  EXPECT_THROW(store_->add_round(again, actor_), Error);  // no such province
  EXPECT_EQ(store_->rounds().size(), 1u);
}

TEST_P(RoundsTest, AnApplicationAfterTheDeadlineOrInAnotherStageIsRefusedAndNothingIsKept) {
  try {
    store_->submit_application(form(round_, xiangyang_, "襄阳集群"), on("2026-04-01"));
    FAIL() << "accepted after the deadline";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kRule);
    EXPECT_NE(std::string(e.what()).find("2026-03-31"), std::string::npos) << e.what();
  }
  advance_to(Stage::kRecommendation);
  try {
    store_->submit_application(form(round_, xiangyang_, "襄阳集群"), on("2026-04-02"));
    FAIL() << "a new application accepted in the recommendation stage";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kRule);
    EXPECT_NE(std::string(e.what()).find("recommendation"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(store_->applications(round_, {}).empty());
  EXPECT_EQ(audit_count("application"), 0);
}

TEST_P(RoundsTest, AZoneWithAnActiveClusterCannotApplyForASecondOne) {
  domain::Cluster c;
  c.name = "武汉东湖高新区光电子信息集群";
  c.zone_id = wuhan_;
  c.industry_code = "3973";
  store_->add_cluster(c, {domain::ClusterStatus::kPilot, "2013-06-24", "", "", "", ""}, actor_);
  try {
    store_->submit_application(form(round_, wuhan_, "武汉第二集群"), on("2026-03-01"));
    FAIL() << "一区一主导产业 not enforced";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kRule);
    EXPECT_NE(std::string(e.what()).find("武汉东湖高新区"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(store_->applications(round_, {}).empty());
}

TEST_P(RoundsTest, AReturnedApplicationIsCorrectedUnderItsOwnIdAndASecondIsRefused) {
  auto id = store_->submit_application(form(round_, xiangyang_, "襄阳集群"), on("2026-03-01"));
  EXPECT_THROW(
      store_->submit_application(form(round_, xiangyang_, "襄阳另一集群"), on("2026-03-02")),
      Error);
  EXPECT_THROW(store_->return_application(id, "  ", on("2026-03-03")), Error);  // no reasons
  store_->return_application(id, "龙头企业名单不完整", on("2026-03-03"));
  EXPECT_THROW(store_->return_application(id, "again", on("2026-03-03")), Error);
  advance_to(Stage::kRecommendation);
  auto corrected = form(round_, xiangyang_, "襄阳新能源汽车集群");
  corrected.parties.leading_firms.push_back("丙公司");
  EXPECT_EQ(store_->submit_application(corrected, on("2026-04-10")), id);
  auto a = *store_->application(id);
  EXPECT_EQ(a.state, ApplicationState::kSubmitted);
  EXPECT_EQ(a.submissions, 2);
  EXPECT_EQ(a.parties.name, "襄阳新能源汽车集群");
  EXPECT_EQ(a.parties.leading_firms.size(), 3u);
  EXPECT_EQ(a.return_reason, "龙头企业名单不完整");  // kept with the history
  EXPECT_EQ(a.parties.province_code, "420000");      // the zone's
  AuditFilter f;
  f.entity = "application";
  auto entries = store_->audit_entries(f);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[1].action, "return");
  EXPECT_EQ(entries[1].reason, "龙头企业名单不完整");
  EXPECT_EQ(entries[2].action, "resubmit");
  EXPECT_EQ(nlohmann::json::parse(*entries[2].before)["cluster_name"], "襄阳集群");
  EXPECT_EQ(nlohmann::json::parse(*entries[2].after)["cluster_name"], "襄阳新能源汽车集群");
}

TEST_P(RoundsTest, AnIncompleteFormIsRefused) {
  auto a = form(round_, xiangyang_, "襄阳集群");
  a.parties.management_body = "";
  EXPECT_THROW(store_->submit_application(a, on("2026-03-01")), Error);
  a = form(round_, xiangyang_, "襄阳集群");
  a.parties.leading_firms = {"甲公司", "甲公司"};
  EXPECT_THROW(store_->submit_application(a, on("2026-03-01")), Error);
  a = form(round_, xiangyang_, "襄阳集群");
  a.parties.industry_code = "39x";
  EXPECT_THROW(store_->submit_application(a, on("2026-03-01")), Error);
  EXPECT_TRUE(store_->applications(round_, {}).empty());
}

TEST_P(RoundsTest, AProvincesListStaysWithinItsQuotaAndReplacesTheEarlierOne) {
  auto x = store_->submit_application(form(round_, xiangyang_, "襄阳集群"), on("2026-03-01"));
  auto y = store_->submit_application(form(round_, yichang_, "宜昌集群"), on("2026-03-01"));
  auto w = store_->submit_application(form(round_, wuhan_, "武汉集群"), on("2026-03-01"));
  auto s = store_->submit_application(form(round_, suzhou_, "苏州集群"), on("2026-03-01"));
  // Not yet the recommendation stage.
  EXPECT_THROW(store_->recommend(round_, "420000", {{x, 1, "同意"}}, on("2026-03-02")), Error);
  advance_to(Stage::kRecommendation);
  store_->recommend(round_, "420000", {{y, 1, "同意推荐"}, {x, 2, "同意"}}, on("2026-04-02"));

  const std::vector<std::vector<rounds::Recommendation>> refused = {
      {{x, 1, "a"}, {y, 2, "b"}, {w, 3, "c"}},  // quota 2
      {{x, 1, "a"}, {s, 2, "b"}},               // 苏州 is Jiangsu's
      {{x, 1, "a"}, {x, 2, "b"}},               // twice
      {{x, 1, "a"}, {y, 1, "b"}},               // the same rank
      {{x, 1, "a"}, {y, 3, "b"}},               // a rank beyond the list
      {{x, 1, "a"}, {y, 2, " "}},               // no opinion
  };
  for (const auto& list : refused) {
    EXPECT_THROW(store_->recommend(round_, "420000", list, on("2026-04-02")), Error);
  }
  // The list sent first is the one kept, in its order.
  ApplicationFilter hubei;
  hubei.province_code = "420000";
  auto listed = store_->applications(round_, hubei);
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0].id, y);
  EXPECT_EQ(listed[0].rank, 1);
  EXPECT_EQ(listed[0].opinion, "同意推荐");
  EXPECT_EQ(listed[1].id, x);
  EXPECT_EQ(listed[1].rank, 2);
  EXPECT_FALSE(listed[2].rank);  // 武汉 is not on it

  // On the list: not returned until the province sends a list without it.
  EXPECT_THROW(store_->return_application(x, "补充材料", on("2026-04-03")), Error);
  store_->recommend(round_, "420000", {{y, 1, "同意推荐"}}, on("2026-04-03"));
  store_->return_application(x, "补充材料", on("2026-04-03"));
  // A returned application cannot be listed; Jiangsu has no quota, so no limit.
  EXPECT_THROW(store_->recommend(round_, "420000", {{x, 1, "a"}}, on("2026-04-04")), Error);
  store_->recommend(round_, "320000", {{s, 1, "同意"}}, on("2026-04-04"));
  // After the stage's deadline nothing more.
  EXPECT_THROW(store_->recommend(round_, "420000", {}, on("2026-05-01")), Error);
  EXPECT_EQ(store_->application(y)->rank, 1);
  EXPECT_FALSE(store_->verify_audit_chain().broken_id);
}

TEST_P(RoundsTest, TheExpertPoolIsKeptByCodeAndAnImportIsAllOrNothing) {
  rounds::Expert e{0, "E001", "张三", "华中科技大学", "420000", "教授", {"3973"}, {"甲公司"}};
  store_->add_expert(e, actor_);
  EXPECT_THROW(store_->add_expert(e, actor_), Error);  // the code is taken

  auto changed = e;
  changed.organisation = "武汉大学";
  rounds::Expert fresh{0, "E002", "李四", "南京大学", "320000", "", {"39", "3612"}, {}};
  rounds::Expert bad{0, "E003", "王五", "某大学", "990000", "", {"3973"}, {}};
  EXPECT_THROW(store_->import_experts({changed, fresh, bad}, "专家库.xlsx", actor_), Error);
  EXPECT_EQ(store_->experts().size(), 1u);
  EXPECT_EQ(store_->experts()[0].organisation, "华中科技大学");
  EXPECT_THROW(store_->import_experts({fresh, fresh}, "专家库.xlsx", actor_), Error);

  auto unknown_field = fresh;
  unknown_field.fields = {"9999"};
  EXPECT_THROW(store_->import_experts({unknown_field}, "专家库.xlsx", actor_), Error);

  auto result = store_->import_experts({changed, fresh}, "专家库.xlsx", actor_);
  EXPECT_EQ(result.added, 1);
  EXPECT_EQ(result.updated, 1);
  EXPECT_EQ(result.unchanged, 0);
  result = store_->import_experts({changed, fresh}, "专家库.xlsx", actor_);
  EXPECT_EQ(result.unchanged, 2);
  auto pool = store_->experts();
  ASSERT_EQ(pool.size(), 2u);
  EXPECT_EQ(pool[0].organisation, "武汉大学");
  EXPECT_EQ(pool[1].fields, (std::vector<std::string>{"39", "3612"}));
  EXPECT_TRUE(store_->industry("3612"));  // accepted under its division, as for clusters
  AuditFilter f;
  f.entity = "expert";
  auto entries = store_->audit_entries(f);
  // add E001; update E001, add E002 and the first import; the second import, which changed no
  // expert but is recorded as done.
  ASSERT_EQ(entries.size(), 5u);
  EXPECT_EQ(entries[1].action, "update");
  EXPECT_EQ(nlohmann::json::parse(*entries[1].before)["organisation"], "华中科技大学");
  EXPECT_EQ(entries[3].action, "import");
  EXPECT_EQ(entries[4].detail, "2 experts: 0 added, 0 updated, 2 unchanged");
}

}  // namespace
}  // namespace atlas::store
