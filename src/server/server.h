// `clusteratlas serve`: the HTTP server over the route table (routes.h) — one process, the same
// store and core as the CLI. Workers each open their own store connection (a Store is one
// connection); SIGTERM or SIGINT stops accepting, lets the requests in flight finish, closes
// every store and returns 0. Each request is one JSON line in the access log, without secrets.
#pragma once
#include <cstddef>
#include <string>

namespace atlas::server {

// Limits of a request (docs/api.md says them to clients).
inline constexpr std::size_t kMaxBodyBytes = std::size_t{1} << 20;  // 1 MiB of JSON
// An uploaded file has its own limit (ServeOptions::upload_limit, 256 MiB unless told), on the
// upload routes only; it is streamed to a temporary file, never held in memory (uploads.h).
inline constexpr int kReadTimeoutSeconds = 10;   // to receive a request once it has begun
inline constexpr int kWriteTimeoutSeconds = 10;  // to send a response
inline constexpr int kKeepAliveSeconds = 5;      // an idle connection is closed after this
inline constexpr int kKeepAliveRequests = 100;   // requests on one connection

struct Listen {
  std::string host;
  int port = 0;
  bool loopback = true;
};

// "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:8080": the host must be written out — a port alone
// does not mean every interface. Throws kUsage naming what is wrong.
Listen parse_listen(const std::string& text);

struct ServeOptions {
  Listen listen;
  std::string db_path;
  int threads = 4;
  std::string access_log;  // a file appended to; empty: standard error
  std::size_t upload_limit = std::size_t{256} << 20;
  int job_workers = 1;  // threads of the job runner (jobs.h), besides the HTTP workers
  // The dashboard (web_assets.h): its built files, and the province boundaries its map draws
  // when not the bundled ones, with the credit the page shows under the map.
  std::string web_dir;
  std::string map_file;
  std::string map_credit;
};

// Runs until SIGTERM or SIGINT. Throws atlas::Error when the database cannot be opened (kStore)
// or the address cannot be bound (kUsage).
void serve(const ServeOptions& options);

}  // namespace atlas::server
