// The pipeline's steps by method name, as systems and overrides name them: each turns a method
// name from system.h's lists into a call of the method in methods/, and writes what it did and
// any warning to `log`. Kept apart so the pipeline reads as the order of steps.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "atlas/evaluate/matrix.h"
#include "atlas/evaluate/system.h"

namespace atlas::evaluate {

using Log = std::vector<std::string>;

// Which units have at least `min_share` of the indicators present (all when min_share is 0);
// the others are screened out, by name in the log.
std::vector<bool> screen_step(const Matrix& raw, double min_share,
                              const std::vector<std::string>& codes, Log& log);

// One indicator's values with missing ones imputed by `method` (impute_methods()): `groups`
// holds each unit's group for group_median, `earlier` each unit's values of the years before,
// most recent first, for last_year and linear.
std::vector<double> impute_step(const std::string& method, const std::vector<double>& values,
                                const std::vector<std::string>& groups,
                                const std::vector<std::vector<double>>& earlier,
                                const Node& indicator, Log& log);

// One indicator's values treated for outliers by `method` (outlier_methods()); the treatment,
// when one was needed, is logged.
std::vector<double> outlier_step(const std::string& method, const std::vector<double>& values,
                                 const Node& indicator, Log& log);

// One indicator's values, normalised by `method`, negative polarity reversed; missing stays
// missing. `indicator` supplies goalposts and target; `range` is min-max's and goalposts' output
// scale; `reference` is the row of dist2ref's reference unit. `none` returns the values as they
// are, polarity not applied (kNoNormalisation).
std::vector<double> normalise_step(const std::string& method, const std::vector<double>& values,
                                   const Node& indicator, Log& log, Range range = {},
                                   std::optional<std::size_t> reference = std::nullopt);

// Weighting and aggregation see a node's children either normalised — more is better in every
// column, `raw` empty — or, under normalise none, raw: then `raw` holds each column's polarity
// (an indicator's effective polarity; positive for a dimension's score).

// The weights of `node`'s children (summing to 1) for `method`: manual = as written, equal,
// entropy or CRITIC over `children` (units × children, the children's values; a raw cost column
// enters entropy as 1/x), AHP from the node's pairwise matrix.
std::vector<double> weight_step(const std::string& method, const Node& node, const Matrix& children,
                                Log& log, const std::vector<Polarity>& raw = {});

// Each unit's aggregate of `children` with `weights`; NaN when the unit has nothing to
// aggregate. TOPSIS vector-normalises raw values as its textbook does and takes normalised ones
// as they are; VIKOR and grey relational analysis are unchanged by a prior min-max and take
// either. The rankers compare units with one another, so a unit without any value here (screened
// out, or lacking the whole dimension) is left out of the comparison, as the means leave it
// without a score, and the log names it; a unit with some values missing is an error naming it
// (`units`: each row's name for messages; row numbers without) and the child — impute first.
std::vector<double> aggregate_step(const std::string& method, const Node& node,
                                   const Matrix& children, const std::vector<double>& weights,
                                   Log& log, const std::vector<Polarity>& raw = {},
                                   const std::vector<std::string>& units = {});

// 1 for the highest score; equal scores share the best rank; a missing score has rank 0.
std::vector<int> rank_step(const std::vector<double>& scores);

}  // namespace atlas::evaluate
