// The store's registry, totals and transactions, on both backends (backend_test_support.h).
#include <gtest/gtest.h>

#include "atlas/core/error.h"
#include "atlas/store/backend_test_support.h"
#include "atlas/store/sqlite/sqlite_store.h"

namespace atlas::store {
namespace {

class StoreTest : public test_support::BackendTest {
 protected:
  void SetUp() override {
    store_ = db_.open();
    store_->load_reference(test_support::hubei_integrated_circuits(), actor_);
    zone_ = store_->add_zone({0, "武汉东湖高新区", "national", "420000", "武汉市", 30.5, 114.4},
                             actor_);
  }
  void TearDown() override { store_.reset(); }

  std::int64_t add_cluster(const std::string& name) {
    domain::Cluster c;
    c.name = name;
    c.zone_id = zone_;
    c.industry_code = "3973";
    return store_->add_cluster(c, {domain::ClusterStatus::kPilot, "2013-06-24", "", "", "", ""},
                               actor_);
  }

  std::unique_ptr<Store> store_;
  Actor actor_{"tester", "2026-01-01T00:00:00Z"};
  std::int64_t zone_ = 0;
};
ATLAS_ON_BOTH_BACKENDS(StoreTest);

TEST_P(StoreTest, RecordsTheSchemaVersion) {
  EXPECT_EQ(store_->schema_version(), sqlite_schema_version());
  store_.reset();
  store_ = db_.open();  // reopening applies nothing twice
  EXPECT_EQ(store_->zones({}).size(), 1u);
}

TEST_P(StoreTest, AFailedTransactionLeavesNothing) {
  EXPECT_THROW(store_->in_transaction([&] {
    add_cluster("A");
    add_cluster("B");  // same zone: 一区一主导产业
  }),
               Error);
  EXPECT_TRUE(store_->clusters({}).empty());
}

TEST_P(StoreTest, NestedFailureIsUndoneAlone) {
  store_->in_transaction([&] {
    add_cluster("A");
    EXPECT_THROW(add_cluster("B"), Error);  // inner savepoint rolls back
  });
  auto clusters = store_->clusters({});
  ASSERT_EQ(clusters.size(), 1u);
  EXPECT_EQ(clusters[0].name, "A");
  EXPECT_EQ(clusters[0].province_code, "420000");  // taken from the zone
}

TEST_P(StoreTest, FindsAClusterByItsFormerName) {
  auto id = add_cluster("武汉光谷集成电路创新型产业集群");
  store_->record_event(id,
                       {domain::EventKind::kRename, "2023-02-15", "",
                        "武汉东湖高新区集成电路制造创新型产业集群", "", "", "", ""},
                       actor_);
  auto found = store_->find_clusters("光谷");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].name, "武汉东湖高新区集成电路制造创新型产业集群");
  auto events = store_->events(id);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].old_value, "武汉光谷集成电路创新型产业集群");
  EXPECT_EQ(events[0].actor, "tester");
}

TEST_P(StoreTest, TotalsKeepMissingFiguresMissing) {
  auto id = add_cluster("A");
  store_->add_enterprise({"914403001922038216", "甲公司", {}, {}, false}, actor_);
  store_->add_enterprise({"91110000100000000R", "乙公司", {}, {}, false}, actor_);
  domain::EnterpriseYear a;
  a.credit_code = "914403001922038216";
  a.year = 2022;
  a.cluster_id = id;
  a.high_tech = true;
  a.revenue = 3e8;
  domain::EnterpriseYear b = a;
  b.credit_code = "91110000100000000R";
  b.high_tech = false;
  b.revenue = 1e8;
  store_->add_enterprise_year(a, actor_);
  store_->add_enterprise_year(b, actor_);
  auto totals = store_->cluster_year_totals(2022);
  ASSERT_EQ(totals.size(), 1u);
  EXPECT_EQ(totals[0].firms, 2);
  EXPECT_EQ(totals[0].high_tech_firms, 1);
  EXPECT_DOUBLE_EQ(*totals[0].revenue, 4e8);
  EXPECT_FALSE(totals[0].employment.has_value());  // nobody reported staff
  EXPECT_TRUE(store_->cluster_year_totals(2021).empty());
}

