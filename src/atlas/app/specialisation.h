// The specialisation use case: location quotients, US Cluster Mapping strength flags and European
// Cluster Observatory stars of regions × categories — from an employment file (no database
// needed) or from the programme's own annual statistics (provinces × the GB/T 4754 divisions of
// the clusters' leading industries). Parameters in (SpecialisationRequest), a Specialisation out
// whose table is what `specialise` prints and whose document the API returns
// (docs/specialisation.md).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "atlas/app/database.h"
#include "atlas/discover/specialise.h"
#include "atlas/ingest/employment.h"
#include "atlas/report/table.h"

namespace atlas::app {

struct SpecialisationRequest {
  std::string employment;             // CSV, TSV or XLSX; empty with from_statistics
  bool from_statistics = false;       // the database's annual figures instead of a file
  int year = 0;                       // with from_statistics: 0 = the latest with data
  std::string denominator = "total";  // or "traded": the row's own type, as the USCMP does
};

struct Specialisation {
  ingest::EmploymentFile file;  // the rows read (or built from the statistics) and their notes
  std::vector<discover::SpecialisationRow> rows;
  discover::Denominator denominator = discover::Denominator::kTotal;
  std::optional<std::string> notice;  // the synthetic-data notice, from the statistics

  // One row per region × category. The terminal table (kTable) shows the strength as a word
  // and the stars as ★, with the synthetic-data notice and, for traded LQs, what they are as
  // notes; CSV and JSON add each flag and star as 1/0 (null when a missing figure leaves it
  // open), JSON with the file's notes ("note: …") and the notice as its notes.
  report::Table table(report::Format format) const;
  // {"rows": […], "notes": […]}: the body of `specialise --format json` and of the API's job.
  nlohmann::ordered_json document() const;
};

// Throws kUsage unless exactly one of a file and from_statistics is given, or for an unknown
// denominator (field "denominator"); kNotFound when no cluster has figures for the year;
// kBadInput naming the file, its row and column for a bad row.
Specialisation specialise(const Database* db, const SpecialisationRequest& request);

// The rows of a file read already (ingest::read_employment of request.employment, which errors
// name): for a server that reads the file while the request waits and computes in a job.
Specialisation specialise(const SpecialisationRequest& request, ingest::EmploymentFile file);

}  // namespace atlas::app
