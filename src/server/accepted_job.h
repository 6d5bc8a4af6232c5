// Starting a job from a route: the caller's job, handed to the server's runner (jobs.h) and
// answered 202 with its document and its Location. A job on an uploaded file owns the file until
// it ends, and its errors name the upload by the name the client gave it, never by its temporary
// path.
#pragma once
#include <string>

#include "atlas/app/database.h"
#include "server/jobs.h"
#include "server/routes.h"
#include "server/uploads.h"

namespace atlas::server {

// A job of `kind` owned by the caller's account (0 and no login for the public), programme-wide
// until its resource is set.
JobSpec caller_job(const Call& call, std::string kind);

// Submits `spec` to the server's runner: 202 with the job and `Location: /api/v1/jobs/{id}`.
Reply accepted_job(JobSpec spec);

// The same for a job whose work reads the store through `db`: its reads end however it ends, so
// that the runner's connection holds no old snapshot for the next job.
Reply accepted_reading_job(const app::Database& db, JobSpec spec);

// The same for a job whose work reads `upload`: the job removes the file once it is over; the
// work's reads of the store end however it ends, and an atlas::Error it throws names the upload
// by its label.
Reply accepted_upload_job(const app::Database& db, JobSpec spec, Upload& upload);

}  // namespace atlas::server