// A batch is add_enterprise_year row by row in one transaction: each row checked and audited as
// alone, and one bad row (here the third, naming an enterprise never added) keeps none.
TEST_P(StoreTest, ABatchOfRowsIsKeptWholeOrNotAtAll) {
  auto id = add_cluster("东湖光电子");
  const std::vector<domain::Enterprise> firms = {{"914403001922038216", "甲公司", {}, {}, false},
                                                 {"91110000100000000R", "乙公司", {}, {}, false}};
  store_->add_enterprises(firms, actor_);
  auto before = store_->audit_entries({}).size();
  std::vector<domain::EnterpriseYear> rows(3);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    rows[i].credit_code = i < 2 ? firms[i].credit_code : "91110000MA0000000H";
    rows[i].year = 2022;
    rows[i].cluster_id = id;
    rows[i].revenue = 1e8;
  }
  EXPECT_THROW(store_->add_enterprise_years(rows, actor_), Error);
  EXPECT_TRUE(store_->cluster_year_totals(2022).empty());
  EXPECT_EQ(store_->audit_entries({}).size(), before);
  rows.pop_back();
  store_->add_enterprise_years(rows, actor_);
  EXPECT_EQ(store_->cluster_year_totals(2022).at(0).firms, 2);
  auto entries = store_->audit_entries({});
  ASSERT_EQ(entries.size(), before + 2);
  EXPECT_EQ(entries[before].entity_key, "914403001922038216/2022");
  EXPECT_EQ(entries[before + 1].entity_key, "91110000100000000R/2022");
  EXPECT_FALSE(store_->verify_audit_chain().broken_id);
  // The same enterprise twice in a batch breaks the rule one row a year, as two adds would.
  rows[1] = rows[0];
  rows[0].year = rows[1].year = 2023;
  EXPECT_THROW(store_->add_enterprise_years(rows, actor_), Error);
  EXPECT_TRUE(store_->cluster_year_totals(2023).empty());
}

// A batch larger than one chunk of look-ups and inserts (256 rows): 300 firms and their rows all
// stored and audited in order; a row 290 that repeats row 3's enterprise and year is named with
// the cluster of row 3, and keeps none of the batch; one naming a firm stored by an earlier batch
// is refused as one added alone would be.
TEST_P(StoreTest, ABatchLargerThanAChunkIsCheckedRowByRow) {
  using test_support::credit_code_for;
  auto a = add_cluster("东湖光电子");
  std::vector<domain::Enterprise> firms;
  for (int i = 0; i < 300; ++i) firms.push_back({credit_code_for(i), "企业", {}, {}, false});
  store_->add_enterprises(firms, actor_);
  auto before = store_->audit_entries({}).size();
  std::vector<domain::EnterpriseYear> rows(300);
  for (int i = 0; i < 300; ++i) {
    rows[i].credit_code = credit_code_for(i);
    rows[i].year = 2022;
    rows[i].cluster_id = a;
  }
  rows[290].credit_code = rows[3].credit_code;
  try {
    store_->add_enterprise_years(rows, actor_);
    FAIL() << "a repeated enterprise and year should be refused";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kRule);
    EXPECT_NE(
        std::string(e.what()).find(fmt::format(
            "enterprise {} already has a row for 2022 (in cluster id {})", rows[3].credit_code, a)),
        std::string::npos)
        << e.what();
  }
  EXPECT_EQ(store_->audit_entries({}).size(), before);
  rows[290].credit_code = credit_code_for(290);
  store_->add_enterprise_years(rows, actor_);
  auto totals = store_->cluster_year_totals(2022);
  ASSERT_EQ(totals.size(), 1u);
  EXPECT_EQ(totals[0].firms, 300);
  auto entries = store_->audit_entries({});
  ASSERT_EQ(entries.size(), before + 300);
  EXPECT_EQ(entries[before + 299].entity_key, credit_code_for(299) + "/2022");
  EXPECT_FALSE(store_->verify_audit_chain().broken_id);
  // Stored by the batch before: row 280 of a new batch for the same year is refused.
  std::vector<domain::EnterpriseYear> again(rows.begin(), rows.begin() + 281);
  for (int i = 0; i < 280; ++i) again[i].year = 2023;
  EXPECT_THROW(store_->add_enterprise_years(again, actor_), Error);
  EXPECT_TRUE(store_->cluster_year_totals(2023).empty());
  // And a firm already stored, added again at the end of a batch.
  firms.resize(260);
  for (int i = 0; i < 259; ++i) firms[i].credit_code = credit_code_for(1000 + i);
  try {
    store_->add_enterprises(firms, actor_);
    FAIL() << "a firm stored already should be refused";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(credit_code_for(259) + " already exists"),
              std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(store_->enterprise(credit_code_for(1000)).has_value());
}

