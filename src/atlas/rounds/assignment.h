// Optimal assignment of expert reviewers to the applications of a selection round (issue 15):
// every application gets exactly k reviewers, every expert reviews at most L applications, no
// conflicted or excluded pair is used, fixed pairs (manual overrides) are kept, and the total
// affinity is the largest possible — an exact min-cost flow, not a greedy pass. Pure computation
// on indices, no I/O; when no assignment exists it throws atlas::Error (kRule) naming the
// constraint that binds. The method is in docs/methods.md, "Reviewer assignment".
#pragma once
#include <string>
#include <vector>

namespace atlas::rounds {

// A pair of indices: application 0…applications−1, expert 0…experts−1.
struct ReviewPair {
  int application = 0;
  int expert = 0;
};

struct Affinity {
  int application = 0;
  int expert = 0;
  double affinity = 0;  // finite, |affinity| <= kMaxAffinity
};

// Affinities beyond this are refused (kBadInput): the optimiser works on integers (affinity ×
// 10^precision) and must keep every sum inside 64 bits.
inline constexpr double kMaxAffinity = 1e6;

struct AssignmentProblem {
  int applications = 0;
  int experts = 0;
  int reviewers = 5;  // k: exactly this many experts per application
  int max_load = 8;   // L: at most this many applications per expert
  // Sparse: a pair listed at most once. Every pair not listed may be assigned too, with
  // `default_affinity`.
  std::vector<Affinity> affinities;
  double default_affinity = 0;
  std::vector<ReviewPair> conflicts;  // may not be assigned (回避: the expert is conflicted)
  std::vector<ReviewPair> excluded;   // may not be assigned (an office's manual exclusion)
  std::vector<ReviewPair> fixed;      // must be assigned (an office's manual override)
  // For messages only: the name of each index; empty = "application 3" / "expert 7".
  std::vector<std::string> application_names, expert_names;
};

struct AssignedPair {
  int application = 0;
  int expert = 0;
  double affinity = 0;  // as given (not rounded)
  bool fixed = false;   // a fixed pair of the problem
};

struct Assignment {
  std::vector<AssignedPair> pairs;  // by application, then expert
  double total_affinity = 0;        // sum of the pairs' affinities as given, in pair order
  std::vector<int> loads;           // per expert: how many applications it reviews
  // The optimiser maximised sum(round(affinity × 10^precision)); the result is optimal for
  // that rounded problem and within pairs × 10^−precision of the unrounded optimum.
  int precision = 0;
  int pricing_rounds = 0;  // solves of the restricted network (docs/methods.md)
};

// Throws atlas::Error: kBadInput for an index out of range, a pair listed twice in a list, a
// non-finite or too large affinity, k < 1 or L < 1; kRule when no assignment satisfies the
// constraints, with a message naming the one that binds: a fixed pair that is conflicted or
// excluded, more fixed pairs than k or L allow, the experts' total capacity (L × experts) below
// the reviews needed (k × applications), an application with fewer usable experts than it needs,
// or a set of applications whose usable experts cannot give them the reviews they need (Hall's
// condition, found from a minimum cut).
// Deterministic: the same problem gives the same assignment, whatever the order of its lists.
Assignment assign_reviewers(const AssignmentProblem& problem);

}  // namespace atlas::rounds
