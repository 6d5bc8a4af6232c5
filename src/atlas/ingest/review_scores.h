// The review scores of a selection round (`clusteratlas reliability --scores`): a long table, one
// row per (application, expert) — the application under application, 申报项目, 申请 or 集群; the
// expert under expert, 专家 or 评审专家; the score from 0 to 100 under score, 评分 or 得分. CSV,
// TSV or XLSX, UTF-8 or GBK, a title allowed above the header, total rows skipped with a note,
// as every table ClusterAtlas reads. Contract: a file is read whole or refused with its first bad
// row named by file, row and column.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace atlas::ingest {

struct ReviewScores {
  std::string source;                                           // the file, for messages
  std::string application_header, expert_header, score_header;  // as written in the file
  std::vector<std::string> applications;                        // trimmed, non-empty
  std::vector<std::string> experts;                             // trimmed, non-empty
  std::vector<double> scores;       // 0–100, or NaN for a blank (—, NA) cell
  std::vector<std::int64_t> lines;  // each row's line in the file
  std::vector<std::string> notes;   // a title above the header, total rows, blank scores
};

// Throws atlas::Error (kBadInput) naming the file, row and column: no application, expert or
// score column (the message lists the headers it accepts); an empty application or expert; a
// score that is not a number or is outside 0–100; an (application, expert) pair given twice
// (the message names both rows); no row of scores at all.
ReviewScores read_review_scores(const std::string& path);

}  // namespace atlas::ingest
