// Defence sessions (视频答辩) of a round's review stage: a panel (答辩组) hears applications one
// after another, each in a time slot of the same length, on one day, by video or in a room. Pure
// rules on plain data: laying a session out from its start, slot length and breaks, and checking
// a round's slots together — no two of one panel at once, none outside the day, no application
// twice, no expert in two places at once. The store calls them in the transaction that writes.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace atlas::rounds {

// Minutes since midnight of a clock time "HH:MM" (00:00–23:59, and 24:00, the end of the day), or
// nullopt when it is not one.
std::optional<int> parse_clock(std::string_view hhmm);
// "09:05" for 545; 1440 is "24:00", and later times go on counting ("24:20") so that a message
// can say how far past the day a slot runs.
std::string clock_text(int minutes);

// How a session is laid out: slots of `minutes` each from `start` on `date`, and after every
// `break_after` slots (0: never) a break of `break_minutes`.
struct SessionPlan {
  std::string date;   // YYYY-MM-DD
  std::string start;  // HH:MM
  int minutes = 20;
  int break_after = 0;
  int break_minutes = 0;
};

struct PlannedSlot {
  std::int64_t application_id = 0;
  std::string start, end;  // HH:MM
};

// The slots of `applications` in the order given, or a problem: a bad date or start, a slot
// length outside 1–480 minutes, a negative break, no application, an application twice, a
// slot that would end after 24:00 (named by its place and end).
struct SessionLayout {
  std::vector<PlannedSlot> slots;
  std::optional<std::string> problem;
};
SessionLayout lay_out_session(const SessionPlan& plan,
                              const std::vector<std::int64_t>& applications);

// One slot as the round's check sees it: where (the session's panel and date), when, and who
// sits in it (the application's assigned experts).
struct SlotTimes {
  std::int64_t application_id = 0;
  std::string panel;
  std::string date;        // YYYY-MM-DD
  std::string start, end;  // HH:MM
  std::vector<std::string> experts;
};

// Why a round's slots cannot stand together, or nullopt: a bad date or time, a slot that ends
// before it starts or after 24:00, an application with two slots, two slots of one panel on one
// day that overlap, an expert in two slots that overlap (a panel's experts hear one application
// at a time). Touching slots (one ends at 09:20, the next starts at 09:20) do not overlap.
std::optional<std::string> slots_problem(const std::vector<SlotTimes>& slots);

}  // namespace atlas::rounds
