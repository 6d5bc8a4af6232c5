// Defence sessions' rules: slots laid out by hand-counted clock times, and the problems a round's
// slots can have together.
#include "atlas/rounds/defence.h"

#include <gtest/gtest.h>

namespace atlas::rounds {
namespace {

SessionPlan plan(std::string start, int minutes, int break_after = 0, int break_minutes = 0) {
  SessionPlan p;
  p.date = "2026-06-10";
  p.start = std::move(start);
  p.minutes = minutes;
  p.break_after = break_after;
  p.break_minutes = break_minutes;
  return p;
}

SlotTimes slot(std::int64_t application, std::string panel, std::string start, std::string end,
               std::vector<std::string> experts = {}, std::string date = "2026-06-10") {
  SlotTimes s;
  s.application_id = application;
  s.panel = std::move(panel);
  s.date = std::move(date);
  s.start = std::move(start);
  s.end = std::move(end);
  s.experts = std::move(experts);
  return s;
}

TEST(DefenceClock, ReadsAndWritesHoursAndMinutes) {
  EXPECT_EQ(parse_clock("09:05"), 545);
  EXPECT_EQ(parse_clock("00:00"), 0);
  EXPECT_EQ(parse_clock("24:00"), 1440);  // the end of the day
  EXPECT_EQ(parse_clock("24:01"), std::nullopt);
  EXPECT_EQ(parse_clock("9:05"), std::nullopt);
  EXPECT_EQ(parse_clock("09:60"), std::nullopt);
  EXPECT_EQ(parse_clock("09.05"), std::nullopt);
  EXPECT_EQ(clock_text(545), "09:05");
  EXPECT_EQ(clock_text(1460), "24:20");
}

TEST(DefenceLayout, SlotsFollowOneAnotherWithABreakAfterEveryN) {
  // 09:00 + 20 minutes each; after every 2 slots a 10-minute break.
  auto l = lay_out_session(plan("09:00", 20, 2, 10), {7, 3, 5, 9, 11});
  ASSERT_FALSE(l.problem) << *l.problem;
  ASSERT_EQ(l.slots.size(), 5u);
  auto at = [&](std::size_t i) { return l.slots[i].start + "-" + l.slots[i].end; };
  EXPECT_EQ(l.slots[0].application_id, 7);  // in the order given
  EXPECT_EQ(at(0), "09:00-09:20");
  EXPECT_EQ(at(1), "09:20-09:40");
  EXPECT_EQ(at(2), "09:50-10:10");  // the break 09:40–09:50
  EXPECT_EQ(at(3), "10:10-10:30");
  EXPECT_EQ(at(4), "10:40-11:00");
  EXPECT_EQ(l.slots[4].application_id, 11);
}

TEST(DefenceLayout, WithoutABreakTheSlotsAreBackToBack) {
  auto l = lay_out_session(plan("14:30", 45), {1, 2});
  ASSERT_FALSE(l.problem);
  EXPECT_EQ(l.slots[1].start, "15:15");
  EXPECT_EQ(l.slots[1].end, "16:00");
}

TEST(DefenceLayout, ASessionMustEndByMidnight) {
  // 23:00, 23:20, 23:40 end at 24:00 exactly: allowed. A fourth would end at 24:20.
  auto fits = lay_out_session(plan("23:00", 20), {1, 2, 3});
  ASSERT_FALSE(fits.problem);
  EXPECT_EQ(fits.slots[2].end, "24:00");
  auto late = lay_out_session(plan("23:00", 20), {1, 2, 3, 4});
  ASSERT_TRUE(late.problem);
  EXPECT_TRUE(late.slots.empty());
  EXPECT_NE(late.problem->find("slot 4 (application 4) would end at 24:20"), std::string::npos)
      << *late.problem;
}

TEST(DefenceLayout, RefusesABadPlan) {
  auto problem = [](const SessionPlan& p, std::vector<std::int64_t> apps = {1}) {
    auto l = lay_out_session(p, apps);
    return l.problem.value_or("");
  };
  EXPECT_NE(problem(plan("9:00", 20)).find("'9:00' is not a time of day"), std::string::npos);
  EXPECT_NE(problem(plan("24:00", 20)).find("not a time of day"), std::string::npos);
  EXPECT_NE(problem(plan("09:00", 0)).find("a slot of 0 minutes"), std::string::npos);
  EXPECT_NE(problem(plan("09:00", 481)).find("a slot of 481 minutes"), std::string::npos);
  EXPECT_NE(problem(plan("09:00", 20, 2, -5)).find("negative"), std::string::npos);
  EXPECT_NE(problem(plan("09:00", 20), {}).find("at least one application"), std::string::npos);
  EXPECT_NE(problem(plan("09:00", 20), {4, 5, 4}).find("application 4 is given twice"),
            std::string::npos);
  auto bad_date = plan("09:00", 20);
  bad_date.date = "2026-02-30";
  EXPECT_NE(problem(bad_date).find("the session's date"), std::string::npos);
}

TEST(DefenceSlots, SeparatePanelsAndTouchingSlotsStandTogether) {
  EXPECT_EQ(slots_problem({slot(1, "第一组", "09:00", "09:20", {"E1", "E2"}),
                           slot(2, "第一组", "09:20", "09:40", {"E1", "E2"}),
                           slot(3, "第二组", "09:00", "09:20", {"E3"}),
                           // The same times on another day.
                           slot(4, "第一组", "09:00", "09:20", {"E1"}, "2026-06-11")}),
            std::nullopt);
}

TEST(DefenceSlots, OnePanelHearsOneApplicationAtATime) {
  auto p =
      slots_problem({slot(1, "第一组", "09:00", "09:20"), slot(2, "第一组", "09:10", "09:30")});
  ASSERT_TRUE(p);
  EXPECT_EQ(*p,
            "panel 第一组 would hear two applications at once: application 1 (第一组, 2026-06-10 "
            "09:00–09:20) and application 2 (第一组, 2026-06-10 09:10–09:30)");
}

TEST(DefenceSlots, AnExpertSitsInOneSlotAtATime) {
  // Two panels at once, E2 in both: a panel is the application's assigned experts.
  auto p = slots_problem({slot(1, "第一组", "10:00", "10:30", {"E1", "E2"}),
                          slot(2, "第二组", "10:15", "10:45", {"E2", "E3"})});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->substr(0, 40), "expert E2 would sit in two slots at once");
}

TEST(DefenceSlots, AnApplicationIsHeardOnce) {
  auto p =
      slots_problem({slot(1, "第一组", "09:00", "09:20"), slot(1, "第二组", "14:00", "14:20")});
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, "application 1 has two slots: an application is heard once");
}

TEST(DefenceSlots, BadTimesAreNamed) {
  auto ends_first = slots_problem({slot(1, "第一组", "09:20", "09:00")});
  ASSERT_TRUE(ends_first);
  EXPECT_EQ(*ends_first, "the slot of application 1 ends (09:00) before it starts (09:20)");
  auto past_midnight = slots_problem({slot(1, "第一组", "23:50", "24:10")});
  ASSERT_TRUE(past_midnight);  // 24:10 is no time of day
  EXPECT_NE(past_midnight->find("not a time of day"), std::string::npos);
  auto bad_date = slots_problem({slot(1, "第一组", "09:00", "09:20", {}, "2026/06/10")});
  ASSERT_TRUE(bad_date);
  EXPECT_NE(bad_date->find("the slot of application 1"), std::string::npos);
}

}  // namespace
}  // namespace atlas::rounds
