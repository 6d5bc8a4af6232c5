#include "atlas/rounds/defence.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "atlas/core/date.h"

namespace atlas::rounds {
namespace {

constexpr int kDayEnd = 24 * 60;
constexpr int kLongestSlot = 8 * 60;  // a working day: a longer "slot" is a typo

struct Span {
  std::size_t index = 0;  // into the slots checked
  int start = 0, end = 0;
};

bool overlap(const Span& a, const Span& b) {
  return a.start < b.end && b.start < a.end;
}

std::string slot_name(const SlotTimes& s) {
  return fmt::format("application {} ({}, {} {}–{})", s.application_id, s.panel, s.date, s.start,
                     s.end);
}

}  // namespace

std::optional<int> parse_clock(std::string_view s) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  for (std::size_t i : {0u, 1u, 3u, 4u}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  }
  int h = (s[0] - '0') * 10 + (s[1] - '0');
  int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

std::string clock_text(int minutes) {
  return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60);
}

SessionLayout lay_out_session(const SessionPlan& plan,
                              const std::vector<std::int64_t>& applications) {
  SessionLayout out;
  auto refuse = [&](std::string why) {
    out.slots.clear();
    out.problem = std::move(why);
    return out;
  };
  if (auto p = date::problem(plan.date)) return refuse(fmt::format("the session's date: {}", *p));
  auto start = parse_clock(plan.start);
  if (!start || *start >= kDayEnd) {
    return refuse(
        fmt::format("the start '{}' is not a time of day (HH:MM, 00:00–23:59)", plan.start));
  }
  if (plan.minutes < 1 || plan.minutes > kLongestSlot) {
    return refuse(fmt::format("a slot of {} minutes: give 1 to {}", plan.minutes, kLongestSlot));
  }
  if (plan.break_after < 0 || plan.break_minutes < 0) {
    return refuse("a break comes after a number of slots and lasts some minutes, neither negative");
  }
  if (applications.empty()) return refuse("a session needs at least one application to hear");
  std::set<std::int64_t> seen;
  int at = *start;
  for (std::size_t i = 0; i < applications.size(); ++i) {
    if (!seen.insert(applications[i]).second) {
      return refuse(fmt::format("application {} is given twice", applications[i]));
    }
    if (i > 0 && plan.break_after > 0 && i % static_cast<std::size_t>(plan.break_after) == 0) {
      at += plan.break_minutes;
    }
    int end = at + plan.minutes;
    if (end > kDayEnd) {
      return refuse(fmt::format(
          "slot {} (application {}) would end at {}, past the end of the day: start earlier, "
          "shorten the slots or split the applications into two sessions",
          i + 1, applications[i], clock_text(end)));
    }
    out.slots.push_back({applications[i], clock_text(at), clock_text(end)});
    at = end;
  }
  return out;
}

std::optional<std::string> slots_problem(const std::vector<SlotTimes>& slots) {
  std::vector<Span> spans;
  std::set<std::int64_t> applications;
  for (std::size_t i = 0; i < slots.size(); ++i) {
    const auto& s = slots[i];
    if (auto p = date::problem(s.date)) {
      return fmt::format("the slot of application {}: {}", s.application_id, *p);
    }
    auto start = parse_clock(s.start), end = parse_clock(s.end);
    if (!start || !end || *start >= kDayEnd) {
      return fmt::format("the slot of application {}: '{}'–'{}' is not a time of day (HH:MM)",
                         s.application_id, s.start, s.end);
    }
    if (*end <= *start) {
      return fmt::format("the slot of application {} ends ({}) before it starts ({})",
                         s.application_id, s.end, s.start);
    }
    if (!applications.insert(s.application_id).second) {
      return fmt::format("application {} has two slots: an application is heard once",
                         s.application_id);
    }
    spans.push_back({i, *start, *end});
  }
  // Slots by day and start, so that the first overlap named is the earliest.
  std::sort(spans.begin(), spans.end(), [&](const Span& a, const Span& b) {
    const auto& da = slots[a.index].date;
    const auto& db = slots[b.index].date;
    return da != db ? da < db : a.start != b.start ? a.start < b.start : a.index < b.index;
  });
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const auto& a = slots[spans[i].index];
    for (std::size_t j = i + 1; j < spans.size(); ++j) {
      const auto& b = slots[spans[j].index];
      if (b.date != a.date || spans[j].start >= spans[i].end) break;
      if (!overlap(spans[i], spans[j])) continue;
      if (a.panel == b.panel) {
        return fmt::format("panel {} would hear two applications at once: {} and {}", a.panel,
                           slot_name(a), slot_name(b));
      }
      for (const auto& e : a.experts) {
        if (std::find(b.experts.begin(), b.experts.end(), e) != b.experts.end()) {
          return fmt::format("expert {} would sit in two slots at once: {} and {}", e, slot_name(a),
                             slot_name(b));
        }
      }
    }
  }
  return std::nullopt;
}

}  // namespace atlas::rounds
