// A stored round's outcome as the shells offer it (`decide`, `notice show|object|answer`,
// `admit`): the composite of the data score and the panel's score, the gates of the round's
// indicator system, the ranked list put to public notice, the objections and their answers, and
// admission of the final list into the registry. Errors are atlas::Error; nothing printed.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "atlas/app/database.h"
#include "atlas/domain/status.h"
#include "atlas/report/table.h"
#include "atlas/store/store.h"

namespace atlas::app {

struct DecisionRequest {
  std::int64_t round_id = 0;
  std::optional<int> places;        // at most this many on the list
  std::optional<double> pass_mark;  // and only with a composite of at least this
  bool trimmed = true;              // the panel's score: the trimmed mean (else the mean)
};

// Scores every recommended application and stores the decision (decision stage):
//   data score   the round's indicator system on the figures the applications reported, all
//                evaluated together (their scores are relative to one another); its gates
//                exclude an application from the list;
//   panel score  the trimmed mean of its reviews' totals (drop one highest and one lowest);
//   composite    data_weight · data score + (1 − data_weight) · panel score (the round's
//                weights; a round with data weight 0 needs no figures).
// Ranked by composite (ties share a rank); listed from the top while within `places` and at or
// above `pass_mark`. Every line not listed says why. kUsage when neither limit is given.
void decide(const Database& db, const DecisionRequest& request, const store::Actor& actor);

// application, cluster, province, data score, panel score, composite, rank, listed, reason: the
// stored decision, by rank; with the notice's end date in its notes once the round is noticed.
report::Table decision_table(const Database& db, std::int64_t round_id);

struct ObjectionEntry {
  std::int64_t application_id = 0;
  std::string objector, grounds;
};
std::int64_t object(const Database& db, const ObjectionEntry& entry, const store::Actor& actor);
void answer_objection(const Database& db, std::int64_t objection_id, const std::string& answer,
                      bool upheld, const store::Actor& actor);
// id, application, cluster, objector, grounds, filed at, answer, upheld, answered at, by, and how
// many documents are attached (objection_documents.h).
report::Table objection_table(const Database& db, std::int64_t round_id);

// Admits the final list (store::RoundReviews::admit): application, cluster id, cluster name.
report::Table admit(const Database& db, std::int64_t round_id, domain::ClusterStatus status,
                    const std::string& date, const store::Actor& actor);

}  // namespace atlas::app
