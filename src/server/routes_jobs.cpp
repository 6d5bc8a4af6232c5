// Jobs (jobs.h): the long work a request started — read its state, progress and result, list
// one's own, cancel. A job is its owner's (and an administrator's): the routes declare
// manage-own-account on the job's owner, so the policy answers 403 to anyone else.
#include "server/api_error.h"
#include "server/jobs.h"
#include "server/route_groups.h"
#include "server/route_support.h"

namespace atlas::server {
namespace {

using Json = nlohmann::ordered_json;
using auth::Action;

// The job of the path's {id}: its owner's. An unknown id belongs to nobody (any account may
// ask; the handler answers 404).
ResourceRule job_in_path() {
  return {"job {id} (its owner)", [](const Call& call) {
            auth::Resource r;
            if (auto job = job_runner().find(call.params.at("id"))) {
              r.owner_account = job->owner_account;
            }
            return r;
          }};
}

JobView found(const std::optional<JobView>& job, const std::string& id) {
  if (!job) {
    throw ApiError(404, "not-found", "没有这个任务：" + id,
                   "no job " + id +
                       " (finished jobs are kept for 24 hours; a restart forgets "
                       "every job)");
  }
  return *job;
}

Reply list(Call& call) {
  Json jobs = Json::array();
  if (call.who.account) {
    for (const auto& j : job_runner().of_owner(call.who.account->id)) {
      jobs.push_back(j.document());
    }
  }
  return {200, {{"jobs", jobs}}, {}};
}

Reply show(Call& call) {
  const std::string& id = call.params.at("id");
  return {200, found(job_runner().find(id), id).document(), {}};
}

Reply cancel(Call& call) {
  const std::string& id = call.params.at("id");
  return {200, found(job_runner().cancel(id), id).document(), {}};
}

}  // namespace

void add_job_routes(RouteTable& t) {
  t.add({"GET",
         "/api/v1/jobs",
         Action::kManageOwnAccount,
         programme_wide(),
         {"One's own jobs, newest first", "jobs", "",
          Json{{"type", "object"},
               {"properties",
                {{"jobs", {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/job"}}}}}}},
               {"required", {"jobs"}}}},
         list});
  t.add({"GET",
         "/api/v1/jobs/{id}",
         Action::kManageOwnAccount,
         job_in_path(),
         {"A job: its state, progress, and result or error", "jobs", "job"},
         show});
  t.add({"DELETE",
         "/api/v1/jobs/{id}",
         Action::kManageOwnAccount,
         job_in_path(),
         {"Cancel a job: a queued one at once, a running one at its next progress report "
          "(an import then keeps nothing); a finished one stays as it is",
          "jobs", "job"},
         cancel});
}

}  // namespace atlas::server
