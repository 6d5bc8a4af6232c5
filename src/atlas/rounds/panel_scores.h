// What a selection round's review panels said: the long table of (application, expert, score)
// and what is read from it directly — each application's mean and trimmed mean, each expert's
// scores standardised against their own leniency, and the scores and experts far from their
// panel's consensus. Pure computation; a missing score is NaN (assigned, not scored), never 0.
// The agreement statistics over the same table are in reliability.h; formulas in
// docs/methods.md §7.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace atlas::rounds {

// One row of the long table: indices into ScoreTable's applications and experts.
struct Review {
  std::uint32_t application = 0;
  std::uint32_t expert = 0;
  double score = 0;  // 0–100, or NaN: the expert was assigned but gave no score
};

struct ScoreTable {
  std::vector<std::string> applications;  // distinct, in order of first appearance
  std::vector<std::string> experts;       // distinct, in order of first appearance
  std::vector<Review> reviews;            // in input order
};

// Builds the table from parallel columns (one entry per row). Throws atlas::Error (kBadInput)
// whose where.row is the 1-based position of the offending entry: an empty application or
// expert, a score that is neither NaN nor a number from 0 to 100, an (application, expert) pair
// given twice (the message names both positions). kInternal when the columns differ in length.
ScoreTable make_score_table(const std::vector<std::string>& applications,
                            const std::vector<std::string>& experts,
                            const std::vector<double>& scores);

// One application's scores. With three or more scores the trimmed mean drops exactly one highest
// and one lowest score (one of each even when several experts gave the same extreme, as panels
// that 去掉一个最高分和一个最低分 do); with one or two it is the plain mean and `trimmed` is false.
// No score at all: count 0, both means NaN.
struct ApplicationScores {
  std::size_t assigned = 0;  // rows of the table, scored or not
  std::size_t count = 0;     // scores given
  double mean = 0;
  double trimmed_mean = 0;
  bool trimmed = false;
};

// `scores` holds one value per review (the raw scores, or Normalisation::scores); NaN is skipped.
std::vector<ApplicationScores> application_scores(const ScoreTable& table,
                                                  const std::vector<double>& scores);

// The raw scores of the table as one value per review.
std::vector<double> raw_scores(const ScoreTable& table);

// Competition ranks ("1224") by descending value; equal values share a rank; NaN gets 0
// (unranked) and does not take a place.
std::vector<int> rank_descending(const std::vector<double>& values);

// Per-expert z-score normalisation mapped back to the round's scale:
//   normalised = pooled_mean + pooled_sd · (score − expert_mean) / expert_sd
// with sample standard deviations (n − 1) over the scores given. An expert with fewer than two
// scores, or whose scores are all equal (SD 0), cannot be standardised and keeps their raw
// scores; they are listed in `unnormalised`.
struct Normalisation {
  double pooled_mean = 0;
  double pooled_sd = 0;
  std::vector<double> scores;               // per review; NaN stays NaN
  std::vector<double> expert_mean;          // per expert; NaN with no score
  std::vector<double> expert_sd;            // per expert; NaN with fewer than two scores
  std::vector<std::uint32_t> unnormalised;  // experts left as they scored, in index order
};
// Throws atlas::Error (kBadInput) when the round has fewer than two scores or all scores are
// equal: there is no pooled scale to map back to.
Normalisation normalise_by_expert(const ScoreTable& table);

// When a score, and an expert, is far from the panel's consensus. A score is compared with the
// median of the *other* scores on its application, and only where at least two others scored it
// — against a single other score there is no telling which of the two is off:
//   deviation = score − median(other scores on the application)
// The median rather than the mean: one far-off score moves the others' mean by d/(k − 1), so in a
// panel of four a score 40 points low made each of its three panel-mates look 13 points lenient;
// the median of the others hardly moves. Leaving the score out keeps it from pulling the
// consensus towards itself. A score is flagged when |deviation| > score_points. An expert with
// at least min_compared compared scores is flagged lenient (mean deviation > expert_points) or
// severe (mean deviation < −expert_points): consistently above or below their panels.
struct FlagRule {
  double score_points = 20;
  double expert_points = 10;
  std::size_t min_compared = 3;
};

struct FlaggedScore {
  std::size_t review = 0;  // index into ScoreTable::reviews
  double consensus = 0;    // the median of the other scores on the application
  double deviation = 0;
};

struct ExpertConsensus {
  std::uint32_t expert = 0;
  std::size_t compared = 0;        // scores compared with at least two others
  double mean_deviation = 0;       // signed: > 0 lenient, < 0 severe; NaN when none compared
  double mean_abs_deviation = 0;   // NaN when none compared
  std::size_t flagged_scores = 0;  // of this expert's scores
  bool lenient = false;
  bool severe = false;
};

struct ConsensusFlags {
  FlagRule rule;
  std::vector<FlaggedScore> scores;      // in review order
  std::vector<ExpertConsensus> experts;  // every expert, in index order
  // The experts with a flagged score or flagged lenient or severe, in index order.
  std::vector<std::uint32_t> flagged_experts() const;
};

// Throws atlas::Error (kUsage, field "flag") when a threshold is negative or not a number.
ConsensusFlags consensus_flags(const ScoreTable& table, const FlagRule& rule = {});

}  // namespace atlas::rounds
