// A private, throwaway PostgreSQL server for tests: scripts/pg-test-server in a new temporary
// directory. Constructing one starts it, or throws atlas::Error with the script's own account of
// what failed; destroying it stops it and removes the directory, and so does the process's exit
// for one still running. Should the process be killed, the script's watcher stops the server.
//
// In GoogleTest, one server per test binary, each test in a database of its own:
//   struct PgEnvironment : ::testing::Environment {
//     void SetUp() override { server = std::make_unique<TestServer>(script); }
//     void TearDown() override { server.reset(); }
//     std::unique_ptr<TestServer> server;
//   };
#pragma once
#include <filesystem>
#include <string>

namespace atlas::store::postgres {

class TestServer {
 public:
  // `script`: the path of scripts/pg-test-server (for tests, ATLAS_SOURCE_DIR "/scripts/…").
  explicit TestServer(const std::filesystem::path& script);
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  // postgresql://atlas@127.0.0.1:PORT/atlas: a role that may log in and create databases (not a
  // superuser, as a deployment's would not be), and a database it owns.
  const std::string& uri() const { return uri_; }
  // The cluster's directory: its logs (server.log) and its Unix socket. Empty once stopped.
  const std::filesystem::path& dir() const { return dir_; }

  // Stops the server (a fast stop: every session is ended) and starts it again at the same
  // URI, for tests of what a client does when its connection is lost. Throws atlas::Error.
  void restart();

  // Stops the server and removes its directory; does nothing the second time. Throws
  // atlas::Error when the script cannot stop it (the directory is kept for its logs).
  void stop();

 private:
  std::filesystem::path script_;
  std::filesystem::path dir_;
  std::string uri_;
};

}  // namespace atlas::store::postgres
