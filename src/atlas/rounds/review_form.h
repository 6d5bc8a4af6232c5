// The expert part of a round's evaluation (专家评审表): the criteria an expert scores, each out of
// its points, the points adding up to 100 as the programme's forms do (e.g. 创新能力 30, 产业规模
// 25, 发展潜力 25, 组织管理 20). A review gives points for every criterion and a written comment;
// its total is their sum, on the 0–100 scale the panel statistics read (panel_scores.h). Pure
// rules; the store checks a review against its round's form in the transaction that writes.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace atlas::rounds {

struct Criterion {
  std::string name;   // 评审要点, as the form prints it
  double points = 0;  // the most an expert may give, > 0
};

// A round without a form of its own scores one criterion, 总分, out of 100.
std::vector<Criterion> default_review_form();

// Why `form` cannot be a round's review form, or nullopt: no criteria, an empty or repeated
// name, points not a positive number, or points that do not add up to 100.
std::optional<std::string> form_problem(const std::vector<Criterion>& form);

// "创新能力:30,产业规模:25,…" (also with ：, ，, 、 or ;). Throws atlas::Error (kBadInput)
// naming the part that is not NAME:POINTS, then form_problem's message.
std::vector<Criterion> parse_review_form(std::string_view text);
std::string review_form_text(const std::vector<Criterion>& form);  // "创新能力:30,产业规模:25"

// Why `points` cannot be a review on `form`, or nullopt: not one value per criterion (named
// counts), or a value that is not a number from 0 to the criterion's points (the criterion named).
std::optional<std::string> review_problem(const std::vector<Criterion>& form,
                                          const std::vector<double>& points);

// The review's total out of 100: the sum of its points.
double review_total(const std::vector<double>& points);

}  // namespace atlas::rounds
