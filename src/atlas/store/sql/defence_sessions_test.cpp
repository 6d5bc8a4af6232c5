// Defence sessions (视频答辩) in the store (both backends): a session's slots written all or none,
// each told to its zone and panel; a slot moved with its reason; and every refusal leaving nothing,
// not even an audit entry.
#include <gtest/gtest.h>

#include "atlas/store/sql/review_stage_test_support.h"

namespace atlas::store {
namespace {

class DefenceSessionsTest : public test_support::ReviewStageTest {
 protected:
  void SetUp() override {
    ReviewStageTest::SetUp();
    // 武汉 and 襄阳 to E1 and E2; 苏州 to E3 alone.
    reviews().assign_reviewers(round_,
                               {{apps_[0], "E1", 1, false, ""},
                                {apps_[0], "E2", 1, false, ""},
                                {apps_[1], "E1", 1, false, ""},
                                {apps_[1], "E2", 1, false, ""},
                                {apps_[2], "E3", 1, false, ""}},
                               {}, on("2026-05-02"));
  }

  DefenceSession session(std::string panel, std::string date) const {
    DefenceSession s;
    s.round_id = round_;
    s.panel = std::move(panel);
    s.date = std::move(date);
    s.place = "https://meeting.example/123";
    s.minutes = 20;
    return s;
  }
  static DefenceSlot slot(std::int64_t application, std::string start, std::string end) {
    DefenceSlot s;
    s.application_id = application;
    s.start = std::move(start);
    s.end = std::move(end);
    return s;
  }
  // 武汉 09:00–09:20 and 襄阳 09:20–09:40 before panel 第一组 on 10 June.
  std::int64_t schedule_first() {
    return reviews().schedule_defence(
        session("第一组", "2026-06-10"),
        {slot(apps_[0], "09:00", "09:20"), slot(apps_[1], "09:20", "09:40")}, on("2026-05-20"));
  }
};
ATLAS_ON_BOTH_BACKENDS(DefenceSessionsTest);

TEST_P(DefenceSessionsTest, ASessionKeepsItsSlotsEachToldToItsZoneAndPanel) {
  auto before = audit_entries();
  auto id = schedule_first();
  EXPECT_EQ(audit_entries(), before + 1);  // one entry for the whole session
  auto sessions = reviews().defence_sessions(round_);
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].id, id);
  EXPECT_EQ(sessions[0].panel, "第一组");
  EXPECT_EQ(sessions[0].date, "2026-06-10");
  EXPECT_EQ(sessions[0].place, "https://meeting.example/123");
  EXPECT_EQ(sessions[0].minutes, 20);
  auto slots = reviews().defence_slots(round_);
  ASSERT_EQ(slots.size(), 2u);
  EXPECT_EQ(slots[0].application_id, apps_[0]);
  EXPECT_EQ(slots[0].date, "2026-06-10");
  EXPECT_EQ(slots[0].start, "09:00");
  EXPECT_EQ(slots[0].end, "09:20");
  EXPECT_EQ(slots[0].told, "武汉东湖高新区; E1, E2");
  EXPECT_EQ(slots[1].told, "襄阳高新区; E1, E2");
  EXPECT_EQ(slots[1].moves, 0);
  // Another panel at the same time, with an expert of its own: no one sits in two places.
  reviews().schedule_defence(session("第二组", "2026-06-10"), {slot(apps_[2], "09:00", "09:20")},
                             on("2026-05-20"));
  EXPECT_EQ(reviews().defence_slots(round_).size(), 3u);
}

