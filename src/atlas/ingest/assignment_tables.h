// The tables an office brings to reviewer assignment (`assign`): affinities (application, expert,
// affinity), conflicts (application, expert) and manual overrides — fixed or excluded pairs
// (application, expert, reason: an override is always recorded with why). CSV, TSV or XLSX, UTF-8
// or GBK, like every table ClusterAtlas reads; headers in English or Chinese (docs/cli.md,
// "assign", lists them).
#pragma once
#include <string>
#include <vector>

namespace atlas::ingest {

// Ids are kept once each (a national table lists millions of pairs of a few thousand ids): the
// rows hold indices into `applications` and `experts`, which are in order of first appearance.
struct AssignmentTable {
  std::string source;                              // file name, for messages
  std::string application_header, expert_header;   // as written in the file
  std::string value_header;                        // the affinity or reason column, if any
  std::vector<std::string> applications, experts;  // each id once, as written, trimmed
  std::vector<int> application, expert;            // per row: indices into the two above
  std::vector<double> affinities;                  // per row; read_affinities only
  std::vector<std::string> reasons;                // per row; read_overrides only
  std::vector<int> lines;                          // per row: where it is

  std::size_t size() const { return lines.size(); }
};

// Each throws atlas::Error (kBadInput) naming the file, row and column: no application, expert
// (or affinity / reason) column, an empty cell, a pair listed twice in the file, an affinity
// that is not a number (also blank: a pair without an affinity is simply not listed). Blank
// rows are skipped.
AssignmentTable read_affinities(const std::string& path);
AssignmentTable read_conflicts(const std::string& path);
// Fixed (`what` = "fixed-pair") or excluded ("excluded-pair") pairs, each with its reason.
AssignmentTable read_overrides(const std::string& path, const char* what);

}  // namespace atlas::ingest
