#include "atlas/demo/reviews.h"

#include <algorithm>
#include <cmath>

#include "atlas/demo/random.h"

namespace atlas::demo {
namespace {

// The stream of an application's merit, shared by its reviews and its figures.
Random merit_stream(std::uint64_t seed, std::int64_t application) {
  return Random(seed ^ (0xA11CE5ULL + static_cast<std::uint64_t>(application) * 0x9E37ULL));
}

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
  Random merit = merit_stream(seed, application);
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

std::map<int, std::map<std::string, double>> demo_application_figures(std::uint64_t seed,
                                                                      std::int64_t application,
                                                                      int last_year) {
  Random merit = merit_stream(seed, application);
  const double z = (merit.normal(75, 8) - 75) / 8;  // the merit its reviews see
  Random r(seed ^ (0xF16E5ULL + static_cast<std::uint64_t>(application) * 0x6C8EULL));
  const double firms = std::max(20.0, std::round(r.lognormal(120 * std::exp(0.3 * z), 0.4)));
  const double qualified = std::clamp(0.46 + 0.06 * z + r.normal(0, 0.06), 0.1, 0.8);
  const double revenue = r.lognormal(600e8 * std::exp(0.3 * z), 0.3);  // 元, the last year
  const double growth = 0.08 + 0.04 * z + r.normal(0, 0.03);
  const double intensity = std::clamp(0.055 + 0.01 * z + r.normal(0, 0.008), 0.01, 0.12);
  const double exports = std::clamp(0.15 + r.normal(0, 0.07), 0.01, 0.6);
  const double margin = std::clamp(0.08 + 0.02 * z + r.normal(0, 0.02), -0.05, 0.3);
  const double per_employee = r.lognormal(2.0e6, 0.2);  // 元 of revenue per person
  const double patents = 0.015 * std::exp(0.3 * z);     // valid invention patents per person
  const double national = r.between(0, 2) + (z > 0 ? 1 : 0), provincial = r.between(1, 6);
  const double institutions = r.between(5, 30), alliances = r.between(0, 2) + (z > 0.5 ? 1 : 0);

  std::map<int, std::map<std::string, double>> out;
  for (int back = 2; back >= 0; --back) {
    const double scale = std::pow(1 + growth, -back);  // earlier years were smaller
    const double n = std::round(firms * (1 - 0.04 * back));
    const double q = std::round(n * qualified);
    const double rev = revenue * scale * (1 + r.normal(0, 0.02));
    const double staff = std::round(rev / per_employee);
    out[last_year - back] = {
        {"firms", n},
        {"qualified_firms", q},
        {"high_tech_firms", std::round(q * 0.75)},
        {"specialised_firms", std::round(q * 0.35)},
        {"single_champion_firms", std::round(q * 0.03)},
        {"revenue", rev},
        {"exports", rev * exports},
        {"profit", rev * margin},
        {"taxes", rev * 0.04},
        {"rd_expenditure", rev * intensity * (1 + r.normal(0, 0.05))},
        {"employment", staff},
        {"valid_invention_patents", std::round(staff * patents * scale)},
        {"granted_invention_patents", std::round(staff * patents * scale * 0.15)},
        {"national_platforms", national},
        {"provincial_platforms", provincial},
        {"institutions", institutions},
        {"alliances", alliances},
    };
  }
  return out;
}

}  // namespace atlas::demo
