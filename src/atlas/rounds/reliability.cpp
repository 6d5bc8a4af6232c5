#include "atlas/rounds/reliability.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/text.h"

namespace atlas::rounds {
namespace {

constexpr double kUndefined = std::numeric_limits<double>::quiet_NaN();

// a / b, or NaN when b is 0: a statistic whose denominator vanishes (every score equal) is
// undefined, not 0 or infinite.
double ratio(double a, double b) {
  return b == 0 ? kUndefined : a / b;
}

void check_complete(const Ratings& r, const char* what) {
  if (r.targets < 2 || r.raters < 2) {
    throw Error(ErrorKind::kBadInput,
                fmt::format("{} needs at least 2 targets and 2 raters, not {} × {}", what,
                            r.targets, r.raters));
  }
  if (r.values.size() != r.targets * r.raters) {
    throw Error(ErrorKind::kBadInput, fmt::format("{}: {} values for {} × {} ratings", what,
                                                  r.values.size(), r.targets, r.raters));
  }
  for (std::size_t i = 0; i < r.values.size(); ++i) {
    if (!std::isfinite(r.values[i])) {
      throw Error(ErrorKind::kBadInput,
                  fmt::format("{} needs a complete design; target {} has no rating from rater {}",
                              what, i / r.raters + 1, i % r.raters + 1));
    }
  }
}

// Mid-ranks (1-based, ascending) of `v`, and Σ (t³ − t) over its groups of ties.
double mid_ranks(const std::vector<double>& v, std::vector<double>& rank) {
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  rank.assign(v.size(), 0);
  double ties = 0;
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
    const double t = static_cast<double>(j - i + 1);
    const double mid = (static_cast<double>(i + 1) + static_cast<double>(j + 1)) / 2;
    for (std::size_t q = i; q <= j; ++q) rank[order[q]] = mid;
    ties += t * t * t - t;
    i = j + 1;
  }
  return ties;
}

}  // namespace

double chi_square_upper_tail(double x, std::size_t df) {
  if (std::isnan(x) || df == 0) return kUndefined;
  if (x <= 0) return 1;
  const double a = static_cast<double>(df) / 2, z = x / 2;
  const double log_prefix = -z + a * std::log(z) - std::lgamma(a);
  constexpr double kEps = 1e-15, kTiny = 1e-300;
  if (z < a + 1) {
    // Lower tail P(a, z) = e^{-z} z^a / Γ(a) · Σ_n z^n / (a (a+1) … (a+n)); Q = 1 − P.
    double term = 1 / a, sum = term;
    for (int n = 1; n < 1000 && std::fabs(term) > std::fabs(sum) * kEps; ++n) {
      term *= z / (a + n);
      sum += term;
    }
    return std::max(0.0, 1 - sum * std::exp(log_prefix));
  }
  // Upper tail by the continued fraction 1/(z+1−a− 1·(1−a)/(z+3−a− 2·(2−a)/(z+5−a− …))),
  // evaluated by the modified Lentz method.
  double b = z + 1 - a, c = 1 / kTiny, d = 1 / b, h = d;
  for (int i = 1; i < 1000; ++i) {
    const double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = b + an / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double step = d * c;
    h *= step;
    if (std::fabs(step - 1) < kEps) break;
  }
  return std::exp(log_prefix) * h;
}