// A list of service institutions longer than a chunk: a bad record or an unknown cluster anywhere
// keeps the whole list out; a good list is stored whole, each record audited under its own id.
TEST_P(StoreTest, SupportRecordsAreAddedAllOrNoneEachAuditedUnderItsId) {
  auto a = add_cluster("东湖光电子");
  std::vector<domain::ServiceInstitution> list(300);
  for (int i = 0; i < 300; ++i) {
    list[i] = {.cluster_id = a,
               .year = 2023,
               .name = fmt::format("服务机构{}", i),
               .legal_representative = "张三",
               .national = i % 2 == 0,
               .category = domain::InstitutionCategory::kRnD,
               .main_services = "检测"};
  }
  auto before = store_->audit_entries({}).size();
  list[280].category = static_cast<domain::InstitutionCategory>(7);
  try {
    store_->add_institutions(list, actor_);
    FAIL() << "a category outside 1-4 should be refused";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
    EXPECT_NE(std::string(e.what()).find("record 281 of 300: institution category 7"),
              std::string::npos)
        << e.what();
  }
  list[280].category = domain::InstitutionCategory::kFinancial;
  list[150].cluster_id = a + 1000;
  try {
    store_->add_institutions(list, actor_);
    FAIL() << "an unknown cluster should be refused";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kNotFound);
    EXPECT_NE(std::string(e.what()).find(
                  fmt::format("record 151 of 300: no cluster with id {}", a + 1000)),
              std::string::npos)
        << e.what();
  }
  EXPECT_TRUE(store_->institutions(2023).empty());
  EXPECT_EQ(store_->audit_entries({}).size(), before);

  list[150].cluster_id = a;
  store_->add_institutions(list, actor_);
  auto stored = store_->institutions(2023);
  ASSERT_EQ(stored.size(), 300u);
  std::set<std::string> names;
  for (const auto& s : stored) names.insert(s.name);
  EXPECT_TRUE(names.contains("服务机构0") && names.contains("服务机构299"));
  EXPECT_EQ(std::count_if(stored.begin(), stored.end(),
                          [](const auto& s) {
                            return s.category == domain::InstitutionCategory::kFinancial;
                          }),
            1);
  auto entries = store_->audit_entries({});
  ASSERT_EQ(entries.size(), before + 300);
  std::set<std::string> keys, audited;
  for (auto e = entries.begin() + static_cast<std::ptrdiff_t>(before); e != entries.end(); ++e) {
    EXPECT_EQ(e->entity, "service_institution");
    keys.insert(e->entity_key);
    audited.insert(e->detail);
  }
  EXPECT_EQ(keys.size(), 300u);  // each under an id of its own
  EXPECT_EQ(audited, names);
  EXPECT_FALSE(store_->verify_audit_chain().broken_id);
}

// A nested change undone after it appended to the audit chain: the next entry links to the one
// before it, as if the undone one had never been.
TEST_P(StoreTest, AnUndoneNestedChangeLeavesTheChainWhole) {
  store_->in_transaction([&] {
    store_->add_enterprise({"914403001922038216", "甲公司", {}, {}, false}, actor_);
    EXPECT_THROW(store_->in_transaction([&] {
      store_->add_enterprise({"91110000100000000R", "乙公司", {}, {}, false}, actor_);
      throw std::runtime_error("changed my mind");
    }),
                 std::runtime_error);
    store_->add_enterprise({"91110000MA0000000H", "丙公司", {}, {}, false}, actor_);
  });
  auto entries = store_->audit_entries({});
  ASSERT_GE(entries.size(), 2u);
  const auto& last = entries.back();
  const auto& before = entries[entries.size() - 2];
  EXPECT_EQ(last.entity_key, "91110000MA0000000H");
  EXPECT_EQ(before.entity_key, "914403001922038216");
  EXPECT_EQ(last.id, before.id + 1);
  EXPECT_EQ(last.prev_hash, before.hash);
  EXPECT_FALSE(store_->verify_audit_chain().broken_id);
}

// A server's worker keeps its totals between requests: another connection's new row, a status
// change in between or not, must show in the next totals it reads.
TEST_P(StoreTest, TotalsFollowAnotherConnectionsNewFigures) {
  auto id = add_cluster("东湖光电子");
  store_->add_enterprise({"914403001922038216", "甲公司", {}, {}, false}, actor_);
  store_->add_enterprise({"91110000100000000R", "乙公司", {}, {}, false}, actor_);
  domain::EnterpriseYear a;
  a.credit_code = "914403001922038216";
  a.year = 2022;
  a.cluster_id = id;
  a.revenue = 3e8;
  store_->add_enterprise_year(a, actor_);
  auto worker = db_.open();
  ASSERT_EQ(worker->cluster_year_totals(2022).at(0).firms, 1);
  worker->end_reads();
  store_->change_status(id, {domain::ClusterStatus::kWarned, "2020-01-01", "1号", "", "", ""},
                        actor_);
  ASSERT_EQ(worker->cluster_year_totals(2022).at(0).firms, 1);
  worker->end_reads();
  domain::EnterpriseYear b = a;
  b.credit_code = "91110000100000000R";
  b.revenue = 1e8;
  store_->add_enterprise_year(b, actor_);
  auto totals = worker->cluster_year_totals(2022);
  EXPECT_EQ(totals.at(0).firms, 2);
  EXPECT_DOUBLE_EQ(*totals.at(0).revenue, 4e8);
}

