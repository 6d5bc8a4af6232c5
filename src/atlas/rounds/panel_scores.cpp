#include "atlas/rounds/panel_scores.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>

#include <fmt/format.h>

#include "atlas/core/error.h"

namespace atlas::rounds {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::uint32_t intern(std::unordered_map<std::string, std::uint32_t>& index,
                     std::vector<std::string>& names, const std::string& name) {
  auto [it, added] = index.try_emplace(name, static_cast<std::uint32_t>(names.size()));
  if (added) names.push_back(name);
  return it->second;
}

// Mean and sum of squared deviations of the values that are not NaN, two-pass: the second pass
// sums deviations from the mean, which keeps scores near 90 with small spreads exact where the
// textbook Σx² − (Σx)²/n loses digits.
struct Moments {
  std::size_t n = 0;
  double mean = kNaN;
  double ss = kNaN;
};

template <typename Values>
Moments moments(const Values& values) {
  Moments m;
  double sum = 0;
  for (double v : values) {
    if (std::isnan(v)) continue;
    sum += v;
    ++m.n;
  }
  if (m.n == 0) return m;
  m.mean = sum / static_cast<double>(m.n);
  m.ss = 0;
  for (double v : values) {
    if (!std::isnan(v)) m.ss += (v - m.mean) * (v - m.mean);
  }
  return m;
}

// The reviews of each application (or expert) as index lists, in review order.
std::vector<std::vector<std::size_t>> group(const ScoreTable& table, bool by_application) {
  std::vector<std::vector<std::size_t>> groups(by_application ? table.applications.size()
                                                              : table.experts.size());
  for (std::size_t r = 0; r < table.reviews.size(); ++r) {
    const auto& review = table.reviews[r];
    groups[by_application ? review.application : review.expert].push_back(r);
  }
  return groups;
}

}  // namespace

ScoreTable make_score_table(const std::vector<std::string>& applications,
                            const std::vector<std::string>& experts,
                            const std::vector<double>& scores) {
  if (applications.size() != experts.size() || applications.size() != scores.size()) {
    throw Error(ErrorKind::kInternal, "make_score_table: columns of different lengths");
  }
  const std::size_t rows = scores.size();
  ScoreTable t;
  std::unordered_map<std::string, std::uint32_t> app_index, expert_index;
  app_index.reserve(rows);
  expert_index.reserve(rows);
  t.reviews.reserve(rows);
  std::uint32_t last_app = 0;
  for (std::size_t i = 0; i < rows; ++i) {
    const auto row = static_cast<std::int64_t>(i + 1);
    if (applications[i].empty()) {
      throw Error(ErrorKind::kBadInput, "the application is empty", {"", row, "", "application"});
    }
    if (experts[i].empty()) {
      throw Error(ErrorKind::kBadInput, "the expert is empty", {"", row, "", "expert"});
    }
    const double s = scores[i];
    if (!std::isnan(s) && !(s >= 0 && s <= 100)) {
      throw Error(ErrorKind::kBadInput, fmt::format("{} is not a score from 0 to 100", s),
                  {"", row, "", "score"});
    }
    // Score sheets list an application's reviews together: the previous row's application is
    // the likely one, and comparing it costs less than hashing (measured: interning was a third
    // of the work at 10^5 rows).
    if (i == 0 || applications[i] != applications[i - 1]) {
      last_app = intern(app_index, t.applications, applications[i]);
    }
    t.reviews.push_back({last_app, intern(expert_index, t.experts, experts[i]), s});
  }
  // A pair given twice: the reviews of each application sorted by expert (counting sort by
  // application, then each small group by expert), neighbours compared.
  std::vector<std::size_t> start(t.applications.size() + 1, 0);
  for (const auto& r : t.reviews) ++start[r.application + 1];
  for (std::size_t a = 0; a < t.applications.size(); ++a) start[a + 1] += start[a];
  std::vector<std::size_t> order(rows), fill(start.begin(), start.end() - 1);
  for (std::size_t i = 0; i < rows; ++i) order[fill[t.reviews[i].application]++] = i;
  for (std::size_t a = 0; a < t.applications.size(); ++a) {
    auto first = order.begin() + static_cast<std::ptrdiff_t>(start[a]);
    auto last = order.begin() + static_cast<std::ptrdiff_t>(start[a + 1]);
    std::sort(first, last, [&](std::size_t x, std::size_t y) {
      return t.reviews[x].expert != t.reviews[y].expert ? t.reviews[x].expert < t.reviews[y].expert
                                                        : x < y;
    });
  }
  // The first repetition in input order is the one to report.
  std::size_t dup = rows, dup_first = rows;
  for (std::size_t a = 0; a < t.applications.size(); ++a) {
    for (std::size_t q = start[a] + 1; q < start[a + 1]; ++q) {
      if (t.reviews[order[q]].expert == t.reviews[order[q - 1]].expert && order[q] < dup) {
        dup = order[q];
        dup_first = order[q - 1];
      }
    }
  }
  if (dup < rows) {
    throw Error(ErrorKind::kBadInput,
                fmt::format("expert '{}' scored application '{}' twice (entries {} and {})",
                            experts[dup], applications[dup], dup_first + 1, dup + 1),
                {"", static_cast<std::int64_t>(dup + 1), "", "expert"});
  }
  return t;
}

