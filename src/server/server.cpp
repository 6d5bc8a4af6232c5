#include "server/server.h"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <httplib.h>

#include "atlas/auth/secrets.h"
#include "atlas/core/date.h"
#include "atlas/core/error.h"
#include "atlas/store/open_store.h"
#include "atlas/store/sqlite/sqlite_store.h"
#include "server/access_log.h"
#include "server/api_error.h"
#include "server/connection.h"
#include "server/jobs.h"
#include "server/router.h"
#include "server/uploads.h"
#include "server/web_assets.h"

namespace atlas::server {
namespace {

using Clock = std::chrono::steady_clock;

// What the access log needs of the request a worker is serving; set by the handlers, read and
// reset by the logger, which httplib calls on the same thread once the response is written.
struct InFlight {
  std::string request_id;
  std::string account;
  std::optional<Clock::time_point> started;
};
thread_local InFlight in_flight;

// Each worker's own connection, opened on its first request and closed when the worker ends
// (when the server stops, after its last request).
thread_local std::unique_ptr<store::Store> worker_store;

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

// A request's id: 12 random bytes in base64url (16 characters), as auth::random_secret(12) — cut
// from a worker's pool of 64 such ids drawn at once: one getrandom() per request was one of a
// cached read's handful of system calls. 12 bytes are 16 characters exactly, so each slice of
// the pool's encoding is one id's.
std::string request_id() {
  constexpr std::size_t kIdChars = 16, kIds = 64;
  thread_local std::string pool;
  thread_local std::size_t used = 0;
  if (used == pool.size()) {
    pool = auth::random_secret(12 * kIds);
    used = 0;
  }
  used += kIdChars;
  return pool.substr(used - kIdChars, kIdChars);
}

}  // namespace

Listen parse_listen(const std::string& text) {
  std::string host;
  std::string port_text;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find("]:");
    if (close == std::string::npos)
      throw Error(ErrorKind::kUsage, "--listen: '" + text + "' is not [ADDRESS]:PORT");
    host = text.substr(1, close - 1);
    port_text = text.substr(close + 2);
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) {
      throw Error(ErrorKind::kUsage,
                  "--listen: give the address and the port, e.g. 127.0.0.1:8080 (this machine "
                  "only) or 0.0.0.0:8080 (every interface, behind a TLS proxy) — not '" +
                      text + "'");
    }
    host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
  }
  int port = -1;
  if (!port_text.empty() && port_text.size() <= 5 &&
      port_text.find_first_not_of("0123456789") == std::string::npos) {
    port = std::stoi(port_text);
  }
  if (host.empty() || port < 0 || port > 65535) {
    throw Error(ErrorKind::kUsage, "--listen: '" + text + "' is not ADDRESS:PORT (port 0–65535)");
  }
  return {host, port, is_loopback(host)};
}

