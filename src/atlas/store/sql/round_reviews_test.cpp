// A round's later stages in the store (both backends): reviews only by assigned experts on the
// round's form, the decision list, objections during the notice, and admission into the registry —
// all or nothing, after the notice, under the round's document number.
#include <gtest/gtest.h>

#include "atlas/store/sql/review_stage_test_support.h"

namespace atlas::store {
namespace {

using rounds::Stage;

class RoundReviewsTest : public test_support::ReviewStageTest {
 protected:
  static Objection objection(std::int64_t application, const std::string& objector,
                             const std::string& grounds) {
    Objection o;
    o.application_id = application;
    o.objector = objector;
    o.grounds = grounds;
    return o;
  }

  // Every recommended application to E1 and E2; E3 reviews nothing.
  void assign_two() {
    std::vector<ReviewAssignment> pairs;
    for (auto a : recommended()) {
      pairs.push_back({a, "E1", 1, false, ""});
      pairs.push_back({a, "E2", 0.5, false, ""});
    }
    reviews().assign_reviewers(round_, pairs, {}, on("2026-05-02"));
  }
  std::vector<std::int64_t> recommended() const { return {apps_[0], apps_[1], apps_[2]}; }
};
ATLAS_ON_BOTH_BACKENDS(RoundReviewsTest);

TEST_P(RoundReviewsTest, OnlyAnAssignedExpertReviewsOnTheFormAndRevisionsAreCounted) {
  reviews().set_review_form(round_, {{"创新能力", 60}, {"组织管理", 40}}, on("2026-05-01"));
  assign_two();
  EXPECT_EQ(reviews().assignments(round_).size(), 6u);
  auto before = audit_entries();
  EXPECT_EQ(refused([&] {
              reviews().submit_review({apps_[0], "E3", {50, 30}, 0, "", 1, ""}, on("2026-05-03"));
            }),
            ErrorKind::kRule);  // E3 is not assigned
  EXPECT_EQ(refused([&] {
              reviews().submit_review({apps_[0], "E1", {61, 30}, 0, "", 1, ""}, on("2026-05-03"));
            }),
            ErrorKind::kBadInput);  // 61 of 60 points
  EXPECT_EQ(refused([&] {
              reviews().submit_review({apps_[0], "E1", {50}, 0, "", 1, ""}, on("2026-05-03"));
            }),
            ErrorKind::kBadInput);  // one value for two criteria
  EXPECT_EQ(refused([&] {
              reviews().submit_review({apps_[0], "E1", {50, 30}, 0, "", 1, ""}, on("2026-06-16"));
            }),
            ErrorKind::kRule);         // after the review deadline
  EXPECT_EQ(audit_entries(), before);  // nothing refused left a trace
  reviews().submit_review({apps_[0], "E1", {50, 30}, 0, "好", 1, ""}, on("2026-05-03"));
  reviews().submit_review({apps_[0], "E1", {55, 32.5}, 0, "很好", 1, ""}, on("2026-05-04"));
  auto mine = reviews().reviews(round_, std::string("E1"));
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_DOUBLE_EQ(mine[0].total, 87.5);  // 55 + 32.5
  EXPECT_EQ(mine[0].submissions, 2);
  EXPECT_EQ(mine[0].comment, "很好");
  EXPECT_TRUE(reviews().reviews(round_, std::string("E2")).empty());
  // The form stays as scored.
  EXPECT_EQ(refused([&] {
              reviews().set_review_form(round_, {{"总分", 100}}, on("2026-05-05"));
            }),
            ErrorKind::kRule);
  EXPECT_FALSE(store_->verify_audit_chain().broken_id);
}

TEST_P(RoundReviewsTest, AnAssignmentCannotTakeAwayAReviewedPairNorListAnUnrecommendedOne) {
  assign_two();
  reviews().submit_review({apps_[1], "E2", {70}, 0, "", 1, ""}, on("2026-05-03"));
  std::vector<ReviewAssignment> without;
  for (auto a : recommended()) without.push_back({a, "E1", 1, false, ""});
  EXPECT_EQ(refused([&] { reviews().assign_reviewers(round_, without, {}, on("2026-05-04")); }),
            ErrorKind::kRule);
  EXPECT_EQ(reviews().assignments(round_).size(), 6u);  // unchanged
  without.push_back({apps_[1], "E2", 0.5, true, "已评审"});
  reviews().assign_reviewers(round_, without, {{apps_[1], "E2", true, "已评审"}}, on("2026-05-04"));
  EXPECT_EQ(reviews().assignments(round_).size(), 4u);
  ASSERT_EQ(reviews().assignment_overrides(round_).size(), 1u);
  EXPECT_EQ(reviews().reviews(round_, std::nullopt).size(), 1u);  // the review is kept
}

TEST_P(RoundReviewsTest, FromDecisionThroughNoticeToAdmission) {
  assign_two();
  reviews().submit_review({apps_[0], "E1", {90}, 0, "", 1, ""}, on("2026-05-03"));
  store_->advance_round(round_, on("2026-06-16"));  // decision
  std::vector<DecisionLine> lines = {
      {apps_[0], 80, 90, 86, 1, true, ""},
      {apps_[1], 70, 60, 64, 2, true, ""},
      {apps_[2], std::nullopt, 50, std::nullopt, std::nullopt, false, "无数据得分"}};
  EXPECT_EQ(refused([&] {
              auto bad = lines;
              bad[2].reason.clear();
              reviews().decide(round_, bad, on("2026-06-20"));
            }),
            ErrorKind::kRule);  // off the list without a reason
  reviews().decide(round_, lines, on("2026-06-20"));
  EXPECT_EQ(reviews().decisions(round_).front().application_id, apps_[0]);
  // Objections wait for the notice.
  EXPECT_EQ(
      refused([&] { reviews().object(objection(apps_[0], "李四", "数据不实"), on("2026-06-21")); }),
      ErrorKind::kRule);
  store_->advance_round(round_, on("2026-07-01"));  // notice, until 2026-07-15
  EXPECT_EQ(
      refused([&] { reviews().object(objection(apps_[2], "李四", "不应入选"), on("2026-07-02")); }),
      ErrorKind::kRule);  // not on the list
  EXPECT_EQ(refused([&] { reviews().object(objection(apps_[1], "李四", "  "), on("2026-07-02")); }),
            ErrorKind::kBadInput);  // no grounds
  auto first = reviews().object(objection(apps_[0], "李四", "研发投入数据不实"), on("2026-07-02"));
  auto second = reviews().object(objection(apps_[1], "王五", "龙头企业已迁出"), on("2026-07-03"));
  EXPECT_EQ(refused([&] {
              store_->round_reviews().admit(round_, domain::ClusterStatus::kPilot, "2026-07-15",
                                            on("2026-07-15"));
            }),
            ErrorKind::kRule);  // the notice runs until the 15th
  reviews().answer_objection(first, "经核实，口径差异，异议不成立", false, on("2026-07-16"));
  EXPECT_EQ(refused([&] {
              reviews().admit(round_, domain::ClusterStatus::kPilot, "2026-07-20",
                              on("2026-07-20"));
            }),
            ErrorKind::kRule);  // the second is not answered
  EXPECT_EQ(refused([&] { reviews().answer_objection(first, "再答", true, on("2026-07-17")); }),
            ErrorKind::kRule);  // answered once
  reviews().answer_objection(second, "经核实属实", true, on("2026-07-17"));
  auto after = reviews().decisions(round_);
  EXPECT_FALSE(after[1].listed);
  EXPECT_NE(after[1].reason.find("经核实属实"), std::string::npos);

  EXPECT_EQ(refused([&] {
              reviews().admit(round_, domain::ClusterStatus::kPilot, "20 July", on("2026-07-20"));
            }),
            ErrorKind::kBadInput);  // not a date
  EXPECT_EQ(refused([&] {
              reviews().admit(round_, domain::ClusterStatus::kPilot, "2026-07-21",
                              on("2026-07-20"));
            }),
            ErrorKind::kBadInput);  // after the recorder's today
  auto clusters_before = store_->clusters({}).size();
  auto admitted =
      reviews().admit(round_, domain::ClusterStatus::kPilot, "2026-07-20", on("2026-07-20"));
  ASSERT_EQ(admitted.size(), 1u);
  EXPECT_EQ(admitted[0].application_id, apps_[0]);
  EXPECT_EQ(store_->clusters({}).size(), clusters_before + 1);
  auto c = *store_->cluster(admitted[0].cluster_id);
  EXPECT_EQ(c.name, "武汉光电子集群");
  EXPECT_EQ(c.status, domain::ClusterStatus::kPilot);
  auto history = store_->status_history(c.id);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].doc_no, "国科火字〔2026〕18号");
  EXPECT_EQ(history[0].date, "2026-07-20");
  EXPECT_EQ(store_->round(round_)->stage, Stage::kClosed);
  EXPECT_EQ(refused([&] {
              reviews().admit(round_, domain::ClusterStatus::kPilot, "2026-07-21",
                              on("2026-07-21"));
            }),
            ErrorKind::kRule);  // closed
  EXPECT_FALSE(store_->verify_audit_chain().broken_id);
}

