#pragma once
// A figure in a JSON document: the number, or null where it is undefined (NaN, an overflow to
// ±inf) — JSON has no NaN, and a reader must not take an undefined statistic for 0.
#include <nlohmann/json.hpp>

#include <cmath>

namespace atlas::app {

inline nlohmann::ordered_json json_number(double v) {
  return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
}

}  // namespace atlas::app
