#include "atlas/rounds/assignment.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <map>
#include <random>
#include <set>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <lemon/capacity_scaling.h>
#include <lemon/smart_graph.h>

#include "atlas/core/error.h"

namespace atlas::rounds {
namespace {

using ::testing::HasSubstr;

// The affinity of every pair of a problem, with the default where not listed; NaN = forbidden.
std::vector<std::vector<double>> dense(const AssignmentProblem& p) {
  std::vector<std::vector<double>> w(
      static_cast<std::size_t>(p.applications),
      std::vector<double>(static_cast<std::size_t>(p.experts), p.default_affinity));
  for (const auto& x : p.affinities)
    w[static_cast<std::size_t>(x.application)][static_cast<std::size_t>(x.expert)] = x.affinity;
  for (const auto* list : {&p.conflicts, &p.excluded})
    for (const auto& q : *list)
      w[static_cast<std::size_t>(q.application)][static_cast<std::size_t>(q.expert)] = NAN;
  return w;
}

// Every assignment, one application after another: the best total, or nullopt when none exists.
std::optional<double> brute_force(const AssignmentProblem& p) {
  const auto w = dense(p);
  std::set<std::pair<int, int>> fixed;
  for (const auto& q : p.fixed) fixed.insert({q.application, q.expert});
  std::vector<int> load(static_cast<std::size_t>(p.experts), 0);
  std::optional<double> best;
  std::function<void(int, int, int, int, double)> go = [&](int a, int from, int taken, int fixed_in,
                                                           double total) {
    if (a == p.applications) {
      if (!best || total > *best + 1e-9) best = total;
      return;
    }
    if (taken == p.reviewers) {
      int fixed_of_a = 0;
      for (const auto& q : fixed) fixed_of_a += q.first == a;
      if (fixed_in == fixed_of_a) go(a + 1, 0, 0, 0, total);
      return;
    }
    for (int e = from; e < p.experts; ++e) {
      const double v = w[static_cast<std::size_t>(a)][static_cast<std::size_t>(e)];
      if (std::isnan(v) || load[static_cast<std::size_t>(e)] >= p.max_load) continue;
      ++load[static_cast<std::size_t>(e)];
      go(a, e + 1, taken + 1, fixed_in + static_cast<int>(fixed.count({a, e})), total + v);
      --load[static_cast<std::size_t>(e)];
    }
  };
  go(0, 0, 0, 0, 0.0);
  return best;
}

// A different algorithm, another LEMON class, on the whole dense network (no column generation,
// no artificial arcs): successive shortest paths with capacity scaling; feasibility its own.
std::optional<double> capacity_scaling(const AssignmentProblem& p) {
  using G = lemon::SmartDigraph;
  G g;
  const auto w = dense(p);
  std::vector<G::Node> app, expert;
  for (int a = 0; a < p.applications; ++a) app.push_back(g.addNode());
  for (int e = 0; e < p.experts; ++e) expert.push_back(g.addNode());
  G::Node sink = g.addNode();
  G::ArcMap<long long> upper(g), cost(g), lower(g, 0);
  std::set<std::pair<int, int>> fixed;
  for (const auto& q : p.fixed) fixed.insert({q.application, q.expert});
  G::NodeMap<long long> supply(g, 0);
  for (int a = 0; a < p.applications; ++a) {
    supply[app[static_cast<std::size_t>(a)]] = p.reviewers;
    for (int e = 0; e < p.experts; ++e) {
      const double v = w[static_cast<std::size_t>(a)][static_cast<std::size_t>(e)];
      if (std::isnan(v)) continue;
      auto arc = g.addArc(app[static_cast<std::size_t>(a)], expert[static_cast<std::size_t>(e)]);
      upper[arc] = 1;
      if (fixed.count({a, e})) lower[arc] = 1;  // a fixed pair: flow forced
      cost[arc] = -std::llround(v * 100);       // the tests' affinities are in hundredths
    }
  }
  for (int e = 0; e < p.experts; ++e) {
    auto arc = g.addArc(expert[static_cast<std::size_t>(e)], sink);
    upper[arc] = p.max_load;
    cost[arc] = 0;
  }
  supply[sink] = -static_cast<long long>(p.reviewers) * p.applications;
  lemon::CapacityScaling<G, long long, long long> cs(g);
  cs.lowerMap(lower).upperMap(upper).costMap(cost).supplyMap(supply);
  if (cs.run() != decltype(cs)::OPTIMAL) return std::nullopt;
  return -static_cast<double>(cs.totalCost()) / 100;
}

AssignmentProblem random_problem(std::mt19937& rng, int n, int m, int k, int L, double listed,
                                 double conflicts) {
  AssignmentProblem p;
  p.applications = n;
  p.experts = m;
  p.reviewers = k;
  p.max_load = L;
  p.default_affinity = std::uniform_int_distribution<int>(0, 1)(rng) * 0.25;
  std::uniform_real_distribution<double> u(0, 1);
  std::uniform_int_distribution<int> hundredths(-20, 100);
  for (int a = 0; a < n; ++a) {
    for (int e = 0; e < m; ++e) {
      if (u(rng) < conflicts) {
        p.conflicts.push_back({a, e});
      } else if (u(rng) < listed) {
        p.affinities.push_back({a, e, hundredths(rng) / 100.0});
      }
    }
  }
  return p;
}

// What a user relies on in any result: k reviewers each, no expert above L, nothing forbidden,
// every fixed pair kept, and the total the sum of the pairs' affinities.
void expect_valid(const AssignmentProblem& p, const Assignment& r) {
  const auto w = dense(p);
  std::map<int, int> per_app;
  std::vector<int> load(static_cast<std::size_t>(p.experts), 0);
  std::set<std::pair<int, int>> seen;
  double total = 0;
  for (const auto& q : r.pairs) {
    EXPECT_FALSE(
        std::isnan(w[static_cast<std::size_t>(q.application)][static_cast<std::size_t>(q.expert)]))
        << "forbidden pair " << q.application << "," << q.expert;
    EXPECT_TRUE(seen.insert({q.application, q.expert}).second);
    ++per_app[q.application];
    ++load[static_cast<std::size_t>(q.expert)];
    total += w[static_cast<std::size_t>(q.application)][static_cast<std::size_t>(q.expert)];
  }
  for (int a = 0; a < p.applications; ++a) EXPECT_EQ(per_app[a], p.reviewers) << a;
  for (int e = 0; e < p.experts; ++e) {
    EXPECT_LE(load[static_cast<std::size_t>(e)], p.max_load);
    EXPECT_EQ(load[static_cast<std::size_t>(e)], r.loads[static_cast<std::size_t>(e)]);
  }
  for (const auto& q : p.fixed) EXPECT_TRUE(seen.count({q.application, q.expert}));
  EXPECT_NEAR(total, r.total_affinity, 1e-9);
}

// The explanation of a Hall violation is a certificate a person can check without the solver:
// the named applications A need more reviews than the named experts E can take plus the usable
// pairs from A to experts outside E. Recomputed here from the problem and the names alone.
void expect_certificate(const AssignmentProblem& p, const std::string& message) {
  const auto w = dense(p);
  auto named = [&](const std::string& list, char prefix) {
    std::set<int> ids;
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (list[i] == prefix && i + 1 < list.size() && std::isdigit(list[i + 1]) &&
          (i == 0 || list[i - 1] == ' '))
        ids.insert(std::stoi(list.substr(i + 1)));
    }
    return ids;
  };
  const auto split = message.find("the only experts");
  const auto apps = named(message.substr(0, split), 'a');
  const auto experts = named(message.substr(split), 'e');
  std::vector<int> fixed_app(static_cast<std::size_t>(p.applications), 0),
      fixed_expert(static_cast<std::size_t>(p.experts), 0);
  std::set<std::pair<int, int>> fixed;
  for (const auto& q : p.fixed) {
    ++fixed_app[static_cast<std::size_t>(q.application)];
    ++fixed_expert[static_cast<std::size_t>(q.expert)];
    fixed.insert({q.application, q.expert});
  }
  long needed = 0, capacity = 0, beyond = 0;
  for (int a : apps) {
    needed += p.reviewers - fixed_app[static_cast<std::size_t>(a)];
    for (int e = 0; e < p.experts; ++e) {
      const bool usable =
          !std::isnan(w[static_cast<std::size_t>(a)][static_cast<std::size_t>(e)]) &&
          !fixed.count({a, e}) && fixed_expert[static_cast<std::size_t>(e)] < p.max_load;
      if (usable && !experts.count(e)) ++beyond;
    }
  }
  for (int e : experts) capacity += p.max_load - fixed_expert[static_cast<std::size_t>(e)];
  EXPECT_GT(needed, capacity + beyond) << message;
  EXPECT_THAT(message, HasSubstr(fmt::format("need {} review", needed)));
  EXPECT_THAT(message, HasSubstr(fmt::format("who can take {}", capacity)));
  if (beyond > 0) {
    EXPECT_THAT(message, HasSubstr(fmt::format("and {} other", beyond)));
  }
}

TEST(AssignReviewers, HandWorkedInstance) {
  // Two applications, three experts, one reviewer each, load 1. Expert 0 suits both best; the
  // optimum gives it to application 1: 0.5 + 0.9 = 1.4 beats 0.8 + 0.3 = 1.1 and 0.8 + 0.2.
  AssignmentProblem p;
  p.applications = 2;
  p.experts = 3;
  p.reviewers = 1;
  p.max_load = 1;
  p.affinities = {{0, 0, 0.8}, {0, 1, 0.5}, {0, 2, 0.1}, {1, 0, 0.9}, {1, 1, 0.3}, {1, 2, 0.2}};
  auto r = assign_reviewers(p);
  ASSERT_EQ(r.pairs.size(), 2u);
  EXPECT_EQ(r.pairs[0].expert, 1);
  EXPECT_EQ(r.pairs[1].expert, 0);
  EXPECT_NEAR(r.total_affinity, 1.4, 1e-12);
  EXPECT_EQ(r.precision, 6);
}

TEST(AssignReviewers, EqualsBruteForceOnSmallRandomInstances) {
  std::mt19937 rng(20261204);
  int infeasible = 0, hall = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const int n = 1 + static_cast<int>(rng() % 3), m = 2 + static_cast<int>(rng() % 4);
    const int k = 1 + static_cast<int>(rng() % 2), L = 1 + static_cast<int>(rng() % 2);
    auto p = random_problem(rng, n, m, k, L, 0.6, 0.2);
    for (int a = 0; a < n; ++a) p.application_names.push_back("a" + std::to_string(a));
    for (int e = 0; e < m; ++e) p.expert_names.push_back("e" + std::to_string(e));
    if (rng() % 3 == 0) {  // a fixed pair, and an exclusion, where allowed
      const auto w = dense(p);
      const int a = static_cast<int>(rng() % n), e = static_cast<int>(rng() % m);
      if (!std::isnan(w[static_cast<std::size_t>(a)][static_cast<std::size_t>(e)]))
        p.fixed.push_back({a, e});
      const int b = static_cast<int>(rng() % n), f = static_cast<int>(rng() % m);
      if (!std::isnan(w[static_cast<std::size_t>(b)][static_cast<std::size_t>(f)]) &&
          !(a == b && e == f))
        p.excluded.push_back({b, f});
    }
    const auto expected = brute_force(p);
    SCOPED_TRACE(testing::Message() << "trial " << trial);
    if (!expected) {
      ++infeasible;
      try {
        assign_reviewers(p);
        ADD_FAILURE() << "an assignment where brute force finds none";
      } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::kRule);
        EXPECT_THAT(e.what(), HasSubstr("no assignment exists"));
        if (std::string(e.what()).find("the only experts") != std::string::npos) {
          ++hall;
          expect_certificate(p, e.what());
        }
      }
      continue;
    }
    const auto r = assign_reviewers(p);
    EXPECT_NEAR(r.total_affinity, *expected, 1e-9);
    expect_valid(p, r);
  }
  EXPECT_GT(infeasible, 10);  // the infeasible side is exercised too
  EXPECT_GT(hall, 0);         // and the minimum cut's explanation
}

