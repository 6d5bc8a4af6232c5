// Look-ups whose filters are optional: a filter not given selects everything, a given one only
// what matches, alone or with others; and the matches that treat a missing value as a value
// (a revision without a year, a session kept or none). The store writes these conditions so
// that SQLite and PostgreSQL read them alike (sql/connection.h); these are the answers people
// get either way.
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "atlas/auth/secrets.h"
#include "atlas/domain/credit_code.h"
#include "atlas/store/backend_test_support.h"

namespace atlas::store {
namespace {

using domain::ClusterStatus;

class StoreFiltersTest : public test_support::BackendTest {
 protected:
  void SetUp() override {
    store_ = db_.open();
    domain::ReferenceData ref;
    ref.provinces = {{"420000", "湖北省", "湖北", "Hubei", domain::Region::kCentral},
                     {"440000", "广东省", "广东", "Guangdong", domain::Region::kEast}};
    ref.industries = {
        {"C", "section", "", "制造业", "Manufacturing", ""},
        {"36", "division", "C", "汽车制造业", "Motor vehicles", ""},
        {"3612", "class", "36", "新能源车整车制造", "New energy vehicles", ""},
        {"39", "division", "C", "电子设备制造业", "Electronics", "next_gen_it"},
        {"3973", "class", "39", "集成电路制造", "Integrated circuits", "next_gen_it"}};
    store_->load_reference(ref, actor_);
    wuhan_ =
        store_->add_zone({0, "武汉东湖高新区", "national", "420000", "武汉市", {}, {}}, actor_);
    xiangyang_ =
        store_->add_zone({0, "襄阳高新区", "provincial", "420000", "襄阳市", {}, {}}, actor_);
    shenzhen_ = store_->add_zone({0, "深圳高新区", "national", "440000", "深圳市", {}, {}}, actor_);
    chips_ = add_cluster("武汉光谷集成电路集群", wuhan_, "3973", ClusterStatus::kPilot);
    cars_ = add_cluster("襄阳新能源汽车集群", xiangyang_, "3612", ClusterStatus::kCultivation);
    boards_ = add_cluster("深圳电子集群", shenzhen_, "39", ClusterStatus::kPilot);
  }
  void TearDown() override { store_.reset(); }

  std::int64_t add_cluster(const std::string& name, std::int64_t zone, const std::string& industry,
                           ClusterStatus status) {
    domain::Cluster c;
    c.name = name;
    c.zone_id = zone;
    c.industry_code = industry;
    return store_->add_cluster(c, {status, "2013-06-24", "", "", "", ""}, actor_);
  }

  std::vector<std::string> zone_names(const ZoneFilter& f) {
    std::vector<std::string> out;
    for (const auto& z : store_->zones(f)) out.push_back(z.name);
    std::sort(out.begin(), out.end());
    return out;
  }
  std::vector<std::int64_t> cluster_ids(const ClusterFilter& f) {
    std::vector<std::int64_t> out;
    for (const auto& c : store_->clusters(f)) out.push_back(c.id);
    std::sort(out.begin(), out.end());
    return out;
  }
  std::vector<std::int64_t> revision_ids(std::optional<std::int64_t> cluster,
                                         std::optional<int> year) {
    std::vector<std::int64_t> out;
    for (const auto& r : store_->revisions(cluster, year)) out.push_back(r.id);
    return out;
  }