TEST_P(RoundReviewsTest, AnObjectionTakesDocumentsUntilItIsAnswered) {
  store_->advance_round(round_, on("2026-06-16"));
  reviews().decide(round_, {{apps_[0], 80, 90, 86, 1, true, ""}}, on("2026-06-20"));
  store_->advance_round(round_, on("2026-07-01"));  // notice, until 2026-07-15
  auto id = reviews().object(objection(apps_[0], "李四", "研发投入数据不实"), on("2026-07-02"));
  const std::string sha_a(64, 'a'), sha_b(64, 'b');
  const std::string bytes("%PDF-1.4\n\x00\xff%%EOF\n", 17);
  auto doc = reviews().attach_objection_document(objection_document(id, "举报材料.pdf", sha_a),
                                                 bytes, on("2026-07-03"));
  auto docs = reviews().objection_documents(id);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].id, doc);
  EXPECT_EQ(docs[0].name, "举报材料.pdf");
  EXPECT_EQ(docs[0].type, "pdf");
  EXPECT_EQ(docs[0].sha256, sha_a);
  EXPECT_EQ(docs[0].size, 17);  // counted from the bytes stored
  EXPECT_EQ(docs[0].attached_at, "2026-07-03T09:00:00Z");
  EXPECT_EQ(reviews().objection_document_content(doc), bytes);
  EXPECT_EQ(reviews().objection_document_content(doc + 1000), std::nullopt);
  EXPECT_EQ(reviews().objections(round_)[0].documents, 1);
  EXPECT_EQ(reviews().objection(id)->documents, 1);
  auto entries = store_->audit_entries({});
  EXPECT_EQ(entries.back().action, "attach");
  EXPECT_EQ(entries.back().entity, "objection");
  EXPECT_EQ(entries.back().entity_key, std::to_string(id));
  EXPECT_EQ(entries.back().before, std::nullopt);
  ASSERT_TRUE(entries.back().after);
  EXPECT_NE(entries.back().after->find(sha_a), std::string::npos);

  auto before = audit_entries();
  EXPECT_EQ(refused([&] {
              reviews().attach_objection_document(objection_document(id, "副本.pdf", sha_a), bytes,
                                                  on("2026-07-04"));
            }),
            ErrorKind::kRule);  // the same content twice
  EXPECT_EQ(refused([&] {
              reviews().attach_objection_document(objection_document(id + 99, "x.pdf", sha_b),
                                                  bytes, on("2026-07-04"));
            }),
            ErrorKind::kNotFound);
  EXPECT_EQ(audit_entries(), before);
  // After the notice's deadline the objection may still be answered, so it still takes evidence.
  reviews().attach_objection_document(objection_document(id, "补充.pdf", sha_b), "%PDF-2",
                                      on("2026-07-16"));
  EXPECT_EQ(reviews().objection_documents(id).size(), 2u);
  reviews().answer_objection(id, "经核实，异议不成立", false, on("2026-07-17"));
  before = audit_entries();
  EXPECT_EQ(refused([&] {
              reviews().attach_objection_document(objection_document(id, "迟到.pdf", sha_a + "c"),
                                                  "%PDF-3", on("2026-07-18"));
            }),
            ErrorKind::kRule);  // answered
  EXPECT_EQ(audit_entries(), before);
  EXPECT_EQ(reviews().objections(round_)[0].documents, 2);
  EXPECT_FALSE(store_->verify_audit_chain().broken_id);
}