Icc shrout_fleiss_icc(const Ratings& r) {
  check_complete(r, "the two-way ICC");
  const std::size_t n = r.targets, k = r.raters;
  const double dn = static_cast<double>(n), dk = static_cast<double>(k);
  std::vector<double> row(n, 0.0), col(k, 0.0);
  double grand = 0;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < k; ++j) {
      row[i] += r.at(i, j);
      col[j] += r.at(i, j);
    }
    grand += row[i];
  }
  for (auto& x : row) x /= dk;
  for (auto& x : col) x /= dn;
  grand /= dn * dk;
  // Second pass: every sum of squares from deviations, the residual one directly rather than as
  // total − rows − columns (which cancels when the effects are large and the residual small).
  double ss_rows = 0, ss_cols = 0, ss_within = 0, ss_error = 0;
  for (std::size_t i = 0; i < n; ++i) ss_rows += dk * (row[i] - grand) * (row[i] - grand);
  for (std::size_t j = 0; j < k; ++j) ss_cols += dn * (col[j] - grand) * (col[j] - grand);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < k; ++j) {
      const double w = r.at(i, j) - row[i];
      const double e = r.at(i, j) - row[i] - col[j] + grand;
      ss_within += w * w;
      ss_error += e * e;
    }
  }
  Icc c;
  c.n = n;
  c.k = k;
  c.bms = ss_rows / (dn - 1);
  c.wms = ss_within / (dn * (dk - 1));
  c.jms = ss_cols / (dk - 1);
  c.ems = ss_error / ((dn - 1) * (dk - 1));
  c.icc_1_1 = ratio(c.bms - c.wms, c.bms + (dk - 1) * c.wms);
  c.icc_2_1 = ratio(c.bms - c.ems, c.bms + (dk - 1) * c.ems + dk * (c.jms - c.ems) / dn);
  c.icc_3_1 = ratio(c.bms - c.ems, c.bms + (dk - 1) * c.ems);
  c.icc_1_k = ratio(c.bms - c.wms, c.bms);
  c.icc_2_k = ratio(c.bms - c.ems, c.bms + (c.jms - c.ems) / dn);
  c.icc_3_k = ratio(c.bms - c.ems, c.bms);
  return c;
}

OneWayIcc one_way_icc(const ScoreTable& table) {
  const std::size_t apps = table.applications.size();
  std::vector<double> sum(apps, 0.0);
  std::vector<std::size_t> count(apps, 0);
  for (const auto& rv : table.reviews) {
    if (std::isnan(rv.score)) continue;
    sum[rv.application] += rv.score;
    ++count[rv.application];
  }
  OneWayIcc o;
  double total = 0, sum_k2 = 0;
  for (std::size_t a = 0; a < apps; ++a) {
    if (count[a] < 2) continue;
    ++o.targets;
    o.ratings += count[a];
    total += sum[a];
    sum_k2 += static_cast<double>(count[a]) * static_cast<double>(count[a]);
  }
  if (o.targets < 2) {
    o.k0 = o.bms = o.wms = o.icc_1 = o.icc_1_k = kUndefined;
    return o;
  }
  const double n = static_cast<double>(o.targets), big_n = static_cast<double>(o.ratings);
  const double grand = total / big_n;
  double ss_between = 0, ss_within = 0;
  for (std::size_t a = 0; a < apps; ++a) {
    if (count[a] < 2) continue;
    const double mean = sum[a] / static_cast<double>(count[a]);
    ss_between += static_cast<double>(count[a]) * (mean - grand) * (mean - grand);
  }
  for (const auto& rv : table.reviews) {
    if (std::isnan(rv.score) || count[rv.application] < 2) continue;
    const double d = rv.score - sum[rv.application] / static_cast<double>(count[rv.application]);
    ss_within += d * d;
  }
  o.k0 = (big_n - sum_k2 / big_n) / (n - 1);
  o.bms = ss_between / (n - 1);
  o.wms = ss_within / (big_n - n);
  o.icc_1 = ratio(o.bms - o.wms, o.bms + (o.k0 - 1) * o.wms);
  o.icc_1_k = ratio(o.bms - o.wms, o.bms);
  return o;
}

KendallW kendalls_w(const Ratings& r) {
  check_complete(r, "Kendall's W");
  KendallW w;
  w.n = r.targets;
  w.m = r.raters;
  std::vector<double> rank_sum(w.n, 0.0), column(w.n), rank;
  for (std::size_t j = 0; j < w.m; ++j) {
    for (std::size_t i = 0; i < w.n; ++i) column[i] = r.at(i, j);
    w.ties += mid_ranks(column, rank);
    for (std::size_t i = 0; i < w.n; ++i) rank_sum[i] += rank[i];
  }
  const double n = static_cast<double>(w.n), m = static_cast<double>(w.m);
  const double centre = m * (n + 1) / 2;
  for (double R : rank_sum) w.s += (R - centre) * (R - centre);
  w.w = ratio(12 * w.s, m * m * (n * n * n - n) - m * w.ties);
  w.w_uncorrected = ratio(12 * w.s, m * m * (n * n * n - n));
  w.df = w.n - 1;
  w.chi_square = m * (n - 1) * w.w;
  w.p = chi_square_upper_tail(w.chi_square, w.df);
  return w;
}

