// Conflicts of interest (回避) between a selection round's experts and its applications, and how
// well an expert's fields suit an application's industry (affinity): the two tables reviewer
// assignment (assignment.h) takes. Pure functions on plain data (parties.h), no I/O. The rules
// and the score table are in docs/methods.md, "Conflicts of interest and affinity".
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "atlas/rounds/parties.h"

namespace atlas::rounds {

// Which conflicts a round applies; every one is on unless the round says otherwise.
struct ConflictRules {
  bool same_province = true;        // an expert does not review applications of their province
  bool same_organisation = true;    // … of their own organisation (building unit, body, firm)
  bool declared = true;             // … naming what they declared (zone, unit, body, firm)
  bool reviewed_last_round = true;  // … of a cluster they reviewed in the last round
};

// An expert (by code) reviewed a cluster in the last round.
struct PastReview {
  std::string expert_code;
  std::int64_t cluster_id = 0;
};

enum class ConflictReason { kSameOrganisation, kSameProvince, kDeclared, kReviewedLastRound };

// "same_organisation", "same_province", "declared", "reviewed_last_round".
std::string_view conflict_reason_key(ConflictReason reason);

struct Conflict {
  std::size_t application = 0;  // index into the applications given
  std::size_t expert = 0;       // index into the experts given
  ConflictReason reason = ConflictReason::kSameOrganisation;
  // What matched, names as written: "工作单位 武汉大学 = 建设单位 武汉大学".
  std::string detail;
};

// A name as conflicts compare it: trimmed, full-width ASCII as ASCII (（） as ()), without white
// space (ASCII and U+3000), ASCII letters in lower case. "武汉 大学（医学部）" and
// "武汉大学(医学部)" compare equal; an empty name matches nothing.
std::string normalise_party_name(std::string_view name);

// Every conflict of every (application, expert) pair, by application, then expert, then reason in
// the enum's order; a pair has one entry per reason and party that matched (an organisation that
// is both the building unit and a leading firm gives two), identical entries once:
// - kSameOrganisation: the expert's organisation is the application's building unit, management
//   body or one of its leading firms;
// - kSameProvince (rules.same_province): the expert's province is the application's — codes
//   compared by their first two digits, so "42" and "420000" are one province;
// - kDeclared: a declared conflict of the expert names the application's zone, building unit,
//   management body or one of its leading firms;
// - kReviewedLastRound: the expert (by code) reviewed the application's registered cluster
//   (cluster_id) in `last_round`.
// Names are compared by normalise_party_name through hash maps, so the time is the size of the
// input plus the conflicts found, not applications × experts.
std::vector<Conflict> find_conflicts(const std::vector<Expert>& experts,
                                     const std::vector<ApplicationParties>& applications,
                                     const ConflictRules& rules,
                                     const std::vector<PastReview>& last_round);

// The GB/T 4754-2017 section ('A'–'T') of a code — a section letter itself, or the section of a
// division, group or class by its first two digits — or '\0' for a code that has none (malformed,
// or a division the standard does not have).
char industry_section(std::string_view code);

// How well an expert's fields of expertise suit an application's leading industry, from 0 to 1:
// the best over the fields of the finest level at which the field and the industry agree — the
// same 4-digit class 1.0, the same 3-digit group 0.75, the same 2-digit division 0.5, the same
// section 0.25, nothing in common 0. A code agrees only as finely as it is written: field "39"
// and industry "3973" agree on the division (0.5), field "C" and "3973" on the section (0.25).
// Codes are trimmed and a section letter read in either case; a malformed code suits nothing.
double industry_affinity(const std::vector<std::string>& expert_fields,
                         const std::string& application_industry);

}  // namespace atlas::rounds
