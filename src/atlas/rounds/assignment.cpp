#include "atlas/rounds/assignment.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <limits>
#include <utility>

#include <fmt/format.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include "atlas/core/error.h"

namespace atlas::rounds {
namespace {

using Cost = std::int64_t;
using Graph = lemon::SmartDigraph;
using Simplex = lemon::NetworkSimplex<Graph, std::int64_t, Cost>;

// Every magnitude the network simplex forms (its own artificial cost, (max |cost| + 1) × nodes,
// and flow × cost sums) stays below this, far from int64's limit.
constexpr double kCostLimit = 1e18;
constexpr int kMaxPrecision = 6;  // affinities to 10^-6, unless the sums would not fit
constexpr std::size_t kNamesShown = 10;

struct Candidate {
  int expert = 0;
  Cost cost = 0;        // −round(affinity × 10^precision): the simplex minimises
  double affinity = 0;  // as given
};

std::string pair_text(const ReviewPair& p) {
  return fmt::format("application #{} – expert #{}", p.application, p.expert);
}

class Solver {
 public:
  explicit Solver(const AssignmentProblem& p) : p_(p), n_(p.applications), m_(p.experts) {}

  Assignment run() {
    validate();
    check_fixed();
    check_capacity();
    choose_precision();
    initial_arcs();
    Assignment out;
    out.precision = precision_;
    // Column generation: solve on each application's best listed pairs and a few default ones,
    // then price every pair left out (listed or default) with the optimal potentials; none with
    // a negative reduced cost means the restricted optimum is the optimum of the whole network
    // (LP duality). LEMON's potentials are duals of a network with its own artificial arcs
    // added; at our optimum those carry no flow (ours keep the network feasible), so the
    // conditions hold for our network too.
    while (true) {
      ++out.pricing_rounds;
      solve();
      if (!price()) break;
    }
    if (deficit_ > 0) explain_shortfall();
    collect(out);
    return out;
  }

 private:
  std::string app_name(int a) const {
    if (static_cast<std::size_t>(a) < p_.application_names.size() &&
        !p_.application_names[static_cast<std::size_t>(a)].empty())
      return p_.application_names[static_cast<std::size_t>(a)];
    return fmt::format("application #{}", a);
  }
  std::string expert_name(int e) const {
    if (static_cast<std::size_t>(e) < p_.expert_names.size() &&
        !p_.expert_names[static_cast<std::size_t>(e)].empty())
      return p_.expert_names[static_cast<std::size_t>(e)];
    return fmt::format("expert #{}", e);
  }

  void check_pair(const ReviewPair& q, const char* list) const {
    if (q.application < 0 || q.application >= n_ || q.expert < 0 || q.expert >= m_) {
      throw Error(ErrorKind::kBadInput,
                  fmt::format("{} pair {} is out of range ({} applications, {} experts)", list,
                              pair_text(q), n_, m_));
    }
  }

  // Sorted, each pair once: lists come in any order and give the same result.
  std::vector<ReviewPair> sorted_pairs(const std::vector<ReviewPair>& in, const char* list) const {
    std::vector<ReviewPair> v = in;
    for (const auto& q : v) check_pair(q, list);
    auto key = [](const ReviewPair& q) { return std::pair(q.application, q.expert); };
    std::sort(v.begin(), v.end(), [&](const auto& x, const auto& y) { return key(x) < key(y); });
    for (std::size_t i = 1; i < v.size(); ++i) {
      if (key(v[i]) == key(v[i - 1]))
        throw Error(ErrorKind::kBadInput,
                    fmt::format("{} pair {} is listed twice", list, pair_text(v[i])));
    }
    return v;
  }

