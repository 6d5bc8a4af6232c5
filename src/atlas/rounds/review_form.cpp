#include "atlas/rounds/review_form.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <set>

#include "atlas/core/error.h"
#include "atlas/core/text.h"

namespace atlas::rounds {

std::vector<Criterion> default_review_form() {
  return {{"总分", 100}};
}

namespace {

std::optional<std::string> scale_problem(const Criterion& c) {
  if (c.anchors.empty()) return std::nullopt;
  if (c.anchors.size() < 2) {
    return fmt::format("criterion '{}' has one level; an anchored scale needs two or more", c.name);
  }
  std::set<std::string> levels;
  for (std::size_t i = 0; i < c.anchors.size(); ++i) {
    const auto& a = c.anchors[i];
    if (a.level.empty()) return fmt::format("a level of criterion '{}' has no name", c.name);
    if (a.level.find_first_of("()/,") != std::string::npos) {
      return fmt::format(
          "level '{}' of criterion '{}' holds a bracket, a / or a comma, which the form uses to "
          "write its levels: name it without them",
          a.level, c.name);
    }
    if (!levels.insert(a.level).second) {
      return fmt::format("criterion '{}' names level '{}' twice", c.name, a.level);
    }
    if (!std::isfinite(a.points) || a.points < 0 ||
        (i > 0 && a.points >= c.anchors[i - 1].points)) {
      return fmt::format(
          "the levels of criterion '{}' go from best to worst, each worth less than the one "
          "before and at least 0: {}",
          c.name, scale_text(c));
    }
  }
  if (std::fabs(c.anchors.front().points - c.points) > 1e-9) {
    return fmt::format(
        "the best level of criterion '{}', {}, is worth {:g}; it must be worth the "
        "criterion's {:g} points",
        c.name, c.anchors.front().level, c.anchors.front().points, c.points);
  }
  return std::nullopt;
}

}  // namespace

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
    if (auto p = scale_problem(c)) return p;
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

// "优30/良24/中18/差10" (also 优=30): each level's name, then its points.
std::vector<Anchor> parse_levels(std::string_view item, std::string_view inside) {
  std::vector<Anchor> anchors;
  std::size_t from = 0;
  while (from <= inside.size()) {
    auto slash = std::min(inside.find('/', from), inside.size());
    auto level = text::trim(inside.substr(from, slash - from));
    from = slash + 1;
    // LEVEL=POINTS splits at the last '='; else the points are the digits at the end (优30).
    auto split = level.rfind('=');
    auto from_points = split;
    if (split == std::string::npos) {
      split = level.size();
      while (split > 0 && (std::isdigit(static_cast<unsigned char>(level[split - 1])) ||
                           level[split - 1] == '.')) {
        --split;
      }
      from_points = split;
    } else {
      ++from_points;
    }
    auto points = points_of(text::trim(std::string_view(level).substr(from_points)));
    auto name = text::trim(std::string_view(level).substr(0, split));
    if (from_points == split && !name.empty() && name.back() == ':') {  // 优:30
      name = text::trim(std::string_view(name).substr(0, name.size() - 1));
    }
    if (!points || name.empty()) {
      throw Error(ErrorKind::kBadInput,
                  fmt::format("'{}' in '{}' is not a level: write LEVEL POINTS, e.g. "
                              "创新能力:30(优30/良24/中18/差10)",
                              level, item));
    }
    anchors.push_back({name, *points});
  }
  return anchors;
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
    // An anchored scale in brackets after the points: 创新能力:30(优30/良24/中18/差10).
    std::vector<Anchor> anchors;
    if (item.back() == ')') {
      auto open = item.rfind('(');
      if (open == std::string::npos) {
        throw Error(ErrorKind::kBadInput,
                    fmt::format("'{}' closes a bracket it does not open", item));
      }
      anchors = parse_levels(item, item.substr(open + 1, item.size() - open - 2));
      item = text::trim(item.substr(0, open));
    }
    auto colon = item.rfind(':');
    std::optional<double> points;
    if (colon != std::string::npos) points = points_of(text::trim(item.substr(colon + 1)));
    if (!points) {
      throw Error(
          ErrorKind::kBadInput,
          fmt::format("'{}' is not a criterion: write NAME:POINTS, e.g. 创新能力:30", item));
    }
    form.push_back({text::trim(item.substr(0, colon)), *points, std::move(anchors)});
  }
  if (auto p = form_problem(form)) throw Error(ErrorKind::kBadInput, *p);
  return form;
}

std::string review_form_text(const std::vector<Criterion>& form) {
  std::string out;
  for (const auto& c : form) {
    if (!out.empty()) out += ",";
    out += fmt::format("{}:{}", c.name, c.points);
    if (!c.anchors.empty()) {
      out += "(";
      for (std::size_t i = 0; i < c.anchors.size(); ++i) {
        // 优30 where that reads back; 优=30 where the level ends like a number or has a '='.
        const auto& a = c.anchors[i];
        auto points = fmt::format("{}", a.points);
        const char last = a.level.empty() ? '0' : a.level.back();
        bool plain = !std::isdigit(static_cast<unsigned char>(last)) && last != '.' &&
                     last != ':' && a.level.find('=') == std::string::npos &&
                     points.find_first_not_of("0123456789.") == std::string::npos;
        out += fmt::format("{}{}{}{}", i ? "/" : "", a.level, plain ? "" : "=", points);
      }
      out += ")";
    }
  }
  return out;
}

std::string scale_text(const Criterion& c) {
  std::string out;
  for (const auto& a : c.anchors) {
    out += fmt::format("{}{} {:g}", out.empty() ? "" : " / ", a.level, a.points);
  }
  return out;
}

double criterion_points(const Criterion& c, std::string_view written) {
  auto given = text::trim(written);
  if (auto v = points_of(given)) return *v;
  for (const auto& a : c.anchors) {
    if (a.level == given) return a.points;
  }
  throw Error(ErrorKind::kBadInput,
              c.anchors.empty()
                  ? fmt::format("'{}' is not points for {}: a number from 0 to {:g}", given, c.name,
                                c.points)
                  : fmt::format("'{}' is not a level of {}: {}", given, c.name, scale_text(c)));
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
    const auto& levels = form[i].anchors;
    if (!levels.empty() && std::none_of(levels.begin(), levels.end(), [&](const Anchor& a) {
          return std::fabs(a.points - points[i]) < 1e-9;
        })) {
      return fmt::format("{} is scored by its levels, {}; the review gives {:g}", form[i].name,
                         scale_text(form[i]), points[i]);
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
