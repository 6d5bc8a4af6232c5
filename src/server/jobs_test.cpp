#include "server/jobs.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

namespace atlas::server {
namespace {

using Json = nlohmann::ordered_json;
using namespace std::chrono_literals;

// A job whose work waits at a gate the test opens, then reports progress: the order of what
// happens is the test's, not the clock's.
struct Gate {
  std::promise<void> opened;
  std::shared_future<void> wait = opened.get_future().share();
};

JobSpec spec(std::int64_t owner, std::function<Json(JobProgress&)> work,
             std::function<void()> cleanup = {}) {
  JobSpec s;
  s.kind = "test";
  s.owner_account = owner;
  s.owner_login = "account" + std::to_string(owner);
  s.work = std::move(work);
  s.cleanup = std::move(cleanup);
  return s;
}

JobView finished(JobRunner& runner, const std::string& id) {
  std::uint64_t seen = 0;
  for (;;) {
    auto view = runner.wait_change(id, seen, 10s);
    EXPECT_TRUE(view);
    if (!view || view->finished()) return view ? *view : JobView{};
    seen = view->version;
  }
}

TEST(JobRunner, RunsAJobAndKeepsItsResultAndProgress) {
  JobRunner runner;
  std::atomic<int> cleaned{0};
  auto id = runner.submit(spec(
      7,
      [](JobProgress& p) {
        p.report(5, 10, "reading");
        p.report(10, 10, "writing");
        return Json{{"rows", 10}};
      },
      [&] { ++cleaned; }));
  auto view = finished(runner, id);
  EXPECT_EQ(view.state, JobState::kSucceeded);
  EXPECT_EQ(view.result, (Json{{"rows", 10}}));
  EXPECT_EQ(view.done, 10);
  EXPECT_EQ(view.total, 10);
  EXPECT_EQ(view.document()["state"], "succeeded");
  EXPECT_TRUE(view.document()["error"].is_null());
  EXPECT_EQ(cleaned, 1);
  EXPECT_EQ(runner.of_owner(7).size(), 1u);
  EXPECT_TRUE(runner.of_owner(8).empty());
}

TEST(JobRunner, CancellingARunningJobStopsItAtItsNextReport) {
  JobRunner runner;
  Gate gate;
  std::promise<void> started;
  std::atomic<bool> went_past{false};
  auto id = runner.submit(spec(1, [&](JobProgress& p) {
    p.report(1, std::nullopt, "reading");
    started.set_value();
    gate.wait.wait();
    p.report(2, std::nullopt, "reading");  // throws: cancelled meanwhile
    went_past = true;
    return Json();
  }));
  started.get_future().wait();
  auto asked = runner.cancel(id);
  ASSERT_TRUE(asked);
  EXPECT_EQ(asked->state, JobState::kRunning);  // until the work sees it
  gate.opened.set_value();
  auto view = finished(runner, id);
  EXPECT_EQ(view.state, JobState::kCancelled);
  EXPECT_FALSE(went_past);
  EXPECT_TRUE(view.result.is_null());
}

TEST(JobRunner, AQueuedJobCancelledNeverRunsAndIsCleanedUp) {
  JobRunner runner(1);
  Gate gate;
  std::promise<void> started;
  auto first = runner.submit(spec(1, [&](JobProgress&) {
    started.set_value();
    gate.wait.wait();
    return Json("first");
  }));
  started.get_future().wait();
  std::atomic<bool> ran{false};
  std::atomic<int> cleaned{0};
  auto second = runner.submit(spec(
      1,
      [&](JobProgress&) {
        ran = true;
        return Json();
      },
      [&] { ++cleaned; }));
  auto view = runner.cancel(second);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->state, JobState::kCancelled);
  EXPECT_EQ(cleaned, 1);
  gate.opened.set_value();
  EXPECT_EQ(finished(runner, first).state, JobState::kSucceeded);
  EXPECT_FALSE(ran);
  // A finished job stays as it is when cancelled.
  EXPECT_EQ(runner.cancel(first)->state, JobState::kSucceeded);
  EXPECT_FALSE(runner.cancel("job_unknown"));
}

TEST(JobRunner, AFailureIsTheErrorARequestWouldHaveGot) {
  JobRunner runner;
  auto bad_input = runner.submit(spec(
      1, [](JobProgress&) -> Json { throw Error(ErrorKind::kBadInput, "a.csv has 2 errors"); }));
  auto with_result = runner.submit(spec(1, [](JobProgress&) -> Json {
    throw JobFailed(ApiError(422, "invalid-input", "错误", "a.csv has 2 errors"),
                    Json{{"problems", 2}});
  }));
  auto view = finished(runner, bad_input);
  EXPECT_EQ(view.state, JobState::kFailed);
  EXPECT_EQ(view.document()["error"]["code"], "invalid-input");
  EXPECT_EQ(view.document()["error"]["message"]["en"], "a.csv has 2 errors");
  view = finished(runner, with_result);
  EXPECT_EQ(view.state, JobState::kFailed);
  EXPECT_EQ(view.result, (Json{{"problems", 2}}));
}

TEST(JobRunner, StopCancelsRunningAndQueuedJobsAndRefusesNewOnes) {
  JobRunner runner(1);
  std::promise<void> started;
  std::atomic<bool> keep_going{true};
  auto running = runner.submit(spec(1, [&](JobProgress& p) {
    started.set_value();
    while (keep_going) p.report(0, std::nullopt, "reading");  // until cancelled
    return Json();
  }));
  started.get_future().wait();
  std::atomic<int> cleaned{0};
  auto queued = runner.submit(spec(
      1, [](JobProgress&) { return Json(); }, [&] { ++cleaned; }));
  runner.stop();
  EXPECT_EQ(runner.find(running)->state, JobState::kCancelled);
  EXPECT_EQ(runner.find(queued)->state, JobState::kCancelled);
  EXPECT_EQ(cleaned, 1);
  EXPECT_THROW(runner.submit(spec(1, [](JobProgress&) { return Json(); })), ApiError);
}

}  // namespace
}  // namespace atlas::server