std::vector<double> raw_scores(const ScoreTable& table) {
  std::vector<double> out(table.reviews.size());
  for (std::size_t r = 0; r < out.size(); ++r) out[r] = table.reviews[r].score;
  return out;
}

std::vector<ApplicationScores> application_scores(const ScoreTable& table,
                                                  const std::vector<double>& scores) {
  std::vector<ApplicationScores> out(table.applications.size());
  std::vector<double> sum(out.size(), 0.0), low(out.size(), kNaN), high(out.size(), kNaN);
  for (std::size_t r = 0; r < table.reviews.size(); ++r) {
    const auto a = table.reviews[r].application;
    ++out[a].assigned;
    const double s = scores[r];
    if (std::isnan(s)) continue;
    ++out[a].count;
    sum[a] += s;
    // std::fmin/fmax ignore the NaN start value.
    low[a] = std::fmin(low[a], s);
    high[a] = std::fmax(high[a], s);
  }
  for (std::size_t a = 0; a < out.size(); ++a) {
    auto& o = out[a];
    const auto n = static_cast<double>(o.count);
    o.mean = o.count > 0 ? sum[a] / n : kNaN;
    o.trimmed = o.count >= 3;
    // Scores are 0–100 with few per application: the plain sum is exact enough (≤ 1e-13).
    o.trimmed_mean = o.trimmed ? (sum[a] - low[a] - high[a]) / (n - 2) : o.mean;
  }
  return out;
}

std::vector<int> rank_descending(const std::vector<double>& values) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isnan(values[i])) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] > values[b]; });
  std::vector<int> rank(values.size(), 0);
  for (std::size_t i = 0; i < order.size(); ++i) {
    rank[order[i]] = i > 0 && values[order[i]] == values[order[i - 1]] ? rank[order[i - 1]]
                                                                       : static_cast<int>(i + 1);
  }
  return rank;
}

