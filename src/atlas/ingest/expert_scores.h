// The experts' scores of a two-stage composite (`evaluate --expert-scores`): a table with one row
// per unit — its code or its full name, under the headers offices use (unit, code, 代码, 编码, or
// 集群名称, 集群, 名称, name, cluster) — and its score from 0 to 100 (score, expert_score,
// 专家评分, 专家得分, 评分, 得分). CSV, TSV or XLSX, UTF-8 or GBK, like every table ClusterAtlas
// reads.
#pragma once
#include <string>
#include <vector>

namespace atlas::ingest {

struct ExpertScores {
  std::string source;                     // file name, for messages
  std::string unit_header, score_header;  // as written in the file
  std::vector<std::string> units;         // as written: a code or a full name
  std::vector<double> scores;             // 0–100
  std::vector<int> lines;                 // where each row is
};

// A code column wins over a name column when the file has both. A row whose score cell is blank
// (or —, NA) gives no score: the unit is left out, as if not listed. Throws atlas::Error
// (kBadInput) naming the file, row and column: no unit or no score column, an empty unit, a unit
// listed twice, a score that is not a number from 0 to 100.
ExpertScores read_expert_scores(const std::string& path);

}  // namespace atlas::ingest