  void validate() {
    if (n_ < 0 || m_ < 0) throw Error(ErrorKind::kBadInput, "negative count of applications");
    if (p_.reviewers < 1)
      throw Error(ErrorKind::kBadInput, "the number of reviewers per application must be >= 1");
    if (p_.max_load < 1)
      throw Error(ErrorKind::kBadInput, "the maximum load of an expert must be >= 1");
    if (!std::isfinite(p_.default_affinity) || std::fabs(p_.default_affinity) > kMaxAffinity)
      throw Error(ErrorKind::kBadInput,
                  fmt::format("the default affinity must be a number within ±{}", kMaxAffinity));
    const auto N = static_cast<std::size_t>(n_);
    blocked_.assign(N, {});
    fixed_of_.assign(N, {});
    listed_.assign(N, {});
    conflicted_.assign(N, {});
    for (const auto& q : sorted_pairs(p_.conflicts, "conflict")) {
      blocked_[static_cast<std::size_t>(q.application)].push_back(q.expert);
      conflicted_[static_cast<std::size_t>(q.application)].push_back(q.expert);
    }
    excluded_.assign(N, {});
    for (const auto& q : sorted_pairs(p_.excluded, "excluded")) {
      blocked_[static_cast<std::size_t>(q.application)].push_back(q.expert);
      excluded_[static_cast<std::size_t>(q.application)].push_back(q.expert);
    }
    fixed_ = sorted_pairs(p_.fixed, "fixed");
    for (const auto& q : fixed_) {
      fixed_of_[static_cast<std::size_t>(q.application)].push_back(q.expert);
      blocked_[static_cast<std::size_t>(q.application)].push_back(q.expert);
    }
    for (auto& b : blocked_) {
      std::sort(b.begin(), b.end());
      b.erase(std::unique(b.begin(), b.end()), b.end());
    }
    std::vector<Affinity> aff = p_.affinities;
    for (const auto& x : aff) {
      check_pair({x.application, x.expert}, "affinity");
      if (!std::isfinite(x.affinity) || std::fabs(x.affinity) > kMaxAffinity)
        throw Error(ErrorKind::kBadInput,
                    fmt::format("the affinity of {} must be a number within ±{}",
                                pair_text({x.application, x.expert}), kMaxAffinity));
    }
    std::sort(aff.begin(), aff.end(), [](const auto& x, const auto& y) {
      return std::pair(x.application, x.expert) < std::pair(y.application, y.expert);
    });
    for (std::size_t i = 0; i < aff.size(); ++i) {
      const auto& x = aff[i];
      if (i > 0 && x.application == aff[i - 1].application && x.expert == aff[i - 1].expert)
        throw Error(ErrorKind::kBadInput, fmt::format("affinity pair {} is listed twice",
                                                      pair_text({x.application, x.expert})));
      max_abs_ = std::max(max_abs_, std::fabs(x.affinity));
      listed_[static_cast<std::size_t>(x.application)].push_back({x.expert, 0, x.affinity});
    }
    max_abs_ = std::max(max_abs_, std::fabs(p_.default_affinity));
  }

  bool is_blocked(int a, int e) const { return is_blocked(a, e, blocked_); }
  static bool is_blocked(int a, int e, const std::vector<std::vector<int>>& lists) {
    const auto& b = lists[static_cast<std::size_t>(a)];
    return std::binary_search(b.begin(), b.end(), e);
  }

  void check_fixed() {
    const auto k = p_.reviewers, L = p_.max_load;
    need_.assign(static_cast<std::size_t>(n_), k);
    cap_.assign(static_cast<std::size_t>(m_), L);
    for (const auto& q : fixed_) {
      const auto& c = conflicted_[static_cast<std::size_t>(q.application)];
      const bool conflict = std::binary_search(c.begin(), c.end(), q.expert);
      const bool excluded = !conflict && is_blocked(q.application, q.expert, excluded_);
      if (conflict || excluded) {
        throw Error(ErrorKind::kRule,
                    fmt::format("the fixed pair {} – {} is {}: it may not be assigned",
                                app_name(q.application), expert_name(q.expert),
                                conflict ? "a conflict" : "excluded"));
      }
      --need_[static_cast<std::size_t>(q.application)];
      --cap_[static_cast<std::size_t>(q.expert)];
    }
    for (int a = 0; a < n_; ++a) {
      if (need_[static_cast<std::size_t>(a)] < 0)
        throw Error(
            ErrorKind::kRule,
            fmt::format("{} has {} fixed experts, more than the {} reviewer{} it gets", app_name(a),
                        k - need_[static_cast<std::size_t>(a)], k, k == 1 ? "" : "s"));
    }
    for (int e = 0; e < m_; ++e) {
      if (cap_[static_cast<std::size_t>(e)] < 0)
        throw Error(ErrorKind::kRule,
                    fmt::format("{} is fixed to {} applications, more than the maximum load {}",
                                expert_name(e), L - cap_[static_cast<std::size_t>(e)], L));
    }
  }

