// Inter-rater reliability of a selection round's expert scores: intraclass correlations
// (Shrout & Fleiss 1979), Kendall's W with the tie correction, and Krippendorff's alpha for
// interval data. Contract: pure computation on a ScoreTable (panel_scores.h) or on a complete
// targets × raters matrix; NaN is a missing score; a statistic the data cannot give is NaN with
// the reason in RoundReliability::notes, never a made-up number. Formulas: docs/methods.md §7.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "atlas/rounds/panel_scores.h"

namespace atlas::rounds {

// A complete design: every one of `raters` rated every one of `targets`; row-major, targets ×
// raters.
struct Ratings {
  std::size_t targets = 0;
  std::size_t raters = 0;
  std::vector<double> values;
  double at(std::size_t target, std::size_t rater) const { return values[target * raters + rater]; }
};

// Shrout & Fleiss (1979) from the two-way ANOVA of a complete n × k design: between-targets
// (BMS), within-targets (WMS), between-judges (JMS) and residual (EMS) mean squares.
//   ICC(1,1) = (BMS − WMS) / (BMS + (k−1)·WMS)          ICC(1,k) = (BMS − WMS) / BMS
//   ICC(2,1) = (BMS − EMS) / (BMS + (k−1)·EMS + k·(JMS − EMS)/n)
//   ICC(2,k) = (BMS − EMS) / (BMS + (JMS − EMS)/n)
//   ICC(3,1) = (BMS − EMS) / (BMS + (k−1)·EMS)          ICC(3,k) = (BMS − EMS) / BMS
// A zero denominator (every rating equal) gives NaN.
struct Icc {
  std::size_t n = 0, k = 0;
  double bms = 0, wms = 0, jms = 0, ems = 0;
  double icc_1_1 = 0, icc_2_1 = 0, icc_3_1 = 0;
  double icc_1_k = 0, icc_2_k = 0, icc_3_k = 0;
};
// Throws atlas::Error (kBadInput) for fewer than 2 targets or 2 raters, a size that does not
// match, or a NaN.
Icc shrout_fleiss_icc(const Ratings& ratings);

// The one-way random-effects ICC of a nested design — each application rated by its own panel —
// over the applications with at least two scores. With equal panels of k it is Shrout & Fleiss's
// ICC(1,1) and ICC(1,k). With unequal panels the between-applications mean square weighs each
// application by its panel size and k is replaced by
//   k0 = (N − Σ k_i² / N) / (n − 1)          (N scores on n applications)
// (Snedecor & Cochran; McGraw & Wong 1996), and icc_1_k = (BMS − WMS) / BMS is the reliability
// of a mean of k0 scores. NaN with fewer than two such applications.
struct OneWayIcc {
  std::size_t targets = 0;  // applications with at least two scores
  std::size_t ratings = 0;  // their scores
  double k0 = 0;
  double bms = 0, wms = 0;
  double icc_1 = 0, icc_1_k = 0;
};
OneWayIcc one_way_icc(const ScoreTable& table);

// Kendall's coefficient of concordance of m raters ranking the same n targets (a complete
// design), with mid-ranks for tied scores and the tie correction:
//   W = 12·S / (m²(n³ − n) − m·ΣT),  S = Σ_i (R_i − m(n+1)/2)²,  T = Σ_groups (t³ − t)
// R_i the rank sum of target i; chi_square = m(n − 1)·W on n − 1 degrees of freedom and its
// upper-tail p (the approximation is for n > 7; for smaller n consult exact tables). NaN when
// every rater tied every target (denominator 0).
struct KendallW {
  std::size_t n = 0, m = 0;
  double s = 0;
  double ties = 0;  // Σ over raters of Σ (t³ − t)
  double w = 0;
  double w_uncorrected = 0;
  double chi_square = 0;
  std::size_t df = 0;
  double p = 0;  // P(χ²_df ≥ chi_square)
};
// Throws atlas::Error (kBadInput) for fewer than 2 targets or 2 raters or a NaN.
KendallW kendalls_w(const Ratings& ratings);

// P(χ²_df ≥ x), the upper tail of the chi-square distribution: the regularised incomplete gamma
// Q(df/2, x/2), by its series below a + 1 and its continued fraction above (relative error
// ~1e-14). NaN for x NaN or df 0; 1 for x <= 0.
double chi_square_upper_tail(double x, std::size_t df);

// Krippendorff's alpha for interval data, with missing scores handled natively: only units
// (applications) with at least two scores are pairable, and
//   α = 1 − D_o / D_e
//   D_o = (1/n) Σ_u (1/(m_u − 1)) Σ_{i≠j in u} (v_i − v_j)²
//   D_e = (1/(n(n − 1))) Σ_{i≠j over all n pairable values} (v_i − v_j)²
// computed in O(n) from Σ_{i≠j}(v_i − v_j)² = 2·m·Σ(v − v̄)². NaN with fewer than two pairable
// units (with one, D_o = D_e and alpha would be 0 whatever the scores; D_o and D_e are still
// given) or when every pairable value is equal (D_e = 0).
struct Alpha {
  std::size_t units = 0;   // pairable units
  std::size_t values = 0;  // pairable values, n
  double observed = 0;     // D_o
  double expected = 0;     // D_e
  double alpha = 0;
};
Alpha krippendorff_alpha_interval(const ScoreTable& table);

// A set of applications all scored by exactly the same experts (and by no one else): a complete
// block of the round, where rankings can be compared (分组评审: one group of experts reviews a
// batch). Applications with a missing score belong to no panel.
struct Panel {
  std::vector<std::uint32_t> experts;       // ascending
  std::vector<std::uint32_t> applications;  // ascending
};
// Panels with at least two applications and two experts, largest first (then by first
// application).
std::vector<Panel> complete_panels(const ScoreTable& table);
// The panel's scores as an applications × experts matrix.
Ratings panel_ratings(const ScoreTable& table, const Panel& panel);

enum class Design {
  kCrossed,     // every expert scored every application
  kNested,      // each application has its own panel, all of the same size
  kUnbalanced,  // panels of different sizes, or scores missing
};

// What the round's scores support, and the statistics that apply:
// - Krippendorff's interval alpha: always (the one statistic made for incomplete designs);
// - one-way ICC(1): always (k0-adjusted when panels differ), the model of a nested design;
// - the two-way ICC(2,·) and ICC(3,·): only when crossed — they separate the experts' leniency,
//   which needs every expert to have scored every application;
// - Kendall's W: on each complete panel (the whole round when crossed).
struct RoundReliability {
  Design design = Design::kUnbalanced;
  std::size_t applications = 0, experts = 0, scores = 0, missing = 0;
  std::size_t min_panel = 0, max_panel = 0;  // scores per application
  OneWayIcc one_way;
  std::optional<Icc> two_way;
  Alpha alpha;
  struct Concordance {
    Panel panel;
    KendallW w;
  };
  std::vector<Concordance> concordance;
  std::vector<std::string> notes;  // which statistics do not apply, and why
};
RoundReliability assess_reliability(const ScoreTable& table);

// "crossed", "nested", "unbalanced".
const char* design_name(Design design);

}  // namespace atlas::rounds
