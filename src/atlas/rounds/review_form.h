// The expert part of a round's evaluation (专家评审表): the criteria an expert scores, each out of
// its points, the points adding up to 100 as the programme's forms do (e.g. 创新能力 30, 产业规模
// 25, 发展潜力 25, 组织管理 20). A criterion is scored on a continuous scale from 0 to its points,
// or on an anchored scale (锚定量表): levels such as 优/良/中/差, each worth fixed points, the
// highest the criterion's — so that experts judging alike give the same points. A review gives
// points for every criterion and a written comment; its total is their sum, on the 0–100 scale
// the panel statistics read (panel_scores.h). Pure rules; the store checks a review against its
// round's form in the transaction that writes.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace atlas::rounds {

// A level of an anchored scale: what the expert chooses (优) and what it is worth (30).
struct Anchor {
  std::string level;
  double points = 0;
};

struct Criterion {
  std::string name;   // 评审要点, as the form prints it
  double points = 0;  // the most an expert may give, > 0
  // Empty: any value from 0 to `points`. Otherwise only these, best first; the first is worth
  // `points`.
  std::vector<Anchor> anchors = {};
};

// A round without a form of its own scores one criterion, 总分, out of 100.
std::vector<Criterion> default_review_form();

// Why `form` cannot be a round's review form, or nullopt: no criteria, an empty or repeated
// name, points not a positive number, or points that do not add up to 100; an anchored scale
// with fewer than two levels, an empty or repeated level, levels not worth strictly less from the
// first to the last, or a first level not worth the criterion's points, or a last below 0.
std::optional<std::string> form_problem(const std::vector<Criterion>& form);

// "创新能力:30,产业规模:25,…" (also with ：, ，, 、 or ;), an anchored criterion with its levels
// in brackets: "创新能力:30(优30/良24/中18/差10)" (also （）, and 优=30). Throws atlas::Error
// (kBadInput) naming the part that is not NAME:POINTS or LEVEL POINTS, then form_problem's message.
std::vector<Criterion> parse_review_form(std::string_view text);
// What parse_review_form reads: "创新能力:30(优30/良24/中18/差10),产业规模:25".
std::string review_form_text(const std::vector<Criterion>& form);
// "优 30 / 良 24 / 中 18 / 差 10"; "" for a continuous scale.
std::string scale_text(const Criterion& c);

// The points of what an expert writes for `c`: a number, or on an anchored scale also a level's
// name (优). Throws atlas::Error (kBadInput) naming the criterion and its levels for anything else.
// Whether a number is allowed is review_problem's to say.
double criterion_points(const Criterion& c, std::string_view written);

// Why `points` cannot be a review on `form`, or nullopt: not one value per criterion (named
// counts), a value that is not a number from 0 to the criterion's points, or on an anchored scale
// not the points of one of its levels (the criterion and its levels named).
std::optional<std::string> review_problem(const std::vector<Criterion>& form,
                                          const std::vector<double>& points);

// The review's total out of 100: the sum of its points.
double review_total(const std::vector<double>& points);

}  // namespace atlas::rounds