  // The two simple certificates first: they name the constraint more plainly than a cut does.
  void check_capacity() const {
    const auto k = static_cast<std::int64_t>(p_.reviewers);
    const auto L = static_cast<std::int64_t>(p_.max_load);
    const std::int64_t needed = k * n_, capacity = L * m_;
    if (capacity < needed) {
      throw Error(ErrorKind::kRule,
                  fmt::format("no assignment exists: the {} application{} need{} {} reviews "
                              "({} each), but the {} expert{} can take only {} (at most {} each)",
                              n_, n_ == 1 ? "" : "s", n_ == 1 ? "s" : "", needed, k, m_,
                              m_ == 1 ? "" : "s", capacity, L));
    }
    int open = 0;  // experts with room left after the fixed pairs
    for (int e = 0; e < m_; ++e) open += cap_[static_cast<std::size_t>(e)] > 0;
    int short_apps = 0, first = -1, first_usable = 0;
    for (int a = 0; a < n_; ++a) {
      int usable = open;
      for (int e : blocked_[static_cast<std::size_t>(a)])
        usable -= cap_[static_cast<std::size_t>(e)] > 0;
      if (usable < need_[static_cast<std::size_t>(a)]) {
        if (first < 0) first = a, first_usable = usable;
        ++short_apps;
      }
    }
    if (first >= 0) {
      const auto& fixed = fixed_of_[static_cast<std::size_t>(first)];
      const int need = need_[static_cast<std::size_t>(first)];
      std::string why = fixed.empty()
                            ? fmt::format("it needs {}", need)
                            : fmt::format("it needs {} besides its {} fixed", need, fixed.size());
      throw Error(
          ErrorKind::kRule,
          fmt::format("no assignment exists: {} has only {} expert{} without a conflict or an "
                      "exclusion{}, {}{}",
                      app_name(first), first_usable, first_usable == 1 ? "" : "s",
                      open < m_ ? " and with room left after the fixed pairs" : "", why,
                      short_apps > 1 ? fmt::format(" ({} applications are short so)", short_apps)
                                     : std::string()));
    }
  }

  // The largest precision ≤ 10^-6 at which every sum the simplex forms fits in 64 bits.
  void choose_precision() {
    const double nodes = static_cast<double>(n_) + m_ + 2;
    const double flow = static_cast<double>(p_.reviewers) * n_ + 1;
    for (precision_ = kMaxPrecision; precision_ >= 0; --precision_) {
      const double c = std::round(max_abs_ * std::pow(10.0, precision_));
      // The artificial arc of an application costs more than any path of real arcs can gain.
      const double big = nodes * c + 1;
      if ((big + 1) * nodes * 2 < kCostLimit && flow * big * 2 < kCostLimit) {
        big_m_ = static_cast<Cost>(big);
        break;
      }
    }
    if (precision_ < 0)
      throw Error(ErrorKind::kBadInput,
                  "the affinities are too large for exact integer arithmetic at this size; "
                  "divide them by a power of ten");
    const double scale = std::pow(10.0, precision_);
    default_cost_ = -static_cast<Cost>(std::llround(p_.default_affinity * scale));
    for (auto& list : listed_) {
      for (auto& c : list) c.cost = -static_cast<Cost>(std::llround(c.affinity * scale));
    }
  }

  // Per application, its best listed pairs (up to 2 × need + 2: a national table may list all
  // n × m) and need + 2 default pairs spread round robin over the experts, so that the first
  // solve already has room for every application; pricing brings in the rest where they help.
  void initial_arcs() {
    const auto N = static_cast<std::size_t>(n_);
    arcs_.assign(N, {});
    mark_.assign(static_cast<std::size_t>(m_), 0);
    std::int64_t cursor = 0;
    std::vector<Candidate> usable;
    for (int a = 0; a < n_; ++a) {
      auto& arcs = arcs_[static_cast<std::size_t>(a)];
      const int need = need_[static_cast<std::size_t>(a)];
      if (need == 0 || m_ == 0) continue;
      usable.clear();
      for (const auto& c : listed_[static_cast<std::size_t>(a)]) {
        if (!is_blocked(a, c.expert) && cap_[static_cast<std::size_t>(c.expert)] > 0)
          usable.push_back(c);
      }
      const auto best = std::min(usable.size(), static_cast<std::size_t>(2 * need + 2));
      std::partial_sort(usable.begin(), usable.begin() + static_cast<std::ptrdiff_t>(best),
                        usable.end(), [](const Candidate& x, const Candidate& y) {
                          return std::pair(x.cost, x.expert) < std::pair(y.cost, y.expert);
                        });
      arcs.assign(usable.begin(), usable.begin() + static_cast<std::ptrdiff_t>(best));
      const auto stamp = mark_not_default(a);
      int added = 0;
      for (int step = 0; step < m_ && added < need + 2; ++step) {
        const int e = static_cast<int>((cursor + step) % m_);
        if (mark_[static_cast<std::size_t>(e)] == stamp || cap_[static_cast<std::size_t>(e)] <= 0)
          continue;
        arcs.push_back({e, default_cost_, p_.default_affinity});
        ++added;
      }
      cursor += need;
      sort_arcs(a);
    }
  }

