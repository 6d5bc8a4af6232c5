// Properties the review statistics must have on any round, checked on random ones (rapidcheck)
// against the definitions written out the slow way here — every pair of values for alpha, the
// others sorted afresh for each score's consensus — never against the code under test.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "atlas/rounds/panel_scores.h"
#include "atlas/rounds/reliability.h"

namespace atlas::rounds {
namespace {

// A random round: up to 12 applications, each scored by 1–6 of 10 experts, scores on 0–100 in
// half points (ties are common), now and then assigned but not scored (NaN).
ScoreTable random_round() {
  const int apps = *rc::gen::inRange(1, 13);
  std::vector<std::string> a, e;
  std::vector<double> s;
  for (int i = 0; i < apps; ++i) {
    std::vector<int> experts(10);
    for (int x = 0; x < 10; ++x) experts[x] = x;
    const int k = *rc::gen::inRange(1, 7);
    for (int j = 0; j < k; ++j) {
      const int pick = *rc::gen::inRange(j, 10);
      std::swap(experts[j], experts[pick]);
      a.push_back("a" + std::to_string(i));
      e.push_back("e" + std::to_string(experts[j]));
      s.push_back(*rc::gen::inRange(0, 20) == 0 ? std::nan("") : *rc::gen::inRange(0, 201) / 2.0);
    }
  }
  return make_score_table(a, e, s);
}

std::vector<std::vector<double>> units(const ScoreTable& t) {
  std::vector<std::vector<double>> u(t.applications.size());
  for (const auto& r : t.reviews) {
    if (!std::isnan(r.score)) u[r.application].push_back(r.score);
  }
  return u;
}

RC_GTEST_PROP(ReliabilityProperties, AlphaEqualsItsPairwiseDefinition, ()) {
  const auto t = random_round();
  std::vector<std::vector<double>> pairable;
  for (auto& u : units(t)) {
    if (u.size() >= 2) pairable.push_back(u);
  }
  std::vector<double> all;
  for (const auto& u : pairable) all.insert(all.end(), u.begin(), u.end());
  const double n = static_cast<double>(all.size());
  double d_o = 0, d_e = 0;
  for (const auto& u : pairable) {
    double sum = 0;
    for (double x : u)
      for (double y : u) sum += (x - y) * (x - y);
    d_o += sum / static_cast<double>(u.size() - 1);
  }
  for (double x : all)
    for (double y : all) d_e += (x - y) * (x - y);
  const auto a = krippendorff_alpha_interval(t);
  if (pairable.size() < 2 || d_e == 0) {
    RC_ASSERT(std::isnan(a.alpha));
    return;
  }
  d_o /= n;
  d_e /= n * (n - 1);
  RC_ASSERT(std::fabs(a.observed - d_o) <= 1e-9 * (1 + d_o));
  RC_ASSERT(std::fabs(a.expected - d_e) <= 1e-9 * (1 + d_e));
  RC_ASSERT(std::fabs(a.alpha - (1 - d_o / d_e)) <= 1e-9);
}

RC_GTEST_PROP(ReliabilityProperties, TrimmedMeanAndConsensusFollowTheirDefinitions, ()) {
  const auto t = random_round();
  const auto u = units(t);
  const auto s = application_scores(t, raw_scores(t));
  for (std::size_t i = 0; i < u.size(); ++i) {
    auto v = u[i];
    std::sort(v.begin(), v.end());
    if (v.empty()) {
      RC_ASSERT(std::isnan(s[i].trimmed_mean));
      continue;
    }
    double sum = 0;
    const std::size_t from = v.size() >= 3 ? 1 : 0, to = v.size() >= 3 ? v.size() - 1 : v.size();
    for (std::size_t j = from; j < to; ++j) sum += v[j];
    RC_ASSERT(std::fabs(s[i].trimmed_mean - sum / static_cast<double>(to - from)) <= 1e-9);
  }
  const auto flags = consensus_flags(t, {0, 10, 1});  // threshold 0: every deviation ≠ 0 flagged
  for (const auto& f : flags.scores) {
    const auto& r = t.reviews[f.review];
    std::vector<double> others;
    for (const auto& q : t.reviews) {
      if (q.application == r.application && q.expert != r.expert && !std::isnan(q.score))
        others.push_back(q.score);
    }
    std::sort(others.begin(), others.end());
    RC_ASSERT(others.size() >= 2);
    const std::size_t m = others.size();
    const double median = (others[(m - 1) / 2] + others[m / 2]) / 2;
    RC_ASSERT(f.consensus == median);
    RC_ASSERT(f.deviation == r.score - median);
  }
}

RC_GTEST_PROP(ReliabilityProperties, OneWayIccOfACrossedRoundIsShroutFleissIcc1, ()) {
  const auto n = static_cast<std::size_t>(*rc::gen::inRange(2, 9));
  const auto k = static_cast<std::size_t>(*rc::gen::inRange(2, 6));
  std::vector<std::string> a, e;
  Ratings r{n, k, {}};
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < k; ++j) {
      a.push_back("a" + std::to_string(i));
      e.push_back("e" + std::to_string(j));
      r.values.push_back(*rc::gen::inRange(0, 101));
    }
  }
  const auto icc = shrout_fleiss_icc(r);
  const auto one = one_way_icc(make_score_table(a, e, r.values));
  RC_ASSERT(one.k0 == static_cast<double>(k));
  if (std::isnan(icc.icc_1_1)) {
    RC_ASSERT(std::isnan(one.icc_1));
  } else {
    RC_ASSERT(std::fabs(one.icc_1 - icc.icc_1_1) <= 1e-9);
  }
}

}  // namespace
}  // namespace atlas::rounds
