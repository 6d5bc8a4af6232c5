#include "atlas/rounds/review_form.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <set>

#include "atlas/core/error.h"
#include "atlas/core/text.h"

namespace atlas::rounds {

std::vector<Criterion> default_review_form() {
  return {{"总分", 100}};
}

std::optional<std::string> form_problem(const std::vector<Criterion>& form) {
  if (form.empty()) return "a review form needs at least one criterion";
  std::set<std::string> seen;
  double sum = 0;
  for (const auto& c : form) {
    if (c.name.empty()) return "a criterion of the review form has no name";
    if (!seen.insert(c.name).second) {
      return fmt::format("the review form names criterion '{}' twice", c.name);
    }
    if (!std::isfinite(c.points) || c.points <= 0) {
      return fmt::format("criterion '{}' must be worth more than 0 points", c.name);
    }
    sum += c.points;
  }
  // Points are written with at most a decimal or two; anything closer than this is 100.
  if (std::fabs(sum - 100) > 1e-6) {
    return fmt::format("the criteria of a review form add up to 100 points; these add up to {}",
                       sum);
  }
  return std::nullopt;
}

namespace {

// A number as a form writes one: digits with an optional decimal part, nothing else.
std::optional<double> points_of(std::string_view text) {
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

}  // namespace

std::vector<Criterion> parse_review_form(std::string_view text) {
  // Offices type the separators in either width (，：；) and list with 、 too.
  std::string s;
  const std::string wide = text::halfwidth(text);
  for (std::size_t i = 0; i < wide.size(); ++i) {
    if (wide.compare(i, 3, "、") == 0) {
      s += ',';
      i += 2;
    } else {
      s += wide[i] == ';' ? ',' : wide[i];
    }
  }
  std::vector<Criterion> form;
  std::size_t from = 0;
  while (from <= s.size()) {
    auto comma = std::min(s.find(',', from), s.size());
    auto item = text::trim(std::string_view(s).substr(from, comma - from));
    from = comma + 1;
    if (item.empty()) continue;
    auto colon = item.rfind(':');
    std::optional<double> points;
    if (colon != std::string::npos) points = points_of(text::trim(item.substr(colon + 1)));
    if (!points) {
      throw Error(
          ErrorKind::kBadInput,
          fmt::format("'{}' is not a criterion: write NAME:POINTS, e.g. 创新能力:30", item));
    }
    form.push_back({text::trim(item.substr(0, colon)), *points});
  }
  if (auto p = form_problem(form)) throw Error(ErrorKind::kBadInput, *p);
  return form;
}

std::string review_form_text(const std::vector<Criterion>& form) {
  std::string out;
  for (const auto& c : form) {
    if (!out.empty()) out += ",";
    out += fmt::format("{}:{}", c.name, c.points);
  }
  return out;
}

std::optional<std::string> review_problem(const std::vector<Criterion>& form,
                                          const std::vector<double>& points) {
  if (points.size() != form.size()) {
    return fmt::format(
        "the review form has {} ({}); the review gives {}",
        text::counted(static_cast<std::int64_t>(form.size()), "criterion", "criteria"),
        review_form_text(form),
        text::counted(static_cast<std::int64_t>(points.size()), "value", "values"));
  }
  for (std::size_t i = 0; i < form.size(); ++i) {
    if (!std::isfinite(points[i]) || points[i] < 0 || points[i] > form[i].points) {
      return fmt::format("{} is worth 0 to {} points; the review gives {}", form[i].name,
                         form[i].points, points[i]);
    }
  }
  return std::nullopt;
}

double review_total(const std::vector<double>& points) {
  double sum = 0;
  for (double p : points) sum += p;
  return sum;
}

}  // namespace atlas::rounds