TEST_P(DefenceSessionsTest, ARefusedScheduleLeavesNothing) {
  schedule_first();
  auto entries = audit_entries();
  auto sessions = reviews().defence_sessions(round_).size();
  auto s = [&](DefenceSession d, std::vector<DefenceSlot> slots, const std::string& today) {
    return refused([&] { reviews().schedule_defence(d, slots, on(today)); });
  };
  // 襄阳 has its slot already.
  EXPECT_EQ(s(session("第二组", "2026-06-11"), {slot(apps_[1], "09:00", "09:20")}, "2026-05-20"),
            ErrorKind::kRule);
  // 苏州 heard by 第一组 while the panel hears 武汉.
  EXPECT_EQ(s(session("第一组", "2026-06-10"), {slot(apps_[2], "09:10", "09:30")}, "2026-05-20"),
            ErrorKind::kRule);
  // 宜昌 is not on a province's list.
  EXPECT_EQ(s(session("第二组", "2026-06-10"), {slot(apps_[3], "14:00", "14:20")}, "2026-05-20"),
            ErrorKind::kRule);
  // After the review deadline (15 June), on a day passed, and after the deadline as recorded.
  EXPECT_EQ(s(session("第二组", "2026-06-16"), {slot(apps_[2], "09:00", "09:20")}, "2026-05-20"),
            ErrorKind::kRule);
  EXPECT_EQ(s(session("第二组", "2026-05-19"), {slot(apps_[2], "09:00", "09:20")}, "2026-05-20"),
            ErrorKind::kRule);
  EXPECT_EQ(s(session("第二组", "2026-06-15"), {slot(apps_[2], "09:00", "09:20")}, "2026-06-16"),
            ErrorKind::kRule);
  EXPECT_EQ(s(session(" ", "2026-06-11"), {slot(apps_[2], "09:00", "09:20")}, "2026-05-20"),
            ErrorKind::kBadInput);
  EXPECT_EQ(s(session("第二组", "2026-06-11"), {}, "2026-05-20"), ErrorKind::kBadInput);
  // One good slot and one bad: neither is written.
  EXPECT_EQ(s(session("第二组", "2026-06-11"),
              {slot(apps_[2], "09:00", "09:20"), slot(apps_[1], "09:20", "09:40")}, "2026-05-20"),
            ErrorKind::kRule);
  EXPECT_EQ(audit_entries(), entries);
  EXPECT_EQ(reviews().defence_sessions(round_).size(), sessions);
  EXPECT_EQ(reviews().defence_slots(round_).size(), 2u);
}

TEST_P(DefenceSessionsTest, AMovedSlotKeepsItsLengthAndItsReason) {
  schedule_first();
  auto slots = reviews().defence_slots(round_);
  auto xiangyang = slots[1].id;
  auto entries = audit_entries();
  // No reason; into 武汉's time (the same panel); past midnight; after the deadline.
  EXPECT_EQ(refused([&] {
              reviews().move_defence_slot(xiangyang, "2026-06-10", "10:00", "  ", on("2026-05-21"));
            }),
            ErrorKind::kBadInput);
  EXPECT_EQ(refused([&] {
              reviews().move_defence_slot(xiangyang, "2026-06-10", "09:10", "专家有事",
                                          on("2026-05-21"));
            }),
            ErrorKind::kRule);
  EXPECT_EQ(refused([&] {
              reviews().move_defence_slot(xiangyang, "2026-06-10", "23:50", "专家有事",
                                          on("2026-05-21"));
            }),
            ErrorKind::kRule);
  EXPECT_EQ(refused([&] {
              reviews().move_defence_slot(xiangyang, "2026-06-16", "09:00", "专家有事",
                                          on("2026-05-21"));
            }),
            ErrorKind::kRule);
  EXPECT_EQ(refused([&] {
              reviews().move_defence_slot(xiangyang, "2026-06-10", "9am", "专家有事",
                                          on("2026-05-21"));
            }),
            ErrorKind::kBadInput);
  EXPECT_EQ(refused([&] {
              reviews().move_defence_slot(999, "2026-06-10", "10:00", "专家有事", on("2026-05-21"));
            }),
            ErrorKind::kNotFound);
  EXPECT_EQ(audit_entries(), entries);
  EXPECT_TRUE(reviews().defence_slot_moves(round_).empty());

  reviews().move_defence_slot(xiangyang, "2026-06-11", "14:30", "申报单位网络故障",
                              on("2026-05-21"));
  EXPECT_EQ(audit_entries(), entries + 1);
  slots = reviews().defence_slots(round_);
  ASSERT_EQ(slots.size(), 2u);
  EXPECT_EQ(slots[1].application_id, apps_[1]);  // now the later one
  EXPECT_EQ(slots[1].date, "2026-06-11");
  EXPECT_EQ(slots[1].start, "14:30");
  EXPECT_EQ(slots[1].end, "14:50");  // 20 minutes, as scheduled
  EXPECT_EQ(slots[1].moves, 1);
  EXPECT_EQ(slots[1].told_at, "2026-05-21T09:00:00Z");  // told again
  auto moves = reviews().defence_slot_moves(round_);
  ASSERT_EQ(moves.size(), 1u);
  EXPECT_EQ(moves[0].slot_id, xiangyang);
  EXPECT_EQ(moves[0].application_id, apps_[1]);
  EXPECT_EQ(moves[0].old_date, "2026-06-10");
  EXPECT_EQ(moves[0].old_start, "09:20");
  EXPECT_EQ(moves[0].new_date, "2026-06-11");
  EXPECT_EQ(moves[0].new_start, "14:30");
  EXPECT_EQ(moves[0].reason, "申报单位网络故障");
  EXPECT_EQ(moves[0].moved_by, "office");
  bool audited = false;
  for (const auto& e : store_->audit_entries({})) {
    if (e.action != "move") continue;
    audited = true;
    EXPECT_EQ(e.entity, "defence-slot");
    EXPECT_EQ(e.reason, "申报单位网络故障");
    ASSERT_TRUE(e.before && e.after);
    EXPECT_NE(e.before->find("09:20"), std::string::npos);
    EXPECT_NE(e.after->find("14:30"), std::string::npos);
  }
  EXPECT_TRUE(audited);
}