  void sort_arcs(int a) {
    auto& arcs = arcs_[static_cast<std::size_t>(a)];
    std::sort(arcs.begin(), arcs.end(),
              [](const Candidate& x, const Candidate& y) { return x.expert < y.expert; });
  }

  // A fresh stamp, with mark_[e] == stamp for every expert that is not a default pair of
  // application a (blocked or listed).
  std::int64_t mark_not_default(int a) {
    const auto stamp = ++stamp_;
    for (int e : blocked_[static_cast<std::size_t>(a)]) mark_[static_cast<std::size_t>(e)] = stamp;
    for (const auto& c : listed_[static_cast<std::size_t>(a)])
      mark_[static_cast<std::size_t>(c.expert)] = stamp;
    return stamp;
  }

  // Apps feed their need into the network; experts drain into the sink; each application also
  // has an artificial arc to the sink at cost big_m_, so the network always has a flow and a
  // flow that uses one proves, at the optimum, that no assignment exists.
  void solve() {
    Graph g;
    std::size_t arc_count = 0;
    for (const auto& a : arcs_) arc_count += a.size();
    g.reserveNode(n_ + m_ + 1);
    g.reserveArc(static_cast<int>(arc_count) + 2 * n_ + m_);
    std::vector<Graph::Node> app(static_cast<std::size_t>(n_)),
        expert(static_cast<std::size_t>(m_));
    for (auto& x : app) x = g.addNode();
    for (auto& x : expert) x = g.addNode();
    const auto sink = g.addNode();
    Graph::ArcMap<std::int64_t> upper(g);
    Graph::ArcMap<Cost> cost(g);
    Graph::NodeMap<std::int64_t> supply(g, 0);
    std::vector<Graph::Arc> artificial(static_cast<std::size_t>(n_));
    std::vector<std::vector<Graph::Arc>> pair_arcs(static_cast<std::size_t>(n_));
    std::int64_t total = 0;
    for (int a = 0; a < n_; ++a) {
      const auto ai = static_cast<std::size_t>(a);
      supply[app[ai]] = need_[ai];
      total += need_[ai];
      for (const auto& c : arcs_[ai]) {
        auto arc = g.addArc(app[ai], expert[static_cast<std::size_t>(c.expert)]);
        upper[arc] = 1;
        cost[arc] = c.cost;
        pair_arcs[ai].push_back(arc);
      }
      auto art = g.addArc(app[ai], sink);
      upper[art] = need_[ai];
      cost[art] = big_m_;
      artificial[ai] = art;
    }
    for (int e = 0; e < m_; ++e) {
      auto arc = g.addArc(expert[static_cast<std::size_t>(e)], sink);
      upper[arc] = cap_[static_cast<std::size_t>(e)];
      cost[arc] = 0;
    }
    supply[sink] = -total;
    Simplex simplex(g);
    simplex.upperMap(upper).costMap(cost).supplyMap(supply);
    if (simplex.run() != Simplex::OPTIMAL)
      throw Error(ErrorKind::kInternal, "the assignment network has no optimal flow");
    app_potential_.assign(static_cast<std::size_t>(n_), 0);
    expert_potential_.assign(static_cast<std::size_t>(m_), 0);
    used_.assign(static_cast<std::size_t>(n_), {});
    deficit_ = 0;
    for (int a = 0; a < n_; ++a) {
      const auto ai = static_cast<std::size_t>(a);
      app_potential_[ai] = simplex.potential(app[ai]);
      deficit_ += simplex.flow(artificial[ai]);
      for (std::size_t i = 0; i < pair_arcs[ai].size(); ++i) {
        if (simplex.flow(pair_arcs[ai][i]) > 0) used_[ai].push_back(arcs_[ai][i]);
      }
    }
    for (int e = 0; e < m_; ++e)
      expert_potential_[static_cast<std::size_t>(e)] =
          simplex.potential(expert[static_cast<std::size_t>(e)]);
  }