Alpha krippendorff_alpha_interval(const ScoreTable& table) {
  const std::size_t apps = table.applications.size();
  std::vector<double> sum(apps, 0.0), ss(apps, 0.0);
  std::vector<std::size_t> count(apps, 0);
  for (const auto& rv : table.reviews) {
    if (std::isnan(rv.score)) continue;
    sum[rv.application] += rv.score;
    ++count[rv.application];
  }
  Alpha a;
  double total = 0;
  for (std::size_t u = 0; u < apps; ++u) {
    if (count[u] < 2) continue;
    ++a.units;
    a.values += count[u];
    total += sum[u];
  }
  if (a.values < 2) {
    a.observed = a.expected = a.alpha = kUndefined;
    return a;
  }
  const double grand = total / static_cast<double>(a.values);
  double ss_total = 0;
  for (const auto& rv : table.reviews) {
    if (std::isnan(rv.score) || count[rv.application] < 2) continue;
    const double d = rv.score - sum[rv.application] / static_cast<double>(count[rv.application]);
    ss[rv.application] += d * d;
    ss_total += (rv.score - grand) * (rv.score - grand);
  }
  // Σ_{i≠j} (v_i − v_j)² over a unit's m_u values is 2·m_u·SS_u.
  double within = 0;
  for (std::size_t u = 0; u < apps; ++u) {
    if (count[u] < 2) continue;
    const double m = static_cast<double>(count[u]);
    within += 2 * m * ss[u] / (m - 1);
  }
  const double n = static_cast<double>(a.values);
  a.observed = within / n;
  a.expected = 2 * ss_total / (n - 1);
  // With one pairable unit D_e is taken over the same values as D_o, so the two are equal and
  // alpha is 0 whatever the scores: a number that says nothing, so none is given.
  a.alpha = a.units < 2 ? kUndefined : 1 - ratio(a.observed, a.expected);
  return a;
}

std::vector<Panel> complete_panels(const ScoreTable& table) {
  const std::size_t apps = table.applications.size();
  std::vector<std::vector<std::uint32_t>> experts(apps);
  std::vector<bool> missing(apps, false);
  for (const auto& rv : table.reviews) {
    if (std::isnan(rv.score)) missing[rv.application] = true;
    experts[rv.application].push_back(rv.expert);
  }
  std::map<std::vector<std::uint32_t>, std::vector<std::uint32_t>> by_set;
  for (std::uint32_t a = 0; a < apps; ++a) {
    if (missing[a] || experts[a].size() < 2) continue;
    std::sort(experts[a].begin(), experts[a].end());
    by_set[experts[a]].push_back(a);
  }
  std::vector<Panel> out;
  for (auto& [set, members] : by_set) {
    if (members.size() >= 2) out.push_back({set, members});
  }
  std::sort(out.begin(), out.end(), [](const Panel& x, const Panel& y) {
    if (x.applications.size() != y.applications.size())
      return x.applications.size() > y.applications.size();
    return x.applications.front() < y.applications.front();
  });
  return out;
}

Ratings panel_ratings(const ScoreTable& table, const Panel& panel) {
  Ratings r;
  r.targets = panel.applications.size();
  r.raters = panel.experts.size();
  r.values.assign(r.targets * r.raters, kUndefined);
  std::vector<std::int64_t> row(table.applications.size(), -1), col(table.experts.size(), -1);
  for (std::size_t i = 0; i < panel.applications.size(); ++i)
    row[panel.applications[i]] = static_cast<std::int64_t>(i);
  for (std::size_t j = 0; j < panel.experts.size(); ++j)
    col[panel.experts[j]] = static_cast<std::int64_t>(j);
  for (const auto& rv : table.reviews) {
    if (row[rv.application] < 0 || col[rv.expert] < 0) continue;
    r.values[static_cast<std::size_t>(row[rv.application]) * r.raters +
             static_cast<std::size_t>(col[rv.expert])] = rv.score;
  }
  return r;
}

