#include "server/accepted_job.h"

#include <utility>

namespace atlas::server {

JobSpec caller_job(const Call& call, std::string kind) {
  JobSpec spec;
  spec.kind = std::move(kind);
  spec.owner_account = call.who.account ? call.who.account->id : 0;
  spec.owner_login = call.who.account ? call.who.account->login : "";
  return spec;
}

Reply accepted_job(JobSpec spec) {
  std::string id = job_runner().submit(std::move(spec));
  auto job = job_runner().find(id);
  return {202,
          job ? job->document() : nlohmann::ordered_json{{"id", id}},
          {{"Location", "/api/v1/jobs/" + id}}};
}

Reply accepted_reading_job(const app::Database& db, JobSpec spec) {
  spec.work = [db, work = std::move(spec.work)](JobProgress& progress) {
    try {
      auto document = work(progress);
      db.store().end_reads();
      return document;
    } catch (...) {
      db.store().end_reads();
      throw;
    }
  };
  return accepted_job(std::move(spec));
}

Reply accepted_upload_job(const app::Database& db, JobSpec spec, Upload& upload) {
  spec.work = [work = std::move(spec.work), path = upload.path(),
               label = upload.label()](JobProgress& progress) {
    try {
      return work(progress);
    } catch (const Error& e) {
      throw relabelled(e, path, label);
    }
  };
  spec.cleanup = upload.release();
  return accepted_reading_job(db, std::move(spec));
}

}  // namespace atlas::server
