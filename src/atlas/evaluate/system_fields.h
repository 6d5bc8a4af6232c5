// The fields an indicator system reads, and where: every field named by an indicator's formula
// (or by its id, when it has none) and by a gate's rule, placed in the system file. Validation
// checks them against the fields an evaluation can supply — the cluster-year field catalogue for
// `--year`, a `--data` table's columns — so that a mistyped name is a problem with a suggestion
// instead of an indicator silently missing everywhere or a gate that decides nothing.
#pragma once
#include <string>
#include <vector>

#include "atlas/evaluate/system.h"

namespace atlas::evaluate {

struct FieldRead {
  std::string field;
  TextPlace at;       // in the system file
  std::string where;  // "formula of 'rd_share'", "rule of gate 'platforms'"
};

// In the order of the file: indicators depth first, then gates. A formula that does not parse
// reads nothing here (parse_system reports it).
std::vector<FieldRead> fields_read(const IndicatorSystem& system);

// One problem per read of a field `known` does not have — "unknown field 'hightech_share' in the
// rule of gate 'chain_firms' (did you mean 'high_tech_share'?)" — sorted by line and column.
std::vector<SystemProblem> unknown_fields(const IndicatorSystem& system,
                                          const std::vector<std::string>& known);

}  // namespace atlas::evaluate
