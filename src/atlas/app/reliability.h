// The review-reliability use case of a selection round: a long table of (application, expert,
// score) read from a file, each application's mean, trimmed mean and rank (optionally after
// per-expert z-score normalisation), the inter-rater reliability statistics the round's design
// supports — and, for those it does not, why — and the experts far from their panels' consensus.
// Parameters in (ReliabilityRequest), a ReviewReliability out whose tables `reliability` prints
// and whose document the API will return. Formulas: docs/methods.md §7.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "atlas/ingest/review_scores.h"
#include "atlas/report/table.h"
#include "atlas/rounds/panel_scores.h"
#include "atlas/rounds/reliability.h"

namespace atlas::app {

struct ReliabilityRequest {
  std::string scores;      // CSV, TSV or XLSX: application, expert, score
  bool normalise = false;  // also per-expert z-score normalised means, and rank by them
  rounds::FlagRule flags;
};

struct ReviewReliability {
  ingest::ReviewScores file;
  rounds::ScoreTable table;
  std::vector<rounds::ApplicationScores> scores;       // raw, per application
  std::optional<rounds::Normalisation> normalisation;  // with request.normalise
  std::vector<rounds::ApplicationScores> normalised;   // per application, with normalise
  std::vector<int> ranks;  // by trimmed mean (normalised with normalise); 0 = no score
  rounds::RoundReliability reliability;
  rounds::ConsensusFlags flags;
  std::vector<std::string> notes;  // the file's notes and the normalisation's

  // One row per application, in the file's order: count, mean, trimmed mean, [normalised mean,
  // normalised trimmed mean], rank. `reliability --format csv`.
  report::Table application_table() const;
  // The statistics, one per row, with what each says or why it is not computed.
  report::Table statistics_table() const;
  // The experts with a flagged score or flagged lenient or severe.
  report::Table expert_table() const;
  // The scores far from the others on their application.
  report::Table flagged_score_table() const;
  // {"design", "applications", "reliability", "normalisation", "flags", "notes"}:
  // `reliability --format json` (docs/cli.md lists the fields).
  nlohmann::ordered_json document() const;
};

// Reads the file and computes. Throws atlas::Error (kBadInput) naming the file, row and column
// of a bad row; kBadInput when normalisation is asked of a round with no spread of scores;
// kUsage (field "flag") for a negative threshold.
ReviewReliability review_reliability(const ReliabilityRequest& request);
// The same on rows read already (a server reads the file while the request waits).
ReviewReliability review_reliability(const ReliabilityRequest& request, ingest::ReviewScores file);

}  // namespace atlas::app
