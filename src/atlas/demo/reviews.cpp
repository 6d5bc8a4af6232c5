#include "atlas/demo/reviews.h"

#include <algorithm>
#include <cmath>

#include "atlas/demo/random.h"

namespace atlas::demo {
namespace {

// FNV-1a: the same number for a code on every standard library (std::hash is not).
std::uint64_t code_hash(const std::string& code) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (unsigned char c : code) h = (h ^ c) * 0x100000001B3ULL;
  return h;
}

}  // namespace

std::vector<rounds::Criterion> demo_review_form() {
  return {{"创新能力", 30}, {"产业规模", 25}, {"发展潜力", 25}, {"组织管理", 20}};
}

std::vector<double> demo_review_points(const std::vector<rounds::Criterion>& form,
                                       std::uint64_t seed, std::int64_t application,
                                       const std::string& expert_code) {
  // Separate streams for the application's merit, the expert's leniency and the review's noise,
  // so an expert is as lenient on every application they review.
  const auto expert = code_hash(expert_code);
  Random merit(seed ^ (0xA11CE5ULL + static_cast<std::uint64_t>(application) * 0x9E37ULL));
  Random leniency(seed ^ (0x1E41E7ULL + expert * 0x85EBULL));
  Random noise(seed ^ (0x7015EULL + static_cast<std::uint64_t>(application) * 0xC2B2ULL +
                       expert * 0x27D4ULL));
  double total = merit.normal(75, 8) + leniency.normal(0, 4) + noise.normal(0, 5);
  total = std::clamp(total, 30.0, 98.0);
  std::vector<double> points;
  for (const auto& c : form) {
    // Whole half-points, as experts write them, never above the criterion's points.
    points.push_back(std::min(c.points, std::round(total * c.points / 100 * 2) / 2));
  }
  return points;
}

}  // namespace atlas::demo
