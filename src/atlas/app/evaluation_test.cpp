// The evaluation use case without a database or a shell: what a job runner or a route relies on —
// progress and notes through the listener, the document with and without notes, and a broken
// system's problems carried in the error instead of printed.
#include "atlas/app/evaluation.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "atlas/app/evaluation_document.h"

namespace atlas::app {
namespace {

const std::string kSystem = std::string(ATLAS_SOURCE_DIR) + "/data/systems/example.yaml";

class AppEvaluationTest : public ::testing::Test {
 protected:
  // A file in a fresh directory of the test's own.
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

  std::filesystem::path dir_;
};

// The worked example of docs/indicator-systems.md, with a title line above the header as offices
// write one.
constexpr const char* kTitledExample =
    "2024年集群数据\n"
    "unit,name,region_group,revenue,rd_expenditure,energy_per_output\n"
    "A,甲集群,east,600,30,0.2\n"
    "B,乙集群,east,150,9,0.5\n"
    "C,丙集群,west,300,6,0.3\n"
    "D,丁集群,west,,4,0.4\n";

TEST_F(AppEvaluationTest, RunsOnATableWithoutADatabaseAndReportsNotesAndProgress) {
  EvaluationRequest request;
  request.system = kSystem;
  request.data = write("units.csv", kTitledExample);
  request.uncertainty = 40;
  request.sensitivity = 3;
  std::vector<std::string> notes;
  std::map<std::string, std::pair<std::size_t, std::size_t>> last;  // analysis → (done, total)
  EvaluationListener listener;
  listener.note = [&](const std::string& note) { notes.push_back(note); };
  listener.progress = [&](std::string_view analysis, std::size_t done, std::size_t total) {
    last[std::string(analysis)] = {done, total};
  };
  auto e = run_evaluation(nullptr, request, listener);

  ASSERT_EQ(1u, notes.size());
  EXPECT_NE(std::string::npos, notes[0].find("title")) << notes[0];
  EXPECT_EQ(notes, e->data_notes);
  // Every replication is reported, and the analysis ends at its total: 40 replications; the
  // sensitivity's N × (d + 2) = 3 × 5 runs for its three factors.
  EXPECT_EQ((std::pair<std::size_t, std::size_t>{40, 40}), last.at("uncertainty"));
  EXPECT_EQ((std::pair<std::size_t, std::size_t>{15, 15}), last.at("sensitivity"));
  EXPECT_EQ("data", e->population.scope);
  EXPECT_EQ(4u, e->population.units);
}

TEST_F(AppEvaluationTest, TheDocumentCarriesNotesOnlyWhenAskedAndHasThemLast) {
  EvaluationRequest request;
  request.system = kSystem;
  request.data = write("units.csv", kTitledExample);
  auto e = run_evaluation(nullptr, request);
  auto printed = evaluation_document(*e);
  auto stored = evaluation_document(*e, false);
  ASSERT_TRUE(printed.contains("notes"));
  EXPECT_EQ("notes", std::prev(printed.end()).key());
  EXPECT_FALSE(stored.contains("notes"));
  printed.erase("notes");
  EXPECT_EQ(stored, printed);
  // D has no revenue: null in the document, not 0, and no rank change without a database.
  const auto& d = stored["units"][3];
  EXPECT_EQ("D", d["unit"]);
  EXPECT_TRUE(d["raw"]["revenue"].is_null());
  EXPECT_TRUE(d["rank_change"].is_null());
}

TEST_F(AppEvaluationTest, AnEvaluationOfClustersNeedsADatabase) {
  EvaluationRequest request;
  request.system = kSystem;
  request.year = 2024;
  try {
    run_evaluation(nullptr, request);
    FAIL() << "no error";
  } catch (const Error& err) {
    EXPECT_EQ(ErrorKind::kInternal, err.kind());
  }
}

TEST_F(AppEvaluationTest, ABrokenSystemCarriesEachProblemAtItsLine) {
  auto path = write("broken.yaml", "id: broken\nindex:\n  children: [\n");
  EvaluationRequest request;
  request.system = path;
  request.data = write("units.csv", kTitledExample);
  try {
    run_evaluation(nullptr, request);
    FAIL() << "no error";
  } catch (const InvalidSystem& err) {
    EXPECT_EQ(ErrorKind::kBadInput, err.kind());
    ASSERT_EQ(1u, err.problems().size());
    EXPECT_EQ(0u, err.problems()[0].rfind(path + ":4:1: ", 0)) << err.problems()[0];
    EXPECT_EQ("1 problem", std::string(err.what()));
  }
}

}  // namespace
}  // namespace atlas::app