TEST(AssignReviewers, HallExplanationsAreCertificates) {
  // Many conflicts and tight loads, so that applications compete for few experts.
  std::mt19937 rng(11);
  int hall = 0;
  for (int trial = 0; trial < 400; ++trial) {
    const int n = 3 + static_cast<int>(rng() % 6), m = 4 + static_cast<int>(rng() % 8);
    const int k = 2 + static_cast<int>(rng() % 2);
    const int L = std::max(1, (n * k + m - 1) / m);
    auto p = random_problem(rng, n, m, k, L, 0.3, 0.45);
    for (int a = 0; a < n; ++a) p.application_names.push_back("a" + std::to_string(a));
    for (int e = 0; e < m; ++e) p.expert_names.push_back("e" + std::to_string(e));
    if (trial % 3 == 0) {  // a fixed pair, where allowed: the certificate counts it
      const int a = static_cast<int>(rng() % n), e = static_cast<int>(rng() % m);
      if (!std::isnan(dense(p)[static_cast<std::size_t>(a)][static_cast<std::size_t>(e)]))
        p.fixed.push_back({a, e});
    }
    try {
      expect_valid(p, assign_reviewers(p));
    } catch (const Error& e) {
      ASSERT_EQ(e.kind(), ErrorKind::kRule);
      if (std::string(e.what()).find("the only experts") == std::string::npos) continue;
      ++hall;
      expect_certificate(p, e.what());
    }
  }
  EXPECT_GT(hall, 10);
}

