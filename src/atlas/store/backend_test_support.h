// One store test suite, two backends: a fixture parameterised by Backend runs each test on a new
// SQLite file and on a new PostgreSQL database of a private server the test binary starts once
// (postgres/test_server.h). Suites instantiate with ATLAS_ON_BOTH_BACKENDS(Fixture); their tests
// are named …/sqlite and …/postgres, and ctest runs every …/postgres test in the one entry
// store.postgres, so that the server starts once (CMakeLists.txt).
#pragma once
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "atlas/store/open_store.h"
#include "atlas/store/postgres/pg_connection.h"
#include "atlas/store/postgres/test_server.h"

namespace atlas::store::test_support {

enum class Backend { kSqlite, kPostgres };

inline std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "sqlite" : "postgres";
}

// The binary's one PostgreSQL server, started when a test first needs it, stopped after the last.
class PgServer : public ::testing::Environment {
 public:
  static postgres::TestServer& get() {
    if (!server_)
      server_ = std::make_unique<postgres::TestServer>(ATLAS_SOURCE_DIR "/scripts/pg-test-server");
    return *server_;
  }
  // A URI of the same server naming another database.
  static std::string uri_of(const std::string& database) {
    const std::string& admin = get().uri();
    return admin.substr(0, admin.rfind('/') + 1) + database;
  }
  void TearDown() override { server_.reset(); }

 private:
  static inline std::unique_ptr<postgres::TestServer> server_;
};
inline const auto* const kPgServerEnvironment = ::testing::AddGlobalTestEnvironment(new PgServer);

// A new, empty database of one backend for one test, removed with it. Every store opened on it
// migrates it as a user's would: the first brings it to the newest schema.
class TestDatabase {
 public:
  explicit TestDatabase(Backend backend) : backend_(backend) {
    static int made = 0;
    const std::string name = fmt::format("atlas_test_{}_{}", getpid(), ++made);
    if (backend == Backend::kSqlite) {
      where_ = (std::filesystem::temp_directory_path() / (name + ".db")).string();
      remove_files();
    } else {
      postgres::PgConnection(PgServer::get().uri()).exec("CREATE DATABASE " + name);
      database_ = name;
      where_ = PgServer::uri_of(name);
    }
  }
  ~TestDatabase() {
    if (backend_ == Backend::kSqlite) {
      remove_files();
    } else {
      try {
        postgres::PgConnection(PgServer::get().uri())
            .exec("DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
      } catch (...) {  // the server's own end removes it
      }
    }
  }
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  Backend backend() const { return backend_; }
  // The path or URI --db takes.
  const std::string& where() const { return where_; }
  // A new store on the database: another connection, as another process or worker has.
  std::unique_ptr<Store> open() const { return open_store(where_); }
  // A connection past the store, for what a test checks in the database itself.
  std::shared_ptr<sql::Connection> connect() const { return connect_database(where_); }

 private:
  void remove_files() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(where_ + suffix);
  }

  Backend backend_;
  std::string where_;
  std::string database_;
};

// Reference data for a small registry: 湖北, and the industry 3973 (integrated circuits) with its
// division and section.
inline domain::ReferenceData hubei_integrated_circuits() {
  domain::ReferenceData ref;
  ref.provinces = {{"420000", "湖北省", "湖北", "Hubei", domain::Region::kCentral}};
  ref.industries = {{"C", "section", "", "制造业", "Manufacturing", ""},
                    {"39", "division", "C", "电子设备制造业", "Electronics", "next_gen_it"},
                    {"3973", "class", "39", "集成电路制造", "Integrated circuits", "next_gen_it"}};
  return ref;
}

// A fixture whose store is a new database of the test's backend.
class BackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  TestDatabase db_{GetParam()};
};

// A GB 32100-2015 credit code for n, its check character computed here from the standard's
// weights (3^i mod 31) rather than by the code under test.
inline std::string credit_code_for(int n) {
  static const std::string kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  std::string body = "91420100";
  for (int i = 0; i < 9; ++i, n /= 31) body += kAlphabet[n % 31];
  int sum = 0, weight = 1;
  for (char c : body) {
    sum += static_cast<int>(kAlphabet.find(c)) * weight;
    weight = weight * 3 % 31;
  }
  return body + kAlphabet[(31 - sum % 31) % 31];
}

}  // namespace atlas::store::test_support

#define ATLAS_ON_BOTH_BACKENDS(Fixture)                                                         \
  INSTANTIATE_TEST_SUITE_P(Backends, Fixture,                                                   \
                           ::testing::Values(::atlas::store::test_support::Backend::kSqlite,    \
                                             ::atlas::store::test_support::Backend::kPostgres), \
                           ::atlas::store::test_support::backend_name)