TEST_P(RoundReviewsTest, AdmissionIsAllOrNothing) {
  store_->advance_round(round_, on("2026-06-16"));
  reviews().decide(round_,
                   {{apps_[0], 80, 90, 86, 1, true, ""},
                    {apps_[1], 70, 60, 64, 2, true, ""},
                    {apps_[2], 60, 50, 54, 3, true, ""}},
                   on("2026-06-20"));
  store_->advance_round(round_, on("2026-07-01"));
  // Meanwhile 襄阳高新区 got an active cluster: its application may not become a second one.
  domain::Cluster other;
  other.name = "襄阳另一个集群";
  other.zone_id = store_->application(apps_[1])->zone_id;
  other.industry_code = "3973";
  store_->add_cluster(other, {domain::ClusterStatus::kPilot, "2026-07-10", "另文", "", "", ""},
                      on("2026-07-10"));
  auto clusters_before = store_->clusters({}).size();
  auto entries_before = audit_entries();
  EXPECT_EQ(refused([&] {
              reviews().admit(round_, domain::ClusterStatus::kPilot, "2026-07-20",
                              on("2026-07-20"));
            }),
            ErrorKind::kRule);
  EXPECT_EQ(store_->clusters({}).size(), clusters_before);  // not even the first
  EXPECT_EQ(audit_entries(), entries_before);
  EXPECT_EQ(store_->round(round_)->stage, Stage::kNotice);
}

}  // namespace
}  // namespace atlas::store
