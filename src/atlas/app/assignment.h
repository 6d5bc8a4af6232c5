// The reviewer-assignment use case on an office's own tables (`assign`, issue 15): affinities,
// conflicts and fixed pairs read from files (ingest/assignment_tables.h), the optimal assignment
// computed (rounds/assignment.h), and the result as a table — one row per (application, expert)
// — and as the JSON document the API will return, with the total affinity and every expert's
// load. No database: it runs on the files alone, like `evaluate --data`.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "atlas/ingest/assignment_tables.h"
#include "atlas/report/table.h"
#include "atlas/rounds/assignment.h"

namespace atlas::app {

struct AssignmentRequest {
  std::string affinities;       // CSV, TSV or XLSX: application, expert, affinity (required)
  std::string conflicts;        // application, expert: pairs that may not be assigned (optional)
  std::string fixed;            // application, expert, reason: pairs that must be (optional)
  std::string excluded;         // application, expert, reason: pairs that may not be (optional)
  int reviewers = 5;            // k per application
  int max_load = 8;             // L per expert
  double default_affinity = 0;  // of every pair the affinity file does not list
};

struct AssignmentFiles {
  ingest::AssignmentTable affinities;
  ingest::AssignmentTable conflicts, fixed, excluded;  // each may be empty
};

struct ReviewerAssignment {
  AssignmentRequest request;
  std::vector<std::string> applications, experts;  // every id in the affinity file, sorted
  rounds::Assignment assignment;
  std::vector<std::string> reasons;  // per pair of the assignment: the fixed pair's reason or ""
  struct Override {
    int application = 0, expert = 0;
    std::string kind;  // "fixed" or "excluded"
    std::string reason;
  };
  std::vector<Override> overrides;  // every manual override, fixed then excluded, in file order

  // application, expert, affinity, fixed (the reason of a fixed pair); the terminal table's notes
  // give the total affinity and the distribution of loads, JSON's the total too.
  report::Table table(report::Format format) const;
  // {"rows": […], "total_affinity": … (to 10^-9), "reviewers": k, "max_load": L,
  // "default_affinity": …,
  //  "precision": p, "loads": [{"expert": …, "load": …}, …] (every expert),
  //  "overrides": [{"application", "expert", "kind": "fixed"|"excluded", "reason"}, …],
  //  "notes": […]}
  nlohmann::ordered_json document() const;
  // "total affinity 1234.5 over 10000 pairs (5 reviewers each, load ≤ 8)"
  std::string summary() const;
};

// Throws atlas::Error: kBadInput naming the file, row and column (a bad table; a conflict or
// fixed pair naming an application or expert the affinity file does not have; an affinity
// beyond ±10^6), kUsage for k or L below 1, kRule naming the binding constraint when no
// assignment exists.
ReviewerAssignment assign_reviewers(const AssignmentRequest& request);
// The same on tables read already: for a server that reads the files while the request waits.
ReviewerAssignment assign_reviewers(const AssignmentRequest& request, AssignmentFiles files);

}  // namespace atlas::app
