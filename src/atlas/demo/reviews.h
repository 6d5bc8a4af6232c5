// The demo round's expert reviews: synthetic points a panel might give, so that the demo shows
// review statistics, reliability and a decision. Each application has a merit, each expert a
// leniency, each review some noise — the structure inter-rater reliability measures — and the
// points are spread over the form's criteria in proportion to their weight. Pure and
// deterministic: the same seed, application and expert give the same points.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "atlas/rounds/review_form.h"

namespace atlas::demo {

// The form the demo round uses: the four areas of the programme's review (创新能力 30, 产业规模
// 25, 发展潜力 25, 组织管理 20).
std::vector<rounds::Criterion> demo_review_form();

// One review's points on `form`: merit of the application ~ N(75, 8), leniency of the expert
// ~ N(0, 4), noise ~ N(0, 5), the total kept within 30–98 and split over the criteria.
std::vector<double> demo_review_points(const std::vector<rounds::Criterion>& form,
                                       std::uint64_t seed, std::int64_t application,
                                       const std::string& expert_code);

// The figures an application reports for the three years up to `last_year`, as the JQ01 form and
// the application's tables give them (year → cluster-year field → value: firms and their kinds,
// revenue, exports and R&D in 元, staff, patents, platforms, institutions, alliances). Drawn with
// the merit demo_review_points uses, so that the data score and the experts broadly agree; most
// pass torch-iic's gates, some do not. Raw figures only: shares and intensities are the caller's
// to compute (app/application_figures.h).
std::map<int, std::map<std::string, double>> demo_application_figures(std::uint64_t seed,
                                                                      std::int64_t application,
                                                                      int last_year);

}  // namespace atlas::demo
