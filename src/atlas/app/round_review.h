// A stored round's expert review as the shells offer it (`round form`, `assign --round`,
// `review submit|import|list`, `reliability --round`): the review form, the optimal assignment of
// the pool's experts to the recommended applications (conflicts and affinities computed from the
// pool, rounds/conflicts.h), the experts' reviews, and the panel statistics over them. Errors are
// atlas::Error; nothing printed.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "atlas/app/assignment.h"
#include "atlas/app/database.h"
#include "atlas/app/reliability.h"
#include "atlas/core/error.h"
#include "atlas/report/table.h"
#include "atlas/rounds/conflicts.h"
#include "atlas/store/store.h"

namespace atlas::app {

// Replaces the round's review form ("创新能力:30,产业规模:25,…", rounds::parse_review_form).
void set_review_form(const Database& db, std::int64_t round_id, const std::string& form,
                     const store::Actor& actor);
// criterion, points: the round's form (its default, 总分 out of 100, when it has none).
report::Table review_form_table(const Database& db, std::int64_t round_id);

// A manual override of a round's assignment: a pair the expert must review (fixed) or must not
// (excluded), always with why. Each part carries where a problem with it is placed: a file's row
// and column (`assign --round --fixed F`, read_override_pairs) or a field of a request's body
// (`fixed[2].expert` over the API), so both shells check the pairs with the same rules.
struct OverridePair {
  std::string application;  // the application's id as written
  std::string expert;       // the pool's code
  std::string reason;
  Where application_at, expert_at, reason_at;
};

// The rows of an override file (ingest/assignment_tables.h: application, expert, reason; CSV,
// TSV or XLSX), each part placed at its row and column. `what` is "fixed-pair" or
// "excluded-pair", for messages. Throws kBadInput naming the file, row and column.
std::vector<OverridePair> read_override_pairs(const std::string& path, const char* what);

struct RoundAssignmentRequest {
  std::int64_t round_id = 0;
  int reviewers = 5;  // k per application
  int max_load = 8;   // L per expert
  rounds::ConflictRules rules;
  std::vector<OverridePair> fixed, excluded;  // in the order given
};

// Assigns the pool's experts to the round's recommended applications — no conflicted pair,
// maximising the total industry affinity (docs/methods.md §8) — and stores the result with the
// manual overrides. Throws kRule naming the binding constraint when no assignment exists
// (a fixed pair in conflict, an excluded pair already reviewed), kBadInput at the part's place
// for an override that names an application not recommended in the round or an expert not in
// the pool, lacks an expert or a reason, is listed twice, or is both fixed and excluded.
ReviewerAssignment assign_round(const Database& db, const RoundAssignmentRequest& request,
                                const store::Actor& actor);

// The round's stored assignment: application, cluster, expert, name, affinity, fixed (reason),
// reviewed (whether the expert has submitted).
report::Table round_assignment_table(const Database& db, std::int64_t round_id,
                                     const std::optional<std::string>& expert_code);

struct ReviewEntry {
  std::int64_t application_id = 0;
  std::string expert_code;
  std::vector<double> points;  // one per criterion of the form
  std::string comment;
  // What the expert wrote for a criterion scored on levels (优), in its place; "" or none: the
  // number in `points` counts.
  std::vector<std::string> levels = {};
};
void submit_review(const Database& db, const ReviewEntry& entry, const store::Actor& actor);

// Reads a table of reviews (ingest/review_scores.h) and stores each row as a review, all in one
// transaction: for a form of one criterion, application, expert and score (the score is its
// points); for a form of several, application, expert, one column per criterion, an optional
// total and comment (read_criterion_reviews). A row without points is refused (kBadInput at its
// row): the import records reviews, and an expert who did not score has nothing to record.
std::size_t import_reviews(const Database& db, std::int64_t round_id, const std::string& path,
                           const store::Actor& actor);

// application, cluster, expert, one column per criterion, total, comment, submissions, submitted
// at: the round's reviews (one expert's when `expert_code` is given), for `review list` and
// `review export`.
report::Table review_table(const Database& db, std::int64_t round_id,
                           const std::optional<std::string>& expert_code);

// The panel statistics (app/reliability.h) over the round's stored review totals.
ReviewReliability round_reliability(const Database& db, std::int64_t round_id,
                                    const ReliabilityRequest& request);

}  // namespace atlas::app
