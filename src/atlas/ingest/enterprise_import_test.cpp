#include "atlas/ingest/enterprise_import.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include "atlas/core/error.h"
#include "atlas/store/backend_test_support.h"

namespace atlas::ingest {
namespace {

const char* const kHuawei = "914403001922038216";  // check characters verified in the CLI tests
const char* const kOther = "91110000100000000R";
using store::test_support::credit_code_for;

// Imports through a real store of each backend, two clusters in two zones; the files in a
// temporary directory.
class EnterpriseImportTest : public store::test_support::BackendTest {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("atlas_enterprise_import_test_" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store_ = db_.open();
    store_->load_reference(store::test_support::hubei_integrated_circuits(), actor_);
    a_ = add_cluster("集群甲", "甲高新区");
    b_ = add_cluster("集群乙", "乙高新区");
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::int64_t add_cluster(const std::string& name, const std::string& zone_name) {
    auto zone =
        store_->add_zone({0, zone_name, "national", "420000", "武汉市", 30.5, 114.4}, actor_);
    domain::Cluster c;
    c.name = name;
    c.zone_id = zone;
    c.industry_code = "3973";
    return store_->add_cluster(c, {domain::ClusterStatus::kPilot, "2013-06-24", "", "", "", ""},
                               actor_);
  }

  std::string write(const std::string& name, const std::string& text) {
    auto path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  store::Actor actor_{"tester", "2026-01-01T00:00:00Z"};
  std::int64_t a_ = 0, b_ = 0;
};
ATLAS_ON_BOTH_BACKENDS(EnterpriseImportTest);

// Line 3 repeats line 2's firm, and cluster 乙 already holds that firm for 2023: lines 2 and 3
// are refused, line 3 for two reasons but once: 3 rows read, 1 imported, 2 rejected, 3 errors —
// reported as 2 problems, the firm held by 乙 once for both rows — and the rejects file holds its
// header and two rows.
TEST_P(EnterpriseImportTest, ARowWithTwoConflictsIsRejectedOnce) {
  ImportOptions first;
  first.path = write("b.csv", std::string("统一社会信用代码,企业名称,集群名称\n") + kHuawei +
                                  ",华为技术有限公司,集群乙\n");
  first.year = 2023;
  auto held = import_enterprises(*store_, first, actor_);
  ASSERT_EQ(held.errors, 0);
  ASSERT_EQ(held.revision.rows_imported, 1);

  ImportOptions options;
  options.path = write("a.csv", std::string("统一社会信用代码,企业名称,集群名称\n") + kHuawei +
                                    ",华为技术有限公司,集群甲\n" + kHuawei +
                                    ",华为第二行,集群甲\n" + kOther + ",某某有限公司,集群甲\n");
  options.year = 2023;
  options.rejects_path = (dir_ / "rejects.csv").string();
  auto report = import_enterprises(*store_, options, actor_);

  EXPECT_EQ(report.revision.rows_read, 3);
  EXPECT_EQ(report.revision.rows_imported, 1);
  EXPECT_EQ(report.revision.rows_rejected, 2);
  EXPECT_EQ(report.errors, 3);
  ASSERT_EQ(report.problems.size(), 2u);
  using Rows = std::vector<std::pair<std::int64_t, std::int64_t>>;
  EXPECT_EQ(report.problems[0].rows, (Rows{{2, 3}}));
  EXPECT_EQ(report.problems[0].count, 2);
  EXPECT_NE(report.problems[0].message.find("already belongs to 集群乙"), std::string::npos);
  EXPECT_EQ(report.problems[1].rows, (Rows{{3, 3}}));
  EXPECT_NE(report.problems[1].message.find("appears twice"), std::string::npos);

  std::ifstream rejects(options.rejects_path, std::ios::binary);
  std::vector<std::string> lines;
  for (std::string line; std::getline(rejects, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 3u);  // header, line 2, line 3
  EXPECT_NE(lines[1].find("华为技术有限公司"), std::string::npos);
  EXPECT_NE(lines[1].find(",2,"), std::string::npos);
  EXPECT_NE(lines[2].find("华为第二行"), std::string::npos);
  EXPECT_NE(lines[2].find(",3,"), std::string::npos);
  EXPECT_NE(lines[2].find("appears twice"), std::string::npos);
  EXPECT_NE(lines[2].find("already belongs to 集群乙"), std::string::npos);

  auto huawei = store_->enterprise_years(kHuawei);  // still held by 乙
  ASSERT_EQ(huawei.size(), 1u);
  EXPECT_EQ(huawei[0].cluster_id, b_);
  auto other = store_->enterprise_years(kOther);
  ASSERT_EQ(other.size(), 1u);
  EXPECT_EQ(other[0].cluster_id, a_);
}

// The file is read ahead on a second thread in batches of rows: 5,000 rows (several batches,
// more than are in flight at once) all arrive, each with its own values.
TEST_P(EnterpriseImportTest, ManyRowsArriveInOrderWithTheirValues) {
  std::string text = "统一社会信用代码,企业名称,集群名称,营业收入(万元)\n";
  for (int i = 0; i < 5000; ++i) {
    text +=
        credit_code_for(i) + ",企业" + std::to_string(i) + ",集群甲," + std::to_string(i) + "\n";
  }
  ImportOptions options;
  options.path = write("many.csv", text);
  options.year = 2023;
  auto report = import_enterprises(*store_, options, actor_);
  ASSERT_EQ(report.errors, 0);
  EXPECT_EQ(report.revision.rows_read, 5000);
  EXPECT_EQ(report.revision.rows_imported, 5000);
  for (int i : {0, 1023, 1024, 4095, 4096, 4999}) {
    auto rows = store_->enterprise_years(credit_code_for(i));
    ASSERT_EQ(rows.size(), 1u) << i;
    EXPECT_EQ(rows[0].revenue, i * 1e4) << i;  // 万元 → 元
    EXPECT_EQ(store_->enterprise(credit_code_for(i))->name, "企业" + std::to_string(i));
  }
}

// A broken line far into the file (past the rows read ahead) fails the import with that line,
// and nothing of the rows before it is kept.
TEST_P(EnterpriseImportTest, ABrokenLineFarIntoTheFileNamesItsLineAndKeepsNothing) {
  std::string text = "统一社会信用代码,企业名称,集群名称\n";
  for (int i = 0; i < 4000; ++i) {
    text += credit_code_for(i) + (i == 2998 ? ",企业\"x,集群甲\n" : ",企业,集群甲\n");
  }
  ImportOptions options;
  options.path = write("broken.csv", text);
  options.year = 2023;
  try {
    import_enterprises(*store_, options, actor_);
    FAIL() << "the import should fail";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
    EXPECT_EQ(e.where().row, 3000);  // the header is line 1
  }
  EXPECT_TRUE(store_->enterprise_years(credit_code_for(0)).empty());
  EXPECT_FALSE(store_->enterprise(credit_code_for(0)).has_value());
}

// A later year's file renames an enterprise already stored and adds a new one: the stored one
// takes the file's name and keeps its place where the file gives none; one the file does not
// name is left alone. (A first year's file, of new enterprises only, is the first import.)
TEST_P(EnterpriseImportTest, ALaterFileRenamesStoredEnterprisesAndAddsNewOnes) {
  ImportOptions first;
  first.path = write("2023.csv", std::string("统一社会信用代码,企业名称,集群名称,纬度,经度\n") +
                                     kHuawei + ",华为技术有限公司,集群甲,30.5,114.4\n" + kOther +
                                     ",某某有限公司,集群乙,31.0,115.0\n");
  first.year = 2023;
  ASSERT_EQ(import_enterprises(*store_, first, actor_).revision.rows_imported, 2);

  ImportOptions second;
  second.path = write("2024.csv", std::string("统一社会信用代码,企业名称,集群名称\n") + kHuawei +
                                      ",华为技术有限公司（新名）,集群甲\n" + credit_code_for(7) +
                                      ",新企业,集群甲\n");
  second.year = 2024;
  ASSERT_EQ(import_enterprises(*store_, second, actor_).revision.rows_imported, 2);

  auto renamed = store_->enterprise(kHuawei);
  ASSERT_TRUE(renamed.has_value());
  EXPECT_EQ(renamed->name, "华为技术有限公司（新名）");
  EXPECT_EQ(renamed->lat, 30.5);
  EXPECT_EQ(renamed->lon, 114.4);
  EXPECT_EQ(store_->enterprise(kOther)->name, "某某有限公司");
  ASSERT_TRUE(store_->enterprise(credit_code_for(7)).has_value());
  EXPECT_EQ(store_->enterprise(credit_code_for(7))->name, "新企业");
  EXPECT_EQ(store_->enterprise_years(kHuawei).size(), 2u);
}

// SQLite's import checks foreign keys once for the file instead of once a row; SQLite's own
// check, run afterwards on another connection, finds every reference in place. PostgreSQL
// checks each row as COPY writes it; the join finds every reference on both.
TEST_P(EnterpriseImportTest, ImportedRowsKeepEveryReference) {
  ImportOptions options;
  options.path =
      write("a.csv", std::string("统一社会信用代码,企业名称,集群名称\n") + kHuawei +
                         ",华为技术有限公司,集群甲\n" + kOther + ",某某有限公司,集群乙\n");
  options.year = 2023;
  auto report = import_enterprises(*store_, options, actor_);
  ASSERT_EQ(report.revision.rows_imported, 2);
  if (GetParam() == store::test_support::Backend::kSqlite) {
    SQLite::Database db(db_.where(), SQLite::OPEN_READONLY);
    SQLite::Statement check(db, "PRAGMA foreign_key_check");
    EXPECT_FALSE(check.executeStep());
  }
  auto raw = db_.connect();
  auto joined = raw->statement(
      "SELECT count(*) FROM enterprise_year y JOIN enterprise e USING (credit_code) JOIN cluster c "
      "ON c.id = y.cluster_id JOIN import_revision r ON r.id = y.revision_id");
  ASSERT_TRUE(joined->executeStep());
  EXPECT_EQ(joined->getColumn(0).getInt64(), 2);
}

}  // namespace
}  // namespace atlas::ingest
