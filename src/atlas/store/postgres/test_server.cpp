// TestServer: scripts/pg-test-server run without a shell, and stopped whatever way the test ends.
#include "atlas/store/postgres/test_server.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <set>
#include <vector>

#include <fmt/format.h>

#include "atlas/core/error.h"

namespace atlas::store::postgres {
namespace {

struct Ran {
  int status;          // the exit status; 128 + the signal when killed, as shells say
  std::string output;  // stdout and stderr together
};

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// Runs `argv` (no shell, so paths need no quoting) and waits for it.
Ran run(const std::vector<std::string>& argv) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0)
    throw Error(ErrorKind::kInternal, fmt::format("pipe: {}", std::strerror(errno)));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int failed = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (failed) {
    close(fds[0]);
    throw Error(ErrorKind::kStore,
                fmt::format("cannot run {}: {}", argv[0], std::strerror(failed)));
  }
  Ran ran{0, ""};
  char buffer[4096];
  for (ssize_t n; (n = read(fds[0], buffer, sizeof buffer)) != 0;) {
    if (n > 0) {
      ran.output.append(buffer, static_cast<size_t>(n));
    } else if (errno != EINTR) {
      break;
    }
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  ran.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return ran;
}

// Servers not yet stopped, stopped at exit: GoogleTest need not destroy a test's environment, and
// a test may end the process with exit(). Never destroyed, so they outlive the exit handler.
std::mutex& live_mutex() {
  static auto* m = new std::mutex;
  return *m;
}
std::set<TestServer*>& live() {
  static auto* servers = new std::set<TestServer*>;
  return *servers;
}

void stop_live_servers() {
  std::set<TestServer*> servers;
  {
    std::lock_guard lock(live_mutex());
    servers = live();
  }
  for (auto* s : servers) {
    try {
      s->stop();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s\n", e.what());
    }
  }
}

void remember(TestServer* s) {
  static const bool registered = (std::atexit(stop_live_servers), true);
  (void)registered;
  std::lock_guard lock(live_mutex());
  live().insert(s);
}

void forget(TestServer* s) {
  std::lock_guard lock(live_mutex());
  live().erase(s);
}

}  // namespace

TestServer::TestServer(const std::filesystem::path& script) : script_(script) {
  // A short path of its own at the top of the temporary directory: the socket's path must fit in
  // 108 bytes, and as root the server runs as `postgres`, which must be able to reach it.
  std::string dir = (std::filesystem::temp_directory_path() / "atlas-pg-XXXXXX").string();
  if (!mkdtemp(dir.data()))
    throw Error(ErrorKind::kStore, fmt::format("cannot create {} for a test PostgreSQL server: {}",
                                               dir, std::strerror(errno)));
  dir_ = dir;
  try {
    // Our pid: the script's watcher stops the server should this process be killed.
    const Ran started = run({script_.string(), "start", dir, std::to_string(getpid())});
    std::ifstream uri_file(dir_ / "uri");
    if (started.status != 0 || !std::getline(uri_file, uri_)) {
      run({script_.string(), "stop", dir});  // safe after a start that failed half-way
      throw Error(ErrorKind::kStore, fmt::format("{} start failed (exit {}): {}", script_.string(),
                                                 started.status, trimmed(started.output)));
    }
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
    throw;
  }
  remember(this);
}

TestServer::~TestServer() {
  try {
    stop();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
  }
}

void TestServer::restart() {
  if (dir_.empty()) throw Error(ErrorKind::kStore, "the test PostgreSQL server was stopped");
  const Ran restarted = run({script_.string(), "restart", dir_.string()});
  if (restarted.status != 0)
    throw Error(ErrorKind::kStore,
                fmt::format("{} restart {} failed (exit {}): {}", script_.string(), dir_.string(),
                            restarted.status, trimmed(restarted.output)));
}

void TestServer::stop() {
  if (dir_.empty()) return;
  const Ran stopped = run({script_.string(), "stop", dir_.string()});
  if (stopped.status != 0)
    throw Error(ErrorKind::kStore,
                fmt::format("{} stop {} failed (exit {}): {}", script_.string(), dir_.string(),
                            stopped.status, trimmed(stopped.output)));
  forget(this);
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
  dir_.clear();
}

}  // namespace atlas::store::postgres
