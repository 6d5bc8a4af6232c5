// What the store tests of a round's later stages share (round_reviews_test, defence_sessions_test):
// a database with a 2026 admission round in its review stage — applications of 武汉, 襄阳 and 苏州
// on their provinces' lists, 宜昌's submitted but not recommended, three experts of Jiangsu — an
// actor recording on a given day, a document for an objection, and a check that an action is
// refused.
#pragma once
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "atlas/core/error.h"
#include "atlas/store/backend_test_support.h"
#include "atlas/store/round_reviews.h"

namespace atlas::store::test_support {

class ReviewStageTest : public test_support::BackendTest {
 protected:
  void SetUp() override {
    store_ = db_.open();
    domain::ReferenceData ref;
    ref.provinces = {{"420000", "湖北省", "湖北", "Hubei", domain::Region::kCentral},
                     {"320000", "江苏省", "江苏", "Jiangsu", domain::Region::kEast}};
    ref.industries = {{"C", "section", "", "制造业", "Manufacturing", ""},
                      {"39", "division", "C", "电子设备制造业", "Electronics", ""},
                      {"3973", "class", "39", "集成电路制造", "Integrated circuits", ""}};
    store_->load_reference(ref, actor_);
    std::vector<std::int64_t> zones{
        store_->add_zone({0, "武汉东湖高新区", "national", "420000", "武汉市", {}, {}}, actor_),
        store_->add_zone({0, "襄阳高新区", "national", "420000", "襄阳市", {}, {}}, actor_),
        store_->add_zone({0, "苏州高新区", "national", "320000", "苏州市", {}, {}}, actor_),
        store_->add_zone({0, "宜昌高新区", "national", "420000", "宜昌市", {}, {}}, actor_)};
    rounds::Round r;
    r.year = 2026;
    r.name = "2026年度遴选";
    r.doc_no = "国科火字〔2026〕18号";
    r.system = "torch-iic";
    r.deadlines = {{rounds::Stage::kApplications, "2026-03-31"},
                   {rounds::Stage::kRecommendation, "2026-04-30"},
                   {rounds::Stage::kReview, "2026-06-15"},
                   {rounds::Stage::kDecision, "2026-06-30"},
                   {rounds::Stage::kNotice, "2026-07-15"}};
    round_ = store_->add_round(r, actor_);
    const char* names[] = {"武汉光电子集群", "襄阳芯片集群", "苏州纳米集群", "宜昌芯片集群"};
    for (std::size_t i = 0; i < zones.size(); ++i) {
      rounds::Application a;
      a.round_id = round_;
      a.zone_id = zones[i];
      a.parties.name = names[i];
      a.parties.industry_code = "3973";
      a.parties.building_unit = "管委会";
      a.parties.management_body = "促进中心";
      apps_.push_back(store_->submit_application(a, on("2026-03-01")));
    }
    store_->advance_round(round_, on("2026-04-01"));
    store_->recommend(round_, "420000", {{apps_[0], 1, "同意"}, {apps_[1], 2, "同意"}},
                      on("2026-04-10"));
    store_->recommend(round_, "320000", {{apps_[2], 1, "同意"}}, on("2026-04-10"));
    for (const char* code : {"E1", "E2", "E3"}) {
      rounds::Expert e;
      e.code = code;
      e.name = std::string("专家") + code;
      e.organisation = std::string("大学") + code;
      e.province_code = "320000";
      e.fields = {"3973"};
      store_->add_expert(e, actor_);
    }
    store_->advance_round(round_, on("2026-05-01"));  // review
  }
  void TearDown() override { store_.reset(); }

  // An actor recording on `today`.
  Actor on(const std::string& today) const { return {"office", today + "T09:00:00Z", today}; }
  RoundReviews& reviews() { return store_->round_reviews(); }

  template <typename F>
  ErrorKind refused(F f) {
    try {
      f();
    } catch (const Error& e) {
      return e.kind();
    }
    ADD_FAILURE() << "the action was not refused";
    return ErrorKind::kInternal;
  }

  // A document for an objection: the store keeps the name, type, SHA-256 and bytes it is given
  // (app/ checks the content and computes the SHA-256 before it gets there).
  static ObjectionDocument objection_document(std::int64_t objection_id, const std::string& name,
                                              const std::string& sha256) {
    ObjectionDocument d;
    d.objection_id = objection_id;
    d.name = name;
    d.type = "pdf";
    d.sha256 = sha256;
    return d;
  }

  std::int64_t audit_entries() {
    return static_cast<std::int64_t>(store_->audit_entries({}).size());
  }

  std::unique_ptr<Store> store_;
  Actor actor_{"tester", "2026-01-01T00:00:00Z"};
  std::int64_t round_ = 0;
  // 武汉, 襄阳 and 苏州 on their provinces' lists; 宜昌 (apps_[3]) submitted, not recommended.
  std::vector<std::int64_t> apps_;
};

}  // namespace atlas::store::test_support