TEST_P(DefenceSessionsTest, AnExpertCannotSitInTwoPanelsAtOnce) {
  reviews().schedule_defence(session("第一组", "2026-06-10"), {slot(apps_[0], "09:00", "09:20")},
                             on("2026-05-20"));
  // 襄阳's experts (E1, E2) hear 武汉 in 第一组 until 09:20: 第二组 cannot hear 襄阳 at 09:10…
  EXPECT_EQ(refused([&] {
              reviews().schedule_defence(session("第二组", "2026-06-10"),
                                         {slot(apps_[1], "09:10", "09:30")}, on("2026-05-20"));
            }),
            ErrorKind::kRule);
  // …but can at 09:20, and 苏州 (E3 alone) at 09:00 in 第三组.
  reviews().schedule_defence(session("第二组", "2026-06-10"), {slot(apps_[1], "09:20", "09:40")},
                             on("2026-05-20"));
  reviews().schedule_defence(session("第三组", "2026-06-10"), {slot(apps_[2], "09:00", "09:20")},
                             on("2026-05-20"));
  EXPECT_EQ(reviews().defence_slots(round_).size(), 3u);
  // Moving 襄阳 back to 09:10 in its own panel puts E1 and E2 in two places again.
  std::int64_t xiangyang = 0;
  for (const auto& s : reviews().defence_slots(round_)) {
    if (s.application_id == apps_[1]) xiangyang = s.id;
  }
  EXPECT_EQ(refused([&] {
              reviews().move_defence_slot(xiangyang, "2026-06-10", "09:10", "改期",
                                          on("2026-05-21"));
            }),
            ErrorKind::kRule);
}

TEST_P(DefenceSessionsTest, ANewAssignmentCannotPutAnExpertInTwoSlotsAtOnce) {
  reviews().schedule_defence(session("第一组", "2026-06-10"), {slot(apps_[0], "09:00", "09:20")},
                             on("2026-05-20"));
  reviews().schedule_defence(session("第二组", "2026-06-10"), {slot(apps_[2], "09:00", "09:20")},
                             on("2026-05-20"));
  auto entries = audit_entries();
  // E1 for 苏州 too: E1 would hear 武汉 and 苏州 at 09:00.
  EXPECT_EQ(refused([&] {
              reviews().assign_reviewers(round_,
                                         {{apps_[0], "E1", 1, false, ""},
                                          {apps_[0], "E2", 1, false, ""},
                                          {apps_[1], "E1", 1, false, ""},
                                          {apps_[1], "E2", 1, false, ""},
                                          {apps_[2], "E1", 1, false, ""}},
                                         {}, on("2026-05-21"));
            }),
            ErrorKind::kRule);
  EXPECT_EQ(audit_entries(), entries);
  std::vector<std::string> suzhou;
  for (const auto& p : reviews().assignments(round_)) {
    if (p.application_id == apps_[2]) suzhou.push_back(p.expert_code);
  }
  EXPECT_EQ(suzhou, std::vector<std::string>{"E3"});
}

}  // namespace
}  // namespace atlas::store