const char* design_name(Design design) {
  switch (design) {
    case Design::kCrossed: return "crossed";
    case Design::kNested: return "nested";
    case Design::kUnbalanced: return "unbalanced";
  }
  return "unbalanced";
}

RoundReliability assess_reliability(const ScoreTable& table) {
  RoundReliability out;
  out.applications = table.applications.size();
  out.experts = table.experts.size();
  std::vector<std::size_t> per_app(out.applications, 0);
  for (const auto& rv : table.reviews) {
    if (std::isnan(rv.score)) {
      ++out.missing;
    } else {
      ++out.scores;
      ++per_app[rv.application];
    }
  }
  if (!per_app.empty()) {
    out.min_panel = *std::min_element(per_app.begin(), per_app.end());
    out.max_panel = *std::max_element(per_app.begin(), per_app.end());
  }
  const bool crossed = out.missing == 0 && out.applications >= 2 && out.experts >= 2 &&
                       table.reviews.size() == out.applications * out.experts;
  out.design = crossed                                              ? Design::kCrossed
               : out.missing == 0 && out.min_panel == out.max_panel ? Design::kNested
                                                                    : Design::kUnbalanced;
  auto& notes = out.notes;
  const auto thin = static_cast<std::size_t>(
      std::count_if(per_app.begin(), per_app.end(), [](std::size_t k) { return k < 2; }));
  if (thin > 0) {
    notes.push_back(fmt::format(
        "{} of {} {} fewer than two scores and take{} no part in the ICC and alpha", thin,
        text::counted(static_cast<std::int64_t>(out.applications), "application", "applications"),
        thin == 1 ? "has" : "have", thin == 1 ? "s" : ""));
  }

  out.alpha = krippendorff_alpha_interval(table);
  if (out.alpha.units == 0) {
    notes.push_back("Krippendorff's alpha not computed: no application has two scores");
  } else if (out.alpha.units == 1) {
    notes.push_back(
        "Krippendorff's alpha not computed: only one application has two scores, and its "
        "disagreement is then the whole round's");
  } else if (std::isnan(out.alpha.alpha)) {
    notes.push_back("Krippendorff's alpha not computed: every score is the same");
  }

  out.one_way = one_way_icc(table);
  if (out.one_way.targets < 2) {
    notes.push_back("one-way ICC not computed: fewer than two applications have two scores");
  } else if (out.design != Design::kCrossed && out.design != Design::kNested) {
    notes.push_back(
        fmt::format("one-way ICC with unequal panels ({} to {} scores per "
                    "application): k0 = {:.3f} stands for k",
                    out.min_panel, out.max_panel, out.one_way.k0));
  }

  if (crossed) {
    Ratings all;
    all.targets = out.applications;
    all.raters = out.experts;
    all.values.assign(all.targets * all.raters, kUndefined);
    for (const auto& rv : table.reviews)
      all.values[rv.application * all.raters + rv.expert] = rv.score;
    out.two_way = shrout_fleiss_icc(all);
  } else {
    notes.push_back(
        "ICC(2,·) and ICC(3,·) not computed: they separate the experts' leniency, "
        "which needs every expert to score every application (a crossed design); "
        "here applications have their own panels, whose model is the one-way ICC(1)");
  }

  std::size_t covered = 0;
  for (auto& panel : complete_panels(table)) {
    covered += panel.applications.size();
    auto w = kendalls_w(panel_ratings(table, panel));
    out.concordance.push_back({std::move(panel), w});
  }
  if (out.concordance.empty()) {
    notes.push_back(
        "Kendall's W not computed: it compares rankings of the same applications by "
        "the same experts, and no two applications share a complete panel");
  } else if (!crossed) {
    notes.push_back(
        fmt::format("Kendall's W per complete panel (applications scored by exactly "
                    "the same experts): {} covering {} of {} applications",
                    out.concordance.size() == 1 ? std::string("1 panel")
                                                : fmt::format("{} panels", out.concordance.size()),
                    covered, out.applications));
  }
  return out;
}

}  // namespace atlas::rounds