Normalisation normalise_by_expert(const ScoreTable& table) {
  Normalisation out;
  const auto pooled = moments(raw_scores(table));
  if (pooled.n < 2 || !(pooled.ss > 0)) {
    throw Error(ErrorKind::kBadInput,
                "normalisation needs at least two different scores in the round");
  }
  out.pooled_mean = pooled.mean;
  out.pooled_sd = std::sqrt(pooled.ss / static_cast<double>(pooled.n - 1));
  out.expert_mean.assign(table.experts.size(), kNaN);
  out.expert_sd.assign(table.experts.size(), kNaN);
  out.scores = raw_scores(table);
  const auto by_expert = group(table, false);
  std::vector<double> values;
  for (std::uint32_t e = 0; e < by_expert.size(); ++e) {
    values.clear();
    for (auto r : by_expert[e]) values.push_back(table.reviews[r].score);
    const auto m = moments(values);
    out.expert_mean[e] = m.mean;
    if (m.n >= 2) out.expert_sd[e] = std::sqrt(m.ss / static_cast<double>(m.n - 1));
    if (m.n == 0) continue;  // nothing to normalise, nothing to say
    if (!(out.expert_sd[e] > 0)) {
      out.unnormalised.push_back(e);
      continue;
    }
    for (auto r : by_expert[e]) {
      const double s = table.reviews[r].score;
      if (!std::isnan(s)) {
        out.scores[r] = out.pooled_mean + out.pooled_sd * (s - m.mean) / out.expert_sd[e];
      }
    }
  }
  return out;
}

std::vector<std::uint32_t> ConsensusFlags::flagged_experts() const {
  std::vector<std::uint32_t> out;
  for (const auto& e : experts) {
    if (e.flagged_scores > 0 || e.lenient || e.severe) out.push_back(e.expert);
  }
  return out;
}

ConsensusFlags consensus_flags(const ScoreTable& table, const FlagRule& rule) {
  for (double v : {rule.score_points, rule.expert_points}) {
    if (!(v >= 0) || std::isinf(v)) {
      throw Error(ErrorKind::kUsage,
                  fmt::format("a flag threshold is a number of points >= 0, not {}", v),
                  {"", 0, "", "flag"});
    }
  }
  ConsensusFlags out;
  out.rule = rule;
  out.experts.resize(table.experts.size());
  std::vector<double> sum_dev(table.experts.size(), 0.0), sum_abs(table.experts.size(), 0.0);
  const auto by_application = group(table, true);
  std::vector<double> sorted;
  for (const auto& reviews : by_application) {
    sorted.clear();
    for (auto r : reviews) {
      if (!std::isnan(table.reviews[r].score)) sorted.push_back(table.reviews[r].score);
    }
    const std::size_t n = sorted.size();
    if (n < 3) continue;  // a score needs at least two others to be compared with
    std::sort(sorted.begin(), sorted.end());
    for (auto r : reviews) {
      const auto& review = table.reviews[r];
      if (std::isnan(review.score)) continue;
      // The others are `sorted` without one instance of this score (which instance does not
      // matter: they are equal); position i among them is i or i + 1 in `sorted`.
      const auto p = static_cast<std::size_t>(
          std::lower_bound(sorted.begin(), sorted.end(), review.score) - sorted.begin());
      auto other = [&](std::size_t i) { return sorted[i < p ? i : i + 1]; };
      const std::size_t m = n - 1;
      const double consensus = (other((m - 1) / 2) + other(m / 2)) / 2;
      const double d = review.score - consensus;
      auto& e = out.experts[review.expert];
      ++e.compared;
      sum_dev[review.expert] += d;
      sum_abs[review.expert] += std::fabs(d);
      if (std::fabs(d) > rule.score_points) {
        out.scores.push_back({r, consensus, d});
        ++e.flagged_scores;
      }
    }
  }
  std::sort(out.scores.begin(), out.scores.end(),
            [](const FlaggedScore& a, const FlaggedScore& b) { return a.review < b.review; });
  for (std::uint32_t x = 0; x < out.experts.size(); ++x) {
    auto& e = out.experts[x];
    e.expert = x;
    const auto n = static_cast<double>(e.compared);
    e.mean_deviation = e.compared > 0 ? sum_dev[x] / n : kNaN;
    e.mean_abs_deviation = e.compared > 0 ? sum_abs[x] / n : kNaN;
    if (e.compared >= rule.min_compared && e.compared > 0) {
      e.lenient = e.mean_deviation > rule.expert_points;
      e.severe = e.mean_deviation < -rule.expert_points;
    }
  }
  return out;
}

}  // namespace atlas::rounds
