// Principal components of a node's children, for PCA weights and for the audit's "how much of
// the variance does one dimension capture". On the correlation matrix (columns standardised), so
// an indicator's unit does not decide its weight; units missing any column are left out.
#pragma once
#include <string>
#include <vector>

#include "atlas/evaluate/matrix.h"

namespace atlas::evaluate::methods {

struct PcaResult {
  // Each column's weight from the first component: its squared loading in the unit eigenvector
  // (the squares sum to 1), so a column that shares more of the common variance counts more
  // (the OECD/JRC Handbook's PCA weighting, without rotation). Constant columns get 0.
  std::vector<double> weights;
  // Share of the total variance explained by each component, largest first (sums to 1).
  std::vector<double> variance_explained;
  std::size_t complete_units = 0;
  std::vector<std::string> warnings;
};

// Fewer than three complete units or fewer than two varying columns: equal weights over the
// varying columns (all columns if none varies) and no components, with a warning.
PcaResult principal_components(const Matrix& m);

}  // namespace atlas::evaluate::methods
