#include "server/jobs.h"

#include <algorithm>
#include <atomic>

#include "atlas/auth/secrets.h"
#include "atlas/core/date.h"
#include "atlas/core/error.h"

namespace atlas::server {

using Json = nlohmann::ordered_json;

namespace {
std::atomic<JobRunner*> the_runner{nullptr};
}  // namespace

void set_job_runner(JobRunner* runner) {
  the_runner = runner;
}

JobRunner& job_runner() {
  JobRunner* r = the_runner;
  if (!r) {
    throw ApiError(503, "no-job-runner", "任务服务不可用", "jobs are not available here");
  }
  return *r;
}

struct JobRunner::Job {
  JobView view;
  JobSpec spec;
  bool cancel_requested = false;
  std::chrono::steady_clock::time_point finished_at;
};

// Reports of the running job go into its view under the runner's lock; each is also where a
// cancellation is seen.
class JobRunner::Progress final : public JobProgress {
 public:
  Progress(JobRunner& runner, Job& job) : runner_(runner), job_(job) {}
  void report(std::int64_t done, std::optional<std::int64_t> total,
              const std::string& phase) override {
    std::lock_guard lock(runner_.mutex_);
    if (job_.cancel_requested) throw JobCancelled();
    job_.view.done = done;
    job_.view.total = total;
    job_.view.phase = phase;
    ++job_.view.version;
    runner_.changed_.notify_all();
  }

 private:
  JobRunner& runner_;
  Job& job_;
};

const char* job_state_key(JobState s) {
  switch (s) {
    case JobState::kQueued: return "queued";
    case JobState::kRunning: return "running";
    case JobState::kSucceeded: return "succeeded";
    case JobState::kFailed: return "failed";
    case JobState::kCancelled: return "cancelled";
  }
  return "unknown";
}

Json JobView::document() const {
  auto or_null = [](const std::string& s) { return s.empty() ? Json() : Json(s); };
  return {
      {"id", id},
      {"kind", kind},
      {"state", job_state_key(state)},
      {"owner", owner_login},
      {"progress", {{"done", done}, {"total", total ? Json(*total) : Json()}, {"phase", phase}}},
      {"created_at", created_at},
      {"started_at", or_null(started_at)},
      {"finished_at", or_null(finished_at)},
      {"result", result},
      {"error", error.is_null() ? Json() : error["error"]}};
}

JobRunner::JobRunner(int workers) {
  for (int i = 0; i < std::max(1, workers); ++i) workers_.emplace_back([this] { work_loop(); });
}

JobRunner::~JobRunner() {
  stop();
}

std::string JobRunner::submit(JobSpec spec) {
  auto job = std::make_unique<Job>();
  job->view.id = "job_" + auth::random_secret(12);
  job->view.kind = spec.kind;
  job->view.owner_account = spec.owner_account;
  job->view.owner_login = spec.owner_login;
  job->view.resource = spec.resource;
  job->view.phase = "queued";
  job->view.created_at = date::now_utc();
  job->spec = std::move(spec);
  std::string id = job->view.id;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      throw ApiError(503, "shutting-down", "服务器正在停止，不再接受任务",
                     "the server is stopping and takes no new jobs");
    }
    forget_old();
    jobs_.emplace(id, std::move(job));
    queue_.push_back(id);
  }
  changed_.notify_all();
  return id;
}

std::optional<JobView> JobRunner::find(const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  return it->second->view;
}

std::vector<JobView> JobRunner::of_owner(std::int64_t account) const {
  std::lock_guard lock(mutex_);
  std::vector<JobView> out;
  for (const auto& [id, job] : jobs_) {
    if (job->view.owner_account == account) out.push_back(job->view);
  }
  // Newest first: created_at is to the second, so the id breaks no ties; keep insertion stable.
  std::stable_sort(out.begin(), out.end(),
                   [](const JobView& a, const JobView& b) { return a.created_at > b.created_at; });
  return out;
}

