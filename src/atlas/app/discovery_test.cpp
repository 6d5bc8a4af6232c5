// What a job of the server relies on in the discovery use cases: the listener hears each step and
// stops the work when it says so (nothing returned), the file's notes reach it as they are read,
// and a parameter out of range is refused naming the parameter before any file is read.
#include "atlas/app/discovery.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "atlas/app/spatial_statistics.h"
#include "atlas/app/specialisation.h"
#include "atlas/core/error.h"

namespace atlas::app {
namespace {

class AppDiscoveryTest : public ::testing::Test {
 protected:
  std::string write(const std::string& name, const std::string& text) {
    auto path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("atlas_app_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Two groups of three points 1 apart in the plane, 100 apart from each other, and a total row.
  std::string two_groups() {
    return write("points.csv",
                 "id,x,y\na,0,0\nb,1,0\nc,0,1\nd,100,100\ne,101,100\nf,100,101\n合计,,\n");
  }
  static DiscoveryRequest planar(const std::string& points) {
    DiscoveryRequest r;
    r.points = points;
    r.metric = "euclidean";
    r.eps_km = 1.5;
    r.min_weight = 3;
    return r;
  }

  std::filesystem::path dir_;
};

TEST_F(AppDiscoveryTest, TwoGroupsAreTwoClustersAndTheListenerHearsEachStepAndTheNote) {
  std::vector<std::string> phases, notes;
  double last = -1;
  bool ascending = true;
  Listener listener;
  listener.note = [&](const std::string& n) { notes.push_back(n); };
  listener.progress = [&](std::string_view phase, double done) {
    phases.emplace_back(phase);
    ascending = ascending && done >= last && done <= 1;
    last = done;
    return true;
  };
  const auto d = discover_clusters(nullptr, planar(two_groups()), listener);
  EXPECT_EQ(2, d.labels.clusters);
  EXPECT_EQ(6u, d.points.size());
  EXPECT_EQ(2u, d.clusters.rows.size());
  EXPECT_FALSE(d.registry.linked);  // no database
  EXPECT_TRUE(ascending);
  ASSERT_FALSE(phases.empty());
  EXPECT_EQ("6 points read", phases[1]);
  ASSERT_EQ(1u, notes.size());
  EXPECT_NE(std::string::npos, notes[0].find("合计")) << notes[0];
  const auto doc = d.document();
  EXPECT_EQ(6u, doc["points"].size());
  EXPECT_EQ(2, doc["totals"]["clusters"].get<int>());
  EXPECT_FALSE(doc.contains("registry_area"));
  EXPECT_EQ("FeatureCollection", d.geojson()["type"].get<std::string>());
}

TEST_F(AppDiscoveryTest, FalseFromTheListenerStopsTheWorkAtThatStep) {
  std::vector<std::string> phases;
  Listener listener;
  listener.progress = [&](std::string_view phase, double) {
    phases.emplace_back(phase);
    return phase != "DBSCAN: core";
  };
  EXPECT_THROW(discover_clusters(nullptr, planar(two_groups()), listener), Cancelled);
  ASSERT_FALSE(phases.empty());
  EXPECT_EQ("DBSCAN: core", phases.back());  // nothing after it ran
}

TEST_F(AppDiscoveryTest, AParameterOutOfRangeIsRefusedByNameBeforeTheFileIsRead) {
  auto r = planar((dir_ / "absent.csv").string());
  r.eps_km = 0;
  try {
    discover_clusters(nullptr, r);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(ErrorKind::kBadInput, e.kind());
    EXPECT_EQ("eps_km", e.where().field);
    EXPECT_EQ("must be a positive number, not 0", std::string(e.what()));
  }
  r = planar((dir_ / "absent.csv").string());
  r.metric = "manhattan";
  r.suggest_k = 3;
  try {
    suggest_eps(r);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ("metric", e.where().field);
  }
}

TEST_F(AppDiscoveryTest, TheEpsSuggestionNamesItsQuantiles) {
  auto r = planar(two_groups());
  r.suggest_k = 2;
  const auto s = suggest_eps(r);
  EXPECT_EQ(6u, s.points);
  EXPECT_EQ(5u, s.quantiles.size());
  EXPECT_EQ("p10", s.quantiles.front().first);
  EXPECT_EQ("", s.document()["unit"].get<std::string>());
}

TEST_F(AppDiscoveryTest, SpatialWeightsAreRefusedAsTheParameterWeights) {
  try {
    parse_weights("knn:x");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(ErrorKind::kUsage, e.kind());
    EXPECT_EQ("weights", e.where().field);
  }
  EXPECT_EQ(WeightsSpec::kContiguity, parse_weights("rook:areas.geojson").kind);
}

TEST_F(AppDiscoveryTest, SpatialStatisticsStopWhenTheListenerSaysSo) {
  SpatialRequest r;
  r.values = write("values.csv", "id,x,y,v\na,0,0,1\nb,1,0,2\nc,0,1,3\nd,1,1,4\ne,2,2,9\n");
  r.weights = "knn:2";
  r.permutations = 99;
  const auto s = spatial_statistics(r);
  EXPECT_EQ(5u, s.global.n);
  EXPECT_EQ("v", s.document()["global"]["variable"].get<std::string>());
  Listener stop;
  stop.progress = [](std::string_view phase, double) { return phase != "Moran's I"; };
  EXPECT_THROW(spatial_statistics(r, stop), Cancelled);
  r.fdr = 1;
  try {
    spatial_statistics(r);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ("fdr", e.where().field);
  }
}

TEST_F(AppDiscoveryTest, SpecialisationWantsAFileOrTheStatisticsNotBoth) {
  SpecialisationRequest r;
  EXPECT_THROW(specialise(nullptr, r), Error);
  r.employment = write("e.csv",
                       "region,category,employment,establishments\n"
                       "A,x,10,1\nA,y,30,3\nB,x,30,3\nB,y,10,1\n");
  const auto s = specialise(nullptr, r);
  ASSERT_EQ(4u, s.rows.size());
  EXPECT_DOUBLE_EQ(0.5, s.rows[0].lq);  // (10/40) / (40/80)
  EXPECT_EQ(4u, s.document()["rows"].size());
}

}  // namespace
}  // namespace atlas::app