// Totals read inside a transaction that rolls back are not kept.
TEST_P(StoreTest, TotalsReadInARolledBackChangeAreNotKept) {
  auto id = add_cluster("东湖光电子");
  store_->add_enterprise({"914403001922038216", "甲公司", {}, {}, false}, actor_);
  store_->add_enterprise({"91110000100000000R", "乙公司", {}, {}, false}, actor_);
  domain::EnterpriseYear a;
  a.credit_code = "914403001922038216";
  a.year = 2022;
  a.cluster_id = id;
  EXPECT_THROW(store_->in_transaction([&] {
    store_->add_enterprise_year(a, actor_);
    EXPECT_EQ(store_->cluster_year_totals(2022).size(), 1u);
    throw std::runtime_error("changed my mind");
  }),
               std::runtime_error);
  // The next change takes the rolled-back change's audit number again.
  store_->add_enterprise({"91110000MA0000000H", "丙公司", {}, {}, false}, actor_);
  EXPECT_TRUE(store_->cluster_year_totals(2022).empty());
}

// Each cluster's status at a year's end, read for all clusters at once, is the one its history
// gives: withdrawn changes ignored, changes after the day not yet in force.
TEST_P(StoreTest, StatusesOnADayFollowTheHistoryInForce) {
  using S = domain::ClusterStatus;
  auto a = add_cluster("A");  // pilot since 2013-06-24
  store_->change_status(a, {S::kWarned, "2018-01-01", "1号", "", "", ""}, actor_);
  auto history = store_->status_history(a);
  store_->withdraw_status(a, history.back().id, {0, 0, "更正", "recorded in error", "", ""},
                          actor_);
  store_->change_status(a, {S::kRecognised, "2020-05-01", "2号", "", "", ""}, actor_);
  store_->change_status(a, {S::kWarned, "2022-01-01", "3号", "", "", ""}, actor_);
  domain::Cluster other;
  other.name = "B";
  other.zone_id = store_->add_zone(
      {0, "襄阳高新区", "national", "420000", "襄阳市", std::nullopt, std::nullopt}, actor_);
  other.industry_code = "3973";
  auto b = store_->add_cluster(other, {S::kRecognised, "2013-06-24", "4号", "", "", ""}, actor_);

  EXPECT_TRUE(store_->statuses_on("2012-12-31").empty());
  using M = std::map<std::int64_t, S>;
  EXPECT_EQ(store_->statuses_on("2013-06-24"), (M{{a, S::kPilot}, {b, S::kRecognised}}));
  EXPECT_EQ(store_->statuses_on("2018-12-31"), (M{{a, S::kPilot}, {b, S::kRecognised}}));
  EXPECT_EQ(store_->statuses_on("2021-12-31"), (M{{a, S::kRecognised}, {b, S::kRecognised}}));
  EXPECT_EQ(store_->statuses_on("2023-12-31"), (M{{a, S::kWarned}, {b, S::kRecognised}}));
}

TEST_P(StoreTest, UnknownReferencesAreNotFound) {
  domain::Cluster c;
  c.name = "X";
  c.zone_id = zone_;
  c.industry_code = "9999";
  try {
    store_->add_cluster(c, {domain::ClusterStatus::kPilot, "2013-06-24", "", "", "", ""}, actor_);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kNotFound);
  }
  EXPECT_THROW(store_->add_zone({0, "Z", "national", "990000", "x", {}, {}}, actor_), Error);
}

// A change dated after the actor's today is refused as bad input, whichever way it comes in.
TEST_P(StoreTest, DecisionsAreDatedNoLaterThanTheActorsToday) {
  auto id = add_cluster("A");
  Actor beijing{"tester", "2025-12-31T23:30:00Z", "2026-01-01"};  // 07:30 on New Year's Day
  domain::StatusChange change{domain::ClusterStatus::kRecognised, "2026-01-02", "", "", "", ""};
  try {
    store_->change_status(id, change, beijing);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
  }
  change.date = "2026-01-01";  // Beijing's today, still 2025 in UTC
  store_->change_status(id, change, beijing);
  EXPECT_EQ(store_->cluster(id)->status, domain::ClusterStatus::kRecognised);
}

