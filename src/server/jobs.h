// Long work of the API as jobs: an import of a million rows, later an uncertainty analysis or a
// discovery, runs on the runner's own worker thread — never on an HTTP worker — so the request
// that started it returns at once (202 with the job's id) and a client that disconnects does not
// stop it. A job belongs to the account that started it (only it and an administrator read or
// cancel it); it reports progress (done of total, and a phase) as it goes; cancelling is
// cooperative — the work sees it at its next progress report, which throws, so a store
// transaction under way rolls back and nothing is half-written. Finished jobs keep their result
// (or error) in memory for kKeepFinished, at most kMaxFinished of them; a restart loses every
// job, running or finished (docs/api.md says so).
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "atlas/auth/policy.h"
#include "server/api_error.h"

namespace atlas::server {

inline constexpr std::chrono::hours kKeepFinished{24};
inline constexpr std::size_t kMaxFinished = 1000;

enum class JobState { kQueued, kRunning, kSucceeded, kFailed, kCancelled };
const char* job_state_key(JobState s);  // "queued", "running", …

// Thrown by JobProgress::report() once the job was asked to stop.
struct JobCancelled : std::runtime_error {
  JobCancelled() : std::runtime_error("the job was cancelled") {}
};

// A job that fails but has a result worth keeping (an import's problems beside its error).
struct JobFailed : std::runtime_error {
  JobFailed(ApiError e, nlohmann::ordered_json r)
      : std::runtime_error(e.what()), error(std::move(e)), result(std::move(r)) {}
  ApiError error;
  nlohmann::ordered_json result;
};

// What the work of a job sees: where to report progress, and (through it) whether to stop.
class JobProgress {
 public:
  virtual ~JobProgress() = default;
  // Records done of total (total nullopt: not known, e.g. the rows of a CSV) in `phase`; throws
  // JobCancelled when the job has been cancelled.
  virtual void report(std::int64_t done, std::optional<std::int64_t> total,
                      const std::string& phase) = 0;
};

struct JobSpec {
  std::string kind;  // "import"
  std::int64_t owner_account = 0;
  std::string owner_login;
  auth::Resource resource;  // what it touches (a cluster, or programme-wide)
  // The work: returns the result document, or throws (atlas::Error, ApiError, JobFailed) for the
  // job's error. Runs on the runner's thread.
  std::function<nlohmann::ordered_json(JobProgress&)> work;
  // Runs once the job is over, however it ended, or when it is cancelled before it started
  // (e.g. removes the uploaded file).
  std::function<void()> cleanup;
};

// A job as clients read it.
struct JobView {
  std::string id, kind, owner_login;
  std::int64_t owner_account = 0;
  auth::Resource resource;
  JobState state = JobState::kQueued;
  std::int64_t done = 0;
  std::optional<std::int64_t> total;
  std::string phase;
  std::string created_at, started_at, finished_at;
  nlohmann::ordered_json result;  // null until there is one
  nlohmann::ordered_json error;   // null, or {"error": …} as a failed request's body
  std::uint64_t version = 0;      // grows with every change (for events)

  bool finished() const { return state != JobState::kQueued && state != JobState::kRunning; }
  nlohmann::ordered_json document() const;
};

class JobRunner {
 public:
  explicit JobRunner(int workers = 1);
  ~JobRunner();  // stop()
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  // Queues the job; its id (unguessable). Throws ApiError 503 once stopping.
  std::string submit(JobSpec spec);
  std::optional<JobView> find(const std::string& id) const;
  // The account's jobs, newest first.
  std::vector<JobView> of_owner(std::int64_t account) const;
  // Asks the job to stop: a queued one is cancelled at once, a running one at its next progress
  // report; a finished one stays as it is. Its view after; nullopt for an unknown id.
  std::optional<JobView> cancel(const std::string& id);
  // Waits until the job's version passes `seen` or `timeout` passes; its view then.
  std::optional<JobView> wait_change(const std::string& id, std::uint64_t seen,
                                     std::chrono::milliseconds timeout) const;
  // Takes no more jobs, cancels the queued and running ones and waits for the workers (SIGTERM).
  void stop();

 private:
  struct Job;
  class Progress;
  void work_loop();
  void run(Job& job);
  void forget_old();  // under mutex_

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;  // any job changed, or the queue did
  std::map<std::string, std::unique_ptr<Job>> jobs_;
  std::deque<std::string> queue_;
  std::deque<std::string> finished_order_;  // oldest first
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

// The server's runner, for the routes: serve() sets it while it runs; without one (a route table
// used outside a server) job_runner() throws ApiError 503.
void set_job_runner(JobRunner* runner);
JobRunner& job_runner();

}  // namespace atlas::server