  std::unique_ptr<Store> store_;
  Actor actor_{"tester", "2026-01-01T00:00:00Z"};
  std::int64_t wuhan_ = 0, xiangyang_ = 0, shenzhen_ = 0;
  std::int64_t chips_ = 0, cars_ = 0, boards_ = 0;
};
ATLAS_ON_BOTH_BACKENDS(StoreFiltersTest);

TEST_P(StoreFiltersTest, ZonesByProvinceAndLevel) {
  using V = std::vector<std::string>;
  EXPECT_EQ(zone_names({}), (V{"武汉东湖高新区", "深圳高新区", "襄阳高新区"}));
  EXPECT_EQ(zone_names({"420000", {}}), (V{"武汉东湖高新区", "襄阳高新区"}));
  EXPECT_EQ(zone_names({{}, "national"}), (V{"武汉东湖高新区", "深圳高新区"}));
  EXPECT_EQ(zone_names({"420000", "national"}), (V{"武汉东湖高新区"}));
  EXPECT_EQ(zone_names({"440000", "provincial"}), V{});
}

TEST_P(StoreFiltersTest, ClustersByEachFilterAndTogether) {
  using V = std::vector<std::int64_t>;
  EXPECT_EQ(cluster_ids({}), (V{chips_, cars_, boards_}));
  ClusterFilter hubei;
  hubei.province_code = "420000";
  EXPECT_EQ(cluster_ids(hubei), (V{chips_, cars_}));
  ClusterFilter east;
  east.region = domain::Region::kEast;
  EXPECT_EQ(cluster_ids(east), (V{boards_}));
  ClusterFilter pilots;
  pilots.status = ClusterStatus::kPilot;
  EXPECT_EQ(cluster_ids(pilots), (V{chips_, boards_}));
  EXPECT_EQ(cluster_ids(ClusterFilter::in_zone(xiangyang_)), (V{cars_}));
  ClusterFilter electronics;
  electronics.industry_prefix = "39";  // 3973 and 39 itself
  EXPECT_EQ(cluster_ids(electronics), (V{chips_, boards_}));
  ClusterFilter hubei_pilots_in_electronics = electronics;
  hubei_pilots_in_electronics.province_code = "420000";
  hubei_pilots_in_electronics.status = ClusterStatus::kPilot;
  EXPECT_EQ(cluster_ids(hubei_pilots_in_electronics), (V{chips_}));
}

TEST_P(StoreFiltersTest, FindsClustersByPartOfTheirNameNowOrBefore) {
  store_->record_event(
      chips_, {domain::EventKind::kRename, "2020-01-01", "", "芯片之都", "", "", "", ""}, actor_);
  auto names = [&](const std::string& text) {
    std::vector<std::int64_t> out;
    for (const auto& c : store_->find_clusters(text)) out.push_back(c.id);
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(names("集群"), (std::vector<std::int64_t>{chips_, cars_, boards_}));
  EXPECT_EQ(names("光谷"), std::vector<std::int64_t>{chips_});  // only its former name has it
  EXPECT_EQ(names("芯片"), std::vector<std::int64_t>{chips_});
  EXPECT_EQ(names("汽车"), std::vector<std::int64_t>{cars_});
  EXPECT_TRUE(names("杭州").empty());
}

TEST_P(StoreFiltersTest, RevisionsWithAndWithoutAYear) {
  ImportRevision reports;
  reports.kind = "clusters";
  reports.year = 2024;
  reports.file_name = "jq01.xlsx";
  reports.sha256 = "aaaa";
  ClusterLevelRows report_rows;
  domain::ClusterReport r;
  r.cluster_id = chips_;
  r.year = 2024;
  r.firms = 12;
  report_rows.reports.push_back({2, r});
  const auto with_year = store_->import_cluster_rows(reports, actor_, report_rows);
  ImportRevision platforms;
  platforms.kind = "platforms";
  platforms.file_name = "platforms.xlsx";
  platforms.sha256 = "bbbb";
  ClusterLevelRows platform_rows;
  platform_rows.platforms.push_back({2, {cars_, "国家重点实验室", "national", "重点实验室", 2019}});
  const auto without_year = store_->import_cluster_rows(platforms, actor_, platform_rows);

  EXPECT_EQ(store_->revision_with_hash("clusters", "aaaa", 2024)->id, with_year);
  EXPECT_FALSE(store_->revision_with_hash("clusters", "aaaa", 2023));
  EXPECT_FALSE(store_->revision_with_hash("clusters", "aaaa", std::nullopt));
  EXPECT_EQ(store_->revision_with_hash("platforms", "bbbb", std::nullopt)->id, without_year);
  EXPECT_FALSE(store_->revision_with_hash("platforms", "bbbb", 2024));

  using V = std::vector<std::int64_t>;
  EXPECT_EQ(revision_ids({}, {}), (V{with_year, without_year}));
  EXPECT_EQ(revision_ids(chips_, {}), V{with_year});
  EXPECT_EQ(revision_ids(cars_, {}), V{without_year});
  EXPECT_EQ(revision_ids({}, 2024), V{with_year});
  EXPECT_EQ(revision_ids(chips_, 2024), V{with_year});
  EXPECT_EQ(revision_ids(cars_, 2024), V{});
  EXPECT_EQ(revision_ids(boards_, {}), V{});
}

// A qualified firm has any of the three flags; a firm with two counts once.
TEST_P(StoreFiltersTest, QualifiedFirmsHaveAnyOfTheFlags) {
  struct Flags {
    bool high_tech, specialised, single_champion;
  };
  const Flags firms[] = {{true, false, false},
                         {false, true, true},
                         {false, false, false},
                         {true, true, true},
                         {false, false, true}};
  int n = 0;
  for (const auto& f : firms) {
    std::string code = "9142010000000000" + std::to_string(n++);
    code += *domain::credit_code_check_char(code);
    store_->add_enterprise({code, "企业" + std::to_string(n), {}, {}, false}, actor_);
    domain::EnterpriseYear y;
    y.credit_code = code;
    y.year = 2024;
    y.cluster_id = chips_;
    y.high_tech = f.high_tech;
    y.specialised = f.specialised;
    y.single_champion = f.single_champion;
    store_->add_enterprise_year(y, actor_);
  }
  auto totals = store_->cluster_year_totals(2024);
  ASSERT_EQ(totals.size(), 1u);
  EXPECT_EQ(totals[0].firms, 5);
  EXPECT_EQ(totals[0].high_tech_firms, 2);
  EXPECT_EQ(totals[0].specialised_firms, 2);
  EXPECT_EQ(totals[0].single_champion_firms, 3);
  EXPECT_EQ(totals[0].qualified_firms, 4);
}

TEST_P(StoreFiltersTest, SessionsOfOneAccountAndAPasswordChangeKeepingOneOrNone) {
  const std::string hash = auth::hash_password("harbour-kettle-42");
  auto wang = store_->add_account({"wang", "", auth::Role::kAnalyst, {}, hash, false}, actor_);
  auto zhao = store_->add_account({"zhao", "", auth::Role::kAnalyst, {}, hash, false}, actor_);
  auto here = store_->create_session(wang, "2026-01-02T00:00:00Z", actor_).id;
  store_->create_session(wang, "2026-01-02T00:00:00Z", actor_);
  store_->create_session(zhao, "2026-01-02T00:00:00Z", actor_);
  EXPECT_EQ(store_->sessions(std::nullopt).size(), 3u);
  EXPECT_EQ(store_->sessions(wang).size(), 2u);
  auto open = [&](std::int64_t account) {
    std::vector<std::int64_t> out;
    for (const auto& s : store_->sessions(account)) {
      if (!s.revoked) out.push_back(s.id);
    }
    return out;
  };
  auto revoked_count = [&] {
    auto entries = store_->audit_entries({});
    return nlohmann::json::parse(*entries.back().after)["sessions_revoked"].get<int>();
  };

  store_->change_own_password(wang, hash, here, actor_);
  EXPECT_EQ(open(wang), std::vector<std::int64_t>{here});
  EXPECT_EQ(revoked_count(), 1);
  store_->change_own_password(wang, hash, std::nullopt, actor_);
  EXPECT_TRUE(open(wang).empty());
  EXPECT_EQ(revoked_count(), 1);
  EXPECT_EQ(open(zhao).size(), 1u);  // another account's session stays
}

}  // namespace
}  // namespace atlas::store
