// "Did you mean …?": the known names closest to one a person typed (a verb, a field in a
// formula, a cluster's name), so a message can offer the fix instead of only refusing. Distances
// count code points, so 集群 and cluster typos weigh alike; ASCII case is ignored.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace atlas::text {

// Levenshtein distance between a and b in code points (insert, delete, substitute each 1),
// ASCII letters compared case-blind. Invalid UTF-8 bytes count as one code point each.
std::size_t edit_distance(std::string_view a, std::string_view b);

// Up to `limit` of `names` that `wanted` is plausibly a slip for, closest first (ties in the
// order given): within max(2, a third of its length) edits, or containing it / contained in it.
// Empty when nothing is close.
std::vector<std::string> closest_names(std::string_view wanted,
                                       const std::vector<std::string>& names,
                                       std::size_t limit = 3);

// " (did you mean 'a' or 'b'?)" for the closest names, or "" when there are none: the tail of a
// message that names something unknown.
std::string did_you_mean(std::string_view wanted, const std::vector<std::string>& names,
                         std::size_t limit = 3);

}  // namespace atlas::text