  // Adds, for each application, up to 2 × need pairs left out (listed or default) whose reduced
  // cost cost + π(application) − π(expert) is negative, the most negative first (then the lower
  // expert). False when there is none: the flow is optimal over every pair.
  bool price() {
    bool any = false;
    std::vector<std::pair<Cost, Candidate>> found;
    auto by_reduced = [](const auto& x, const auto& y) {
      return std::pair(x.first, x.second.expert) < std::pair(y.first, y.second.expert);
    };
    for (int a = 0; a < n_; ++a) {
      const auto ai = static_cast<std::size_t>(a);
      if (need_[ai] == 0) continue;
      const auto in_network = ++stamp_;
      for (const auto& c : arcs_[ai]) mark_[static_cast<std::size_t>(c.expert)] = in_network;
      found.clear();
      auto consider = [&](const Candidate& c) {
        const Cost reduced =
            c.cost + app_potential_[ai] - expert_potential_[static_cast<std::size_t>(c.expert)];
        if (reduced < 0) found.emplace_back(reduced, c);
      };
      for (const auto& c : listed_[ai]) {
        const auto ei = static_cast<std::size_t>(c.expert);
        if (mark_[ei] != in_network && cap_[ei] > 0 && !is_blocked(a, c.expert)) consider(c);
      }
      const auto not_default = mark_not_default(a);
      for (const auto& c : arcs_[ai]) mark_[static_cast<std::size_t>(c.expert)] = not_default;
      for (int e = 0; e < m_; ++e) {
        const auto ei = static_cast<std::size_t>(e);
        if (mark_[ei] != not_default && cap_[ei] > 0)
          consider({e, default_cost_, p_.default_affinity});
      }
      if (found.empty()) continue;
      any = true;
      const auto keep = std::min(found.size(), static_cast<std::size_t>(2 * need_[ai]));
      std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(keep),
                        found.end(), by_reduced);
      for (std::size_t i = 0; i < keep; ++i) arcs_[ai].push_back(found[i].second);
      sort_arcs(a);
    }
    return any;
  }

  std::string names(const std::vector<int>& ids, bool apps) const {
    std::string s;
    for (std::size_t i = 0; i < ids.size() && i < kNamesShown; ++i) {
      if (i > 0) s += ", ";
      s += apps ? app_name(ids[i]) : expert_name(ids[i]);
    }
    if (ids.size() > kNamesShown) s += fmt::format(" and {} more", ids.size() - kNamesShown);
    return s;
  }

