// The review scores of a selection round (`clusteratlas reliability --scores`): a long table, one
// row per (application, expert) — the application under application, 申报项目, 申请 or 集群; the
// expert under expert, 专家 or 评审专家; the score from 0 to 100 under score, 评分 or 得分. CSV,
// TSV or XLSX, UTF-8 or GBK, a title allowed above the header, total rows skipped with a note,
// as every table ClusterAtlas reads. Contract: a file is read whole or refused with its first bad
// row named by file, row and column.
//
// The reviews of a round whose form has several criteria (`review import`): the same long table
// with one column per criterion instead of the score — headed by the criterion's name as the
// form writes it, or with its points in brackets (创新能力(30分), 创新能力（30）) — an optional
// total (总分, 合计分, score) that must be the criteria's sum, and an optional comment (意见, 评语,
// comment).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "atlas/rounds/review_form.h"

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

struct CriterionReviews {
  std::string source;                             // the file, for messages
  std::string application_header, expert_header;  // as written in the file
  std::vector<std::string> criterion_headers;     // as written, one per criterion of the form
  std::string total_header, comment_header;       // as written; "" when the file has none
  std::vector<std::string> applications;          // trimmed, non-empty
  std::vector<std::string> experts;               // trimmed, non-empty
  // One value per criterion of the form, each from 0 to its points; all NaN for a row whose
  // criteria are all blank (—, NA): assigned, not scored.
  std::vector<std::vector<double>> points;
  std::vector<std::string> comments;  // trimmed; "" without a comment
  std::vector<std::int64_t> lines;    // each row's line in the file
  std::vector<std::string> notes;     // a title above the header, total rows, rows not scored
};

// Throws atlas::Error (kBadInput) naming the file, row and column, besides read_review_scores'
// problems with the application and expert: a criterion of `form` without a column (the message
// lists the form's criteria and the headers found) or with two; a column that looks like a
// criterion — points in brackets, or a name close to one — but names none of the form's (with
// "did you mean"); points in brackets that are not the criterion's; a value that is not a number
// from 0 to its criterion's points; a blank criterion in a row whose others are filled; a total
// that is not a number or differs from the criteria's sum by more than 0.01 (both named).
CriterionReviews read_criterion_reviews(const std::string& path,
                                        const std::vector<rounds::Criterion>& form);

}  // namespace atlas::ingest