TEST_P(StoreTest, ACorrectionWithdrawsAChangeAndKeepsIt) {
  auto id = add_cluster("A");
  store_->change_status(id, {domain::ClusterStatus::kWarned, "2020-05-01", "", "", "", ""}, actor_);
  auto history = store_->status_history(id);
  ASSERT_EQ(history.size(), 2u);
  domain::StatusCorrection why;
  why.reason = "误录";
  auto withdrawn = store_->withdraw_status(id, history[1].id, why, actor_);
  EXPECT_EQ(withdrawn.status, domain::ClusterStatus::kWarned);
  EXPECT_EQ(store_->cluster(id)->status, domain::ClusterStatus::kPilot);
  history = store_->status_history(id);
  ASSERT_EQ(history.size(), 2u);  // nothing deleted
  EXPECT_FALSE(history[0].withdrawn);
  EXPECT_TRUE(history[1].withdrawn);
  auto corrections = store_->corrections(id);
  ASSERT_EQ(corrections.size(), 1u);
  EXPECT_EQ(corrections[0].change_id, history[1].id);
  EXPECT_EQ(corrections[0].reason, "误录");
  EXPECT_EQ(corrections[0].actor, "tester");
  // The only change in force cannot go; nothing is written when it is refused.
  EXPECT_THROW(store_->withdraw_status(id, history[0].id, why, actor_), Error);
  EXPECT_EQ(store_->corrections(id).size(), 1u);
}

// Platforms, institutions and alliances never reported are missing; a list of platforms says how
// many there are at each level, none included.
TEST_P(StoreTest, SupportCountsNeverReportedAreMissing) {
  auto id = add_cluster("A");
  auto none = store_->support_counts(id, 2023);
  EXPECT_FALSE(none.national_platforms || none.provincial_platforms || none.institutions ||
               none.alliances);
  store_->add_alliances(std::vector<domain::Alliance>{{id, 2023, "联盟", 3, 4}}, actor_);
  store_->add_platforms(std::vector<domain::Platform>{{id, "国家重点实验室", "national", "", 2020}},
                        actor_);
  auto some = store_->support_counts(id, 2023);
  EXPECT_EQ(some.alliances, 1);
  EXPECT_EQ(some.national_platforms, 1);
  EXPECT_EQ(some.provincial_platforms, 0);  // the list is complete: none at that level
  EXPECT_FALSE(some.institutions.has_value());
}

// A parent is checked when the transaction commits (a list may name a parent after its child):
// a COMMIT that fails must undo the whole list and leave the store writing as before.
TEST_P(StoreTest, ACommitRefusedByADeferredKeyLeavesNothingAndTheStoreWorks) {
  domain::Industry orphan{"9999", "class", "999", "无上级的行业", "", "", "imported"};
  EXPECT_THROW(store_->import_industries({orphan}, "list.csv", actor_), Error);
  EXPECT_FALSE(store_->industry("9999"));
  const auto chain = store_->audit_entries({}).size();
  const auto zone =
      store_->add_zone({0, "襄阳高新区", "national", "420000", "襄阳市", {}, {}}, actor_);
  store_.reset();
  store_ = db_.open();  // what was committed, seen afresh
  EXPECT_FALSE(store_->industry("9999"));
  ASSERT_TRUE(store_->zone(zone));
  EXPECT_EQ(store_->zone(zone)->name, "襄阳高新区");
  EXPECT_EQ(store_->audit_entries({}).size(), chain + 1);
  EXPECT_FALSE(store_->verify_audit_chain().broken_id);
}

TEST_P(StoreTest, AnImportedIndustryListOutranksTheBundleAndKeepsWhatItLacks) {
  domain::Industry official{"3973", "class", "397", "集成电路制造（官方）", "", "", "imported"};
  domain::Industry group{"397", "group", "39", "电子器件制造", "", "", "imported"};
  EXPECT_EQ(store_->import_industries({official, group}, "list.csv", actor_), 1);
  auto stored = store_->industry("3973");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->name_zh, "集成电路制造（官方）");
  EXPECT_EQ(stored->name_en, "Integrated circuits");  // kept: the official table has none
  EXPECT_EQ(stored->sei, "next_gen_it");
  EXPECT_EQ(stored->source, "imported");
  domain::ReferenceData again;
  again.industries = {{"3973", "class", "39", "集成电路制造", "Integrated circuits", ""}};
  store_->load_reference(again, actor_);
  EXPECT_EQ(store_->industry("3973")->name_zh, "集成电路制造（官方）");
}

}  // namespace
}  // namespace atlas::store