TEST(AssignReviewers, EqualsCapacityScalingOnMediumSparseInstances) {
  // Few listed pairs, so most reviewers come from default pairs that column generation adds.
  std::mt19937 rng(15);
  int priced = 0;
  for (int trial = 0; trial < 20; ++trial) {
    const int n = 30 + trial, m = 45, k = 3 + trial % 3;
    const int L = (n * k + m - 1) / m + trial % 2;  // tight: the loads bind
    auto p = random_problem(rng, n, m, k, L, 0.08, 0.1);
    if (trial % 2 == 0) {  // a few manual overrides: fixed and excluded pairs
      const auto w = dense(p);
      for (int i = 0; i < 6; ++i) {
        const int a = static_cast<int>(rng() % n), e = static_cast<int>(rng() % m);
        if (std::isnan(w[static_cast<std::size_t>(a)][static_cast<std::size_t>(e)])) continue;
        bool taken = false;
        // At most one fixed pair per application and per expert keeps the instance feasible.
        for (const auto& q : p.fixed) taken = taken || q.application == a || q.expert == e;
        for (const auto& q : p.excluded) taken = taken || (q.application == a && q.expert == e);
        if (taken) continue;
        (i % 2 == 0 ? p.fixed : p.excluded).push_back({a, e});
      }
    }
    const auto expected = capacity_scaling(p);
    ASSERT_TRUE(expected) << trial;
    const auto r = assign_reviewers(p);
    EXPECT_NEAR(r.total_affinity, *expected, 1e-9) << trial;
    expect_valid(p, r);
    priced += r.pricing_rounds > 1;
  }
  EXPECT_GT(priced, 5);  // default pairs priced in after the first solve
}

