// COINr users bring their indices: an iMeta table (one row per indicator and aggregate, with
// Level, iCode, iName, Direction, Weight, Unit, Target, Denominator, Parent, Type) becomes an
// indicator system in our YAML, so `evaluate --data iData.csv` runs it. Weights are COINr's:
// relative within the parent. Pure: the table comes in as text cells.
#pragma once
#include <string>
#include <vector>

namespace atlas::evaluate {

struct CoinrOptions {
  std::string id = "coinr";  // the system's id
  // Divide each indicator that names a Denominator by it (COINr's Denominate step); off by
  // default, as COINr only does it when asked.
  bool denominate = false;
};

// `rows[0]` is the header; `lines[i]` is rows[i]'s line in `source`, for messages. Throws
// atlas::Error (kBadInput) naming source, row and column: a missing column, a repeated iCode, a
// Parent that is not an aggregate, not exactly one root, a Direction other than 1 / −1, a weight
// that is not a positive number, an aggregate with no children.
std::string system_from_coinr(const std::vector<std::vector<std::string>>& rows,
                              const std::vector<int>& lines, const std::string& source,
                              const CoinrOptions& options);

}  // namespace atlas::evaluate