std::optional<JobView> JobRunner::cancel(const std::string& id) {
  std::function<void()> cleanup;
  std::optional<JobView> view;
  {
    std::lock_guard lock(mutex_);
    auto it = jobs_.find(id);
    if (it == jobs_.end()) return std::nullopt;
    Job& job = *it->second;
    if (!job.view.finished()) {
      job.cancel_requested = true;
      if (job.view.state == JobState::kQueued) {
        queue_.erase(std::remove(queue_.begin(), queue_.end(), id), queue_.end());
        job.view.state = JobState::kCancelled;
        job.view.phase = "cancelled";
        job.view.finished_at = date::now_utc();
        job.finished_at = std::chrono::steady_clock::now();
        finished_order_.push_back(id);
        cleanup = std::move(job.spec.cleanup);
      }
      ++job.view.version;
    }
    view = job.view;
  }
  changed_.notify_all();
  if (cleanup) cleanup();
  return view;
}

std::optional<JobView> JobRunner::wait_change(const std::string& id, std::uint64_t seen,
                                              std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, timeout, [&] {
    auto it = jobs_.find(id);
    return it == jobs_.end() || it->second->view.version > seen || stopping_;
  });
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  return it->second->view;
}

void JobRunner::stop() {
  std::vector<std::function<void()>> cleanups;
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && workers_.empty()) return;
    stopping_ = true;
    for (auto& [id, job] : jobs_) {
      if (job->view.finished()) continue;
      job->cancel_requested = true;
      if (job->view.state == JobState::kQueued) {
        job->view.state = JobState::kCancelled;
        job->view.phase = "cancelled";
        job->view.finished_at = date::now_utc();
        if (job->spec.cleanup) cleanups.push_back(std::move(job->spec.cleanup));
      }
      ++job->view.version;
    }
    queue_.clear();
  }
  changed_.notify_all();
  for (auto& c : cleanups) c();
  for (auto& w : workers_) {
    if (w.joinable()) w.join();
  }
  std::lock_guard lock(mutex_);
  workers_.clear();
}

void JobRunner::work_loop() {
  for (;;) {
    Job* job = nullptr;
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = jobs_.at(queue_.front()).get();
      queue_.pop_front();
      job->view.state = JobState::kRunning;
      job->view.phase = "starting";
      job->view.started_at = date::now_utc();
      ++job->view.version;
    }
    changed_.notify_all();
    run(*job);  // the Job stays: only finished jobs are forgotten, and never while running
  }
}

void JobRunner::run(Job& job) {
  Progress progress(*this, job);
  JobState state = JobState::kSucceeded;
  Json result, error;
  try {
    result = job.spec.work(progress);
  } catch (const JobCancelled&) {
    state = JobState::kCancelled;
  } catch (const JobFailed& e) {
    state = JobState::kFailed;
    result = e.result;
    error = error_body(e.error);
  } catch (const ApiError& e) {
    state = JobState::kFailed;
    error = error_body(e);
  } catch (const Error& e) {
    state = JobState::kFailed;
    error = error_body(from_error(e));
  } catch (const std::exception& e) {
    state = JobState::kFailed;
    error = error_body(
        ApiError(500, "internal", "服务器内部错误", std::string("internal error: ") + e.what()));
  }
  if (job.spec.cleanup) {
    try {
      job.spec.cleanup();
    } catch (const std::exception&) {
      // A temporary file that cannot be removed does not change how the job ended.
    }
  }
  {
    std::lock_guard lock(mutex_);
    // A cancellation asked for after the work's last report does not undo work that finished.
    job.view.state = state;
    job.view.phase = job_state_key(state);
    job.view.result = std::move(result);
    job.view.error = std::move(error);
    job.view.finished_at = date::now_utc();
    job.finished_at = std::chrono::steady_clock::now();
    job.spec = {};
    ++job.view.version;
    finished_order_.push_back(job.view.id);
  }
  changed_.notify_all();
}

void JobRunner::forget_old() {
  auto now = std::chrono::steady_clock::now();
  while (!finished_order_.empty()) {
    auto it = jobs_.find(finished_order_.front());
    bool too_many = finished_order_.size() > kMaxFinished;
    if (it != jobs_.end() && !too_many && now - it->second->finished_at < kKeepFinished) break;
    if (it != jobs_.end()) jobs_.erase(it);
    finished_order_.pop_front();
  }
}

}  // namespace atlas::server