TEST(AssignReviewers, SameResultWhateverTheOrderOfTheLists) {
  std::mt19937 rng(7);
  auto p = random_problem(rng, 12, 15, 3, 3, 0.3, 0.1);
  // Many ties: every listed affinity is one of two values.
  for (auto& x : p.affinities) x.affinity = x.affinity > 0.4 ? 1 : 0.5;
  const auto first = assign_reviewers(p);
  for (int i = 0; i < 5; ++i) {
    std::shuffle(p.affinities.begin(), p.affinities.end(), rng);
    std::shuffle(p.conflicts.begin(), p.conflicts.end(), rng);
    const auto again = assign_reviewers(p);
    ASSERT_EQ(again.pairs.size(), first.pairs.size());
    for (std::size_t j = 0; j < first.pairs.size(); ++j) {
      EXPECT_EQ(again.pairs[j].application, first.pairs[j].application);
      EXPECT_EQ(again.pairs[j].expert, first.pairs[j].expert);
    }
  }
}

TEST(AssignReviewers, FixedPairsAreKeptEvenWhenWorse) {
  AssignmentProblem p;
  p.applications = 1;
  p.experts = 3;
  p.reviewers = 2;
  p.max_load = 1;
  p.affinities = {{0, 0, 0.9}, {0, 1, 0.8}, {0, 2, 0.1}};
  p.fixed = {{0, 2}};
  const auto r = assign_reviewers(p);
  ASSERT_EQ(r.pairs.size(), 2u);
  EXPECT_EQ(r.pairs[0].expert, 0);
  EXPECT_EQ(r.pairs[1].expert, 2);
  EXPECT_TRUE(r.pairs[1].fixed);
  EXPECT_NEAR(r.total_affinity, 1.0, 1e-12);
}