  // Hall's condition fails: the applications reachable from a short one in the residual network
  // of the maximum flow (the source side of a minimum cut) need more reviews than the experts
  // they reach can give plus the pairs they already use with experts beyond.
  [[noreturn]] void explain_shortfall() const {
    std::vector<std::vector<int>> users(static_cast<std::size_t>(m_));
    std::vector<int> load(static_cast<std::size_t>(m_), 0);
    for (int a = 0; a < n_; ++a) {
      for (const auto& c : used_[static_cast<std::size_t>(a)]) {
        users[static_cast<std::size_t>(c.expert)].push_back(a);
        ++load[static_cast<std::size_t>(c.expert)];
      }
    }
    std::vector<char> app_in(static_cast<std::size_t>(n_), 0),
        expert_in(static_cast<std::size_t>(m_), 0);
    std::deque<int> queue;  // applications to expand
    for (int a = 0; a < n_; ++a) {
      auto got = static_cast<int>(used_[static_cast<std::size_t>(a)].size());
      if (got < need_[static_cast<std::size_t>(a)]) {
        app_in[static_cast<std::size_t>(a)] = 1;
        queue.push_back(a);
      }
    }
    auto is_used = [&](int a, int e) {
      const auto& u = used_[static_cast<std::size_t>(a)];
      return std::any_of(u.begin(), u.end(), [e](const Candidate& c) { return c.expert == e; });
    };
    while (!queue.empty()) {
      const int a = queue.front();
      queue.pop_front();
      for (int e = 0; e < m_; ++e) {
        const auto ei = static_cast<std::size_t>(e);
        if (expert_in[ei] || cap_[ei] <= 0 || is_blocked(a, e) || is_used(a, e)) continue;
        expert_in[ei] = 1;
        for (int b : users[ei]) {
          if (!app_in[static_cast<std::size_t>(b)]) {
            app_in[static_cast<std::size_t>(b)] = 1;
            queue.push_back(b);
          }
        }
      }
    }
    std::vector<int> apps, experts;
    std::int64_t needed = 0, capacity = 0, beyond = 0, fixed = 0;
    for (int a = 0; a < n_; ++a) {
      if (!app_in[static_cast<std::size_t>(a)]) continue;
      apps.push_back(a);
      needed += need_[static_cast<std::size_t>(a)];
      fixed += static_cast<std::int64_t>(fixed_of_[static_cast<std::size_t>(a)].size());
      for (int e = 0; e < m_; ++e) {
        if (!expert_in[static_cast<std::size_t>(e)] && cap_[static_cast<std::size_t>(e)] > 0 &&
            !is_blocked(a, e))
          ++beyond;  // every such pair is used: the cut crosses it
      }
    }
    bool reduced = false;
    for (int e = 0; e < m_; ++e) {
      if (!expert_in[static_cast<std::size_t>(e)]) continue;
      experts.push_back(e);
      capacity += cap_[static_cast<std::size_t>(e)];
      reduced = reduced || cap_[static_cast<std::size_t>(e)] < p_.max_load;
    }
    std::string message = fmt::format(
        "no assignment exists: the {} application{} {} need{} {} review{}{}, but the only "
        "experts {} may use are the {} expert{} {}, who can take {}{}",
        apps.size(), apps.size() == 1 ? "" : "s", names(apps, true), apps.size() == 1 ? "s" : "",
        needed, needed == 1 ? "" : "s",
        fixed > 0 ? fmt::format(" ({} each, less {} fixed)", p_.reviewers, fixed)
                  : fmt::format(" ({} each)", p_.reviewers),
        apps.size() == 1 ? "it" : "they", experts.size(), experts.size() == 1 ? "" : "s",
        names(experts, false), capacity,
        reduced ? " (after their fixed pairs)" : fmt::format(" (at most {} each)", p_.max_load));
    if (beyond > 0)
      message += fmt::format(", and {} other expert pair{} already in use", beyond,
                             beyond == 1 ? "" : "s");
    throw Error(ErrorKind::kRule, message);
  }

  void collect(Assignment& out) const {
    out.loads.assign(static_cast<std::size_t>(m_), 0);
    std::size_t f = 0;
    for (int a = 0; a < n_; ++a) {
      std::vector<AssignedPair> mine;
      for (; f < fixed_.size() && fixed_[f].application == a; ++f) {
        const int e = fixed_[f].expert;
        double affinity = p_.default_affinity;
        for (const auto& c : listed_[static_cast<std::size_t>(a)])
          if (c.expert == e) affinity = c.affinity;
        mine.push_back({a, e, affinity, true});
      }
      for (const auto& c : used_[static_cast<std::size_t>(a)])
        mine.push_back({a, c.expert, c.affinity, false});
      std::sort(mine.begin(), mine.end(),
                [](const auto& x, const auto& y) { return x.expert < y.expert; });
      for (const auto& q : mine) {
        out.pairs.push_back(q);
        out.total_affinity += q.affinity;
        ++out.loads[static_cast<std::size_t>(q.expert)];
      }
    }
  }

  const AssignmentProblem& p_;
  const int n_, m_;
  std::vector<std::vector<int>> blocked_;       // per application: conflicted, excluded, fixed
  std::vector<std::vector<int>> conflicted_;    // per application, sorted
  std::vector<std::vector<int>> excluded_;      // per application, sorted
  std::vector<std::vector<int>> fixed_of_;      // per application
  std::vector<ReviewPair> fixed_;               // sorted
  std::vector<std::vector<Candidate>> listed_;  // per application, by expert
  std::vector<std::vector<Candidate>> arcs_;    // the restricted network, by expert
  std::vector<std::vector<Candidate>> used_;    // the flow: pairs assigned by the optimiser
  std::vector<int> need_, cap_;                 // k and L less the fixed pairs
  std::vector<std::int64_t> mark_;              // per expert: a stamp (mark_not_default, price)
  std::int64_t stamp_ = 0;
  std::vector<Cost> app_potential_, expert_potential_;
  double max_abs_ = 0;
  int precision_ = kMaxPrecision;
  Cost big_m_ = 1, default_cost_ = 0;
  std::int64_t deficit_ = 0;
};

}  // namespace

Assignment assign_reviewers(const AssignmentProblem& problem) {
  return Solver(problem).run();
}

}  // namespace atlas::rounds
