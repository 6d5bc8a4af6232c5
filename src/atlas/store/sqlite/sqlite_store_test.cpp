#include "atlas/store/sqlite/sqlite_store.h"

#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "atlas/core/error.h"

namespace atlas::store {
namespace {

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("atlas_store_test_" + std::to_string(getpid()) + ".db");
    std::filesystem::remove(path_);
    store_ = open_sqlite_store(path_.string());
    domain::ReferenceData ref;
    ref.provinces = {{"420000", "湖北省", "湖北", "Hubei", domain::Region::kCentral}};
    ref.industries = {
        {"C", "section", "", "制造业", "Manufacturing", ""},
        {"39", "division", "C", "电子设备制造业", "Electronics", "next_gen_it"},
        {"3973", "class", "39", "集成电路制造", "Integrated circuits", "next_gen_it"}};
    store_->load_reference(ref, actor_);
    zone_ = store_->add_zone({0, "武汉东湖高新区", "national", "420000", "武汉市", 30.5, 114.4},
                             actor_);
  }
  void TearDown() override {
    store_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(path_.string() + suffix);
    }
  }

  std::int64_t add_cluster(const std::string& name) {
    domain::Cluster c;
    c.name = name;
    c.zone_id = zone_;
    c.industry_code = "3973";
    return store_->add_cluster(c, {domain::ClusterStatus::kPilot, "2013-06-24", "", "", "", ""},
                               actor_);
  }

  std::filesystem::path path_;
  std::unique_ptr<Store> store_;
  Actor actor_{"tester", "2026-01-01T00:00:00Z"};
  std::int64_t zone_ = 0;
};

TEST_F(SqliteStoreTest, RecordsTheSchemaVersion) {
  EXPECT_EQ(store_->schema_version(), sqlite_schema_version());
  store_.reset();
  store_ = open_sqlite_store(path_.string());  // reopening applies nothing twice
  EXPECT_EQ(store_->zones({}).size(), 1u);
}

TEST_F(SqliteStoreTest, AFailedTransactionLeavesNothing) {
  EXPECT_THROW(store_->in_transaction([&] {
    add_cluster("A");
    add_cluster("B");  // same zone: 一区一主导产业
  }),
               Error);
  EXPECT_TRUE(store_->clusters({}).empty());
}

TEST_F(SqliteStoreTest, NestedFailureIsUndoneAlone) {
  store_->in_transaction([&] {
    add_cluster("A");
    EXPECT_THROW(add_cluster("B"), Error);  // inner savepoint rolls back
  });
  auto clusters = store_->clusters({});
  ASSERT_EQ(clusters.size(), 1u);
  EXPECT_EQ(clusters[0].name, "A");
  EXPECT_EQ(clusters[0].province_code, "420000");  // taken from the zone
}

TEST_F(SqliteStoreTest, FindsAClusterByItsFormerName) {
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

TEST_F(SqliteStoreTest, TotalsKeepMissingFiguresMissing) {
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

TEST_F(SqliteStoreTest, UnknownReferencesAreNotFound) {
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

}  // namespace
}  // namespace atlas::store