std::string rule_message(const AssignmentProblem& p) {
  try {
    assign_reviewers(p);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kRule);
    return e.what();
  }
  ADD_FAILURE() << "no error";
  return "";
}

TEST(AssignReviewers, InfeasibleTotalCapacityIsNamed) {
  AssignmentProblem p;
  p.applications = 10;
  p.experts = 6;
  p.reviewers = 5;
  p.max_load = 8;
  EXPECT_EQ(rule_message(p),
            "no assignment exists: the 10 applications need 50 reviews (5 each), but the 6 "
            "experts can take only 48 (at most 8 each)");
}

TEST(AssignReviewers, InfeasibleApplicationWithTooFewExpertsIsNamed) {
  AssignmentProblem p;
  p.applications = 2;
  p.experts = 6;
  p.reviewers = 4;
  p.max_load = 2;
  p.application_names = {"A1", "A2"};
  p.conflicts = {{1, 0}, {1, 2}, {1, 5}};
  EXPECT_EQ(rule_message(p),
            "no assignment exists: A2 has only 3 experts without a conflict or an exclusion, it "
            "needs 4");
}

TEST(AssignReviewers, HallViolationNamesTheApplicationsAndTheirExperts) {
  // Applications 0–2 may use only experts 0–3 (the others conflict): 6 reviews needed, 4
  // available with load 1, although each has 4 ≥ 2 experts and 10 experts take 10 ≥ 10.
  AssignmentProblem p;
  p.applications = 5;
  p.experts = 10;
  p.reviewers = 2;
  p.max_load = 1;
  p.application_names = {"甲", "乙", "丙", "丁", "戊"};
  p.expert_names = {"E0", "E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8", "E9"};
  for (int a = 0; a < 3; ++a)
    for (int e = 4; e < 10; ++e) p.conflicts.push_back({a, e});
  EXPECT_EQ(rule_message(p),
            "no assignment exists: the 3 applications 甲, 乙, 丙 need 6 reviews (2 each), but "
            "the only experts they may use are the 4 experts E0, E1, E2, E3, who can take 4 (at "
            "most 1 each)");
}

TEST(AssignReviewers, FixedPairThatIsAConflictIsRefused) {
  AssignmentProblem p;
  p.applications = 1;
  p.experts = 3;
  p.reviewers = 1;
  p.max_load = 1;
  p.application_names = {"A"};
  p.expert_names = {"X", "Y", "Z"};
  p.conflicts = {{0, 1}};
  p.fixed = {{0, 1}};
  EXPECT_EQ(rule_message(p), "the fixed pair A – Y is a conflict: it may not be assigned");
}

TEST(AssignReviewers, MoreFixedPairsThanKOrLAllowAreRefused) {
  AssignmentProblem p;
  p.applications = 2;
  p.experts = 3;
  p.reviewers = 1;
  p.max_load = 2;
  p.application_names = {"A", "B"};
  p.expert_names = {"X", "Y", "Z"};
  p.fixed = {{0, 0}, {0, 1}};
  EXPECT_EQ(rule_message(p), "A has 2 fixed experts, more than the 1 reviewer it gets");
  p.max_load = 1;
  p.fixed = {{0, 2}, {1, 2}};
  EXPECT_EQ(rule_message(p), "Z is fixed to 2 applications, more than the maximum load 1");
}

TEST(AssignReviewers, BadInputIsRefused) {
  AssignmentProblem p;
  p.applications = 2;
  p.experts = 2;
  p.reviewers = 1;
  p.max_load = 1;
  p.affinities = {{0, 1, 0.5}, {0, 1, 0.7}};
  EXPECT_THROW(assign_reviewers(p), Error);
  p.affinities = {{0, 2, 0.5}};
  EXPECT_THROW(assign_reviewers(p), Error);
  p.affinities = {{0, 1, NAN}};
  EXPECT_THROW(assign_reviewers(p), Error);
}

}  // namespace
}  // namespace atlas::rounds
