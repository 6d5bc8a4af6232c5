// The server's access log: one line per request, appended to a file or written to standard
// error. A line is kept in memory and written with the others by a thread of the log's own at
// most kFlushEvery later (sooner once kWakeBytes are kept), so a request costs no write() of its
// own — under load that write was one of a cached read's handful of system calls. finish() (and
// the destructor) writes every line kept: serve() calls it once the workers have finished their
// last requests, so a SIGTERM loses no line; a SIGKILL loses at most the last kFlushEvery's.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <fstream>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace atlas::server {

// One request as its line says it; `account` empty: the public (null).
struct AccessEntry {
  std::string_view time, request_id, account, method, path;
  int status = 0;
  double duration_ms = 0;
};

// The entry as one JSON object, keys in this order: time, request_id, account, method, path,
// status, duration_ms — the bytes nlohmann::ordered_json's dump() writes (invalid UTF-8
// replaced), without building the object: a request's line is written on every request.
std::string access_line(const AccessEntry& e);

class AccessLog {
 public:
  static constexpr std::chrono::milliseconds kFlushEvery{100};
  static constexpr std::size_t kWakeBytes = 256 * 1024;
  // A writer waits while this much is kept (a stalled disk must not grow the server without end).
  static constexpr std::size_t kMostKeptBytes = 16 * 1024 * 1024;

  // `path` empty: standard error. Throws atlas::Error (kBadInput) when the file cannot be opened
  // for appending.
  explicit AccessLog(const std::string& path);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  // Keeps `line` (without its newline) to be written; lines are written in the order kept.
  void write(std::string_view line);
  // Writes every line kept and stops the writing thread; later lines are written at once.
  void finish();

 private:
  void run();
  void write_out(const std::string& text);

  std::ofstream file_;
  std::mutex mutex_;
  std::condition_variable wake_;  // the writer: time to write
  std::condition_variable room_;  // the workers: what was kept is written
  std::string kept_;
  bool finishing_ = false;    // finish() was called
  bool written_all_ = false;  // the writer took its last lines: later ones are written at once
  std::mutex out_mutex_;      // one write at a time, in order
  std::thread writer_;
};

}  // namespace atlas::server