void serve(const ServeOptions& options) {
  const std::string& where = options.db_path;
  if (!store::is_server_database(where) && !std::filesystem::exists(where)) {
    throw Error(
        ErrorKind::kNotFound,
        "no database at " + where + ": create one with `clusteratlas --db " + where + " init`");
  }
  // Migrate once, here, before any worker opens its connection.
  store::open_store(where)->schema_version();

  app::Database db{[where]() -> store::Store& {
                     // A worker whose PostgreSQL connection was lost connects again.
                     if (!worker_store || worker_store->lost()) {
                       worker_store = store::open_store(where, store::kWorkerCacheKib);
                     }
                     return *worker_store;
                   },
                   store::shown_database(where)};
  const RouteTable table = api_routes();
  // Read before listening, so a bad --map stops the server before anyone is answered.
  set_web_assets(std::make_shared<const WebAssets>(
      WebAssets::load(options.web_dir, options.map_file, options.map_credit)));
  struct UnsetAssets {
    ~UnsetAssets() { set_web_assets(nullptr); }
  } unset_assets;
  std::unique_ptr<JobRunner> jobs;  // made once the stop signals are blocked (below)
  struct Unset {
    ~Unset() { set_job_runner(nullptr); }
  } unset_runner;
  ResponseCache documents;
  TokenCache tokens;
  const Kept kept{&documents, &tokens};
  const bool secure_cookies = !options.listen.loopback;
  AccessLog access_log(options.access_log);

  HttpServer http;  // httplib's, each response sent in one write (connection.h)
  const int threads = std::max(1, options.threads);
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // httplib has one limit for every body; the upload routes need the larger one, so it is
  // httplib's, and every other body is read against the JSON limit (handle_with_body below).
  const std::size_t upload_limit = std::max(options.upload_limit, kMaxBodyBytes);
  http.set_payload_max_length(upload_limit);
  http.set_read_timeout(kReadTimeoutSeconds);
  http.set_write_timeout(kWriteTimeoutSeconds);
  http.set_keep_alive_timeout(kKeepAliveSeconds);
  http.set_keep_alive_max_count(kKeepAliveRequests);
  // httplib sends the headers and the body in two writes: with Nagle's algorithm the body waits
  // for the client's delayed ACK (40 ms on Linux) — every keep-alive request took 44 ms.
  http.set_tcp_nodelay(true);

  http.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    in_flight.request_id = request_id();
    in_flight.started = Clock::now();
    res.set_header("X-Request-Id", in_flight.request_id);
    // GET, HEAD and OPTIONS take no body: one larger than a JSON body is refused unread (the
    // body methods read theirs against their own limit).
    bool body_method = req.method == "POST" || req.method == "PUT" || req.method == "PATCH" ||
                       req.method == "DELETE";
    if (!body_method && req.has_header("Content-Length") &&
        std::strtoull(req.get_header_value("Content-Length").c_str(), nullptr, 10) >
            kMaxBodyBytes) {
      res.status = 413;
      res.set_header("Connection", "close");
      res.set_content(error_body(from_status(413)).dump(), "application/json; charset=utf-8");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  auto answer = [](Dispatched out, httplib::Response& res) {
    in_flight.account = out.account;
    res.status = out.reply.status;
    for (const auto& [name, value] : out.reply.headers) res.set_header(name, value);
    // The dashboard's files say how long they keep; every API answer is not kept.
    if (!res.has_header("Cache-Control")) res.set_header("Cache-Control", "no-store");
    if (!out.reply.download_type.empty()) {
      res.set_content(std::move(out.reply.download), out.reply.download_type);
    } else {
      res.set_content(*out.body, "application/json; charset=utf-8");
    }
  };
  auto handle = [&](const httplib::Request& req, httplib::Response& res) {
    answer(dispatch(table, req, db, secure_cookies, nullptr, kept), res);
  };
  // A request with a body comes here before the body is read: an upload route reads it itself,
  // after the policy check, into a temporary file; any other gets it in memory up to the JSON
  // limit (past it, the rest is read and dropped, and the answer is 413).
  auto handle_with_body = [&](const httplib::Request& req, httplib::Response& res,
                              const httplib::ContentReader& reader) {
    auto found = table.find(req.method, req.path);
    UploadSource source{reader, upload_limit};
    if (found.route && found.route->takes_upload()) {
      auto out = dispatch(table, req, db, secure_cookies, &source, kept);
      // A body the handler did not read (refused before it) is read and dropped, so that the
      // connection stays in step for its next request.
      drain(source);
      answer(out, res);
      return;
    }
    httplib::Request with_body = req;
    bool too_large = false;
    source.consumed = true;
    bool complete = reader([&](const char* data, std::size_t n) {
      if (too_large || with_body.body.size() + n > kMaxBodyBytes) {
        too_large = true;
        with_body.body.clear();
        return true;  // dropped
      }
      with_body.body.append(data, n);
      return true;
    });
    if (too_large || !complete) {
      // httplib refuses a declared length over its (upload) limit itself, with 413.
      ApiError e = from_status(too_large || res.status == 413 ? 413 : 400);
      res.status = e.status();
      res.set_header("Cache-Control", "no-store");
      res.set_content(error_body(e).dump(), "application/json; charset=utf-8");
      return;
    }
    handle(with_body, res);
  };
  // A request without a body (no Content-Length, or 0) comes here; an upload route then reads
  // an empty body (and refuses it).
  auto handle_without_body = [&](const httplib::Request& req, httplib::Response& res) {
    httplib::ContentReader nothing(
        [](httplib::ContentReceiver) { return true; },
        [](httplib::MultipartContentHeader, httplib::ContentReceiver) { return true; });
    handle_with_body(req, res, nothing);
  };
  // GET and OPTIONS take no body; one over the JSON limit is refused unread (pre-routing).
  const char* kAll = ".*";
  http.Get(kAll, handle);
  http.Options(kAll, handle);
  http.Post(kAll, handle_with_body);
  http.Put(kAll, handle_with_body);
  http.Patch(kAll, handle_with_body);
  http.Delete(kAll, handle_with_body);
  http.Post(kAll, handle_without_body);
  http.Put(kAll, handle_without_body);
  http.Patch(kAll, handle_without_body);
  http.Delete(kAll, handle_without_body);
  // httplib's own refusals (malformed request, 413, 414 …) get the same JSON error shape.
  using WithResponse = httplib::Server::HandlerWithResponse;
  http.set_error_handler(WithResponse([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    res.set_content(error_body(from_status(res.status)).dump(), "application/json; charset=utf-8");
    return httplib::Server::HandlerResponse::Handled;
  }));
  http.set_logger([&access_log](const httplib::Request& req, const httplib::Response& res) {
    double ms =
        in_flight.started
            ? std::chrono::duration<double, std::milli>(Clock::now() - *in_flight.started).count()
            : 0.0;
    // The path only: the query string, headers and bodies may carry secrets and never go here.
    if (in_flight.request_id.empty()) in_flight.request_id = request_id();  // httplib's refusals
    const std::string now = date::now_utc();
    access_log.write(access_line({now, in_flight.request_id, in_flight.account, req.method,
                                  req.path, res.status, std::round(ms * 10) / 10}));
    in_flight = {};
  });

  // SIGTERM and SIGINT are taken by one thread, which stops the server; blocked before httplib
  // starts its workers, so none of them is interrupted by the signal.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  // Long work runs on the runner's own threads, each with its own store connection (the
  // thread-local one above), which inherit the blocked signals; set for the routes while the
  // server runs.
  jobs = std::make_unique<JobRunner>(options.job_workers);
  set_job_runner(jobs.get());
  std::atomic<bool> listening_done{false};
  std::thread watcher([&] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    if (!listening_done) {
      std::cerr << fmt::format(
          "clusteratlas serve: {} received, finishing the requests in "
          "flight\n",
          signal == SIGTERM ? "SIGTERM" : "SIGINT");
    }
    http.stop();
  });

  int port = options.listen.port;
  bool bound = port == 0 ? (port = http.bind_to_any_port(options.listen.host)) > 0
                         : http.bind_to_port(options.listen.host, port);
  if (bound) {
    const std::string& host = options.listen.host;
    std::cerr << fmt::format(
                     "clusteratlas serve: listening on http://{}:{}/ with {} threads, "
                     "database {}\n",
                     host.find(':') != std::string::npos ? "[" + host + "]" : host, port, threads,
                     db.path)
              << std::flush;
    if (!options.listen.loopback) {
      std::cerr << "clusteratlas serve: not loopback — session cookies are Secure: serve it "
                   "behind a TLS proxy\n";
    }
    http.listen_after_bind();  // returns once stopped, after the workers finished
  }
  // Jobs still queued or running are cancelled: an import rolls back at its next progress
  // report, so nothing is half-written; the runner's threads close their connections.
  jobs->stop();
  access_log.finish();  // the workers have logged their last requests
  listening_done = true;
  pthread_kill(watcher.native_handle(), SIGTERM);
  watcher.join();
  if (!bound) {
    throw Error(ErrorKind::kUsage, fmt::format("cannot listen on {}:{} (in use, or not an "
                                               "address of this machine)",
                                               options.listen.host, options.listen.port));
  }
  std::cerr << "clusteratlas serve: stopped\n";
}

}  // namespace atlas::server
