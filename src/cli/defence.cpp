// `clusteratlas defence schedule|list|move|notice`: defence sessions (视频答辩) of a round's
// review stage (docs/rounds.md). The work is app/defence.h's; this file reads the flags and
// prints the results.
#include <iostream>

#include <fmt/format.h>

#include "atlas/app/defence.h"
#include "atlas/core/error.h"
#include "context.h"
#include "database.h"

namespace atlas::cli {
namespace {

struct Flags {
  std::string format = "table";
  app::DefenceRequest request;
  std::int64_t round_id = 0, slot_id = 0;
  std::string date, start, reason, zone, expert;
};

void add_schedule(CLI::App* defence, Context& ctx, Flags& flags) {
  auto& r = flags.request;
  auto* schedule = defence->add_subcommand("schedule", "Schedule a panel's session and its slots");
  schedule->add_option("--round", r.round_id, "Round id")->required();
  schedule->add_option("--date", r.date, "The session's day (YYYY-MM-DD)")->required();
  schedule->add_option("--start", r.start, "When the first slot starts (HH:MM)")->required();
  schedule->add_option("--minutes", r.minutes, "Minutes per slot")->capture_default_str();
  schedule->add_option("--panel", r.panel, "The panel's name (答辩组)")->capture_default_str();
  schedule->add_option("--link,--room", r.place, "The video meeting's link, or the room");
  schedule->add_option("--break-after", r.break_after, "A break after every N slots (0: none)")
      ->capture_default_str();
  schedule->add_option("--break", r.break_minutes, "Minutes of each break")->capture_default_str();
  schedule->add_option("--application", r.applications,
                       "Application ids in the order heard (default: every recommended "
                       "application without a slot, by id)");
  add_format_option(schedule, flags.format);
  schedule->footer(
      "Slots follow one another from --start, each --minutes long; the panel of a slot is its\n"
      "application's assigned reviewers, and their reviews are the session's scores. All slots\n"
      "are written or none: refused (exit 3) outside the review stage or after its deadline, on a\n"
      "day passed or after the review deadline, for an application not recommended, without\n"
      "experts or with a slot already, when a panel or an expert would be in two slots at once;\n"
      "a slot past 24:00 or a bad time is exit 2.\n"
      "Examples:\n"
      "  clusteratlas defence schedule --round 1 --date 2026-06-10 --start 09:00 --minutes 20 \\\n"
      "      --panel 第一组 --link https://meeting.tencent.com/dm/abc123\n"
      "  clusteratlas defence schedule --round 1 --date 2026-06-11 --start 14:00 --minutes 30 \\\n"
      "      --panel 第二组 --room 火炬中心302会议室 --application 7 --application 3 \\\n"
      "      --break-after 4 --break 15");
  schedule->callback([&ctx, &flags] {
    auto id = app::schedule_defence(database(ctx), flags.request, ctx.actor());
    if (!ctx.quiet) std::cerr << fmt::format("defence session {} scheduled\n", id);
    ctx.print(app::defence_table(database(ctx), flags.request.round_id), flags.format);
  });
}

}  // namespace

void add_defence_commands(CLI::App& app, Context& ctx) {
  static Flags flags;
  auto* defence =
      app.add_subcommand("defence", "Defence sessions (视频答辩): panels, time slots, notices");
  defence->require_subcommand(1);
  defence->footer(
      "Examples:\n"
      "  clusteratlas defence schedule --round 1 --date 2026-06-10 --start 09:00 --minutes 20\n"
      "  clusteratlas defence list --round 1\n"
      "  clusteratlas defence move 4 --start 15:00 --reason 申报单位网络故障\n"
      "  clusteratlas defence notice --round 1 --zone 襄阳高新区");
  add_schedule(defence, ctx, flags);

  auto* list = defence->add_subcommand("list", "The round's slots, panels and scores in");
  list->add_option("--round", flags.round_id, "Round id")->required();
  add_format_option(list, flags.format);
  list->footer(
      "One row per slot by day and time: the application, its zone, the panel, the experts of\n"
      "its panel, how many of their reviews (the session's scores) are in, and how often it "
      "moved.\n"
      "Examples:\n"
      "  clusteratlas defence list --round 1\n"
      "  clusteratlas defence list --round 1 --format csv > 答辩安排.csv");
  list->callback(
      [&ctx] { ctx.print(app::defence_table(database(ctx), flags.round_id), flags.format); });

  auto* move = defence->add_subcommand("move", "Move a slot, with the reason");
  move->add_option("slot", flags.slot_id, "Slot id (defence list)")->required();
  move->add_option("--start", flags.start, "The new start (HH:MM)")->required();
  move->add_option("--date", flags.date, "The new day (default: the slot's own)");
  move->add_option("--reason", flags.reason, "Why it moves (改期原因)")->required();
  move->footer(
      "The slot keeps its length and its panel; the move is kept with its reason and the zone\n"
      "and the panel's experts are told again. Refused (exit 3) when the panel or an expert\n"
      "would be in two slots at once, or outside the review stage.\n"
      "Examples:\n"
      "  clusteratlas defence move 4 --start 15:00 --reason 申报单位网络故障\n"
      "  clusteratlas defence move 4 --date 2026-06-12 --start 09:00 --reason 专家时间冲突");
  move->callback([&ctx] {
    app::move_defence_slot(database(ctx), flags.slot_id, flags.date, flags.start, flags.reason,
                           ctx.actor());
    if (!ctx.quiet) std::cout << fmt::format("slot {} moved to {}\n", flags.slot_id, flags.start);
  });

  auto* notice = defence->add_subcommand("notice", "What a zone or an expert is told");
  notice->add_option("--round", flags.round_id, "Round id")->required();
  auto* zone = notice->add_option("--zone", flags.zone, "A zone (id or name): its slots");
  auto* expert =
      notice->add_option("--expert", flags.expert, "An expert's code: the slots they sit in");
  zone->excludes(expert);
  add_format_option(notice, flags.format);
  notice->footer(
      "The applicant's notice does not name the panel's experts.\n"
      "Examples:\n"
      "  clusteratlas defence notice --round 1 --zone 襄阳高新区\n"
      "  clusteratlas defence notice --round 1 --expert E0007 --format csv");
  notice->callback([&ctx] {
    app::DefenceParty party;
    if (!flags.zone.empty()) {
      party.zone_id = ctx.zone(flags.zone).id;
    } else if (!flags.expert.empty()) {
      party.expert_code = flags.expert;
    } else {
      throw Error(ErrorKind::kUsage, "defence notice: give --zone or --expert");
    }
    ctx.print(app::defence_notice(database(ctx), flags.round_id, party), flags.format);
  });
}

}  // namespace atlas::cli
