// `clusteratlas demo`: writes the synthetic national data set (demo/generator.h) and a selection
// round (demo/round.h) into the database in one transaction, so that a new machine has
// something real-looking to show.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <iostream>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "atlas/app/application_figures.h"
#include "atlas/app/defence.h"
#include "atlas/app/demo_accounts.h"
#include "atlas/app/round_decision.h"
#include "atlas/app/round_review.h"
#include "atlas/core/date.h"
#include "atlas/core/error.h"
#include "atlas/demo/generator.h"
#include "atlas/demo/reviews.h"
#include "atlas/demo/round.h"
#include "atlas/domain/status.h"
#include "atlas/ingest/reference_data.h"
#include "atlas/store/round_reviews.h"
#include "context.h"

namespace atlas::cli {
namespace {

struct DemoFlags {
  std::uint64_t seed = 2013;
  int clusters = 150;
  std::string years = "2019-2024";
  bool accounts = false;
  std::string format = "table";
};

demo::DemoOptions options_of(const DemoFlags& flags) {
  demo::DemoOptions options;
  options.seed = flags.seed;
  options.clusters = flags.clusters;
  int first = 0, last = 0;
  char dash = 0;
  if (std::sscanf(flags.years.c_str(), "%d%c%d", &first, &dash, &last) != 3 || dash != '-') {
    throw Error(ErrorKind::kUsage,
                fmt::format("--years must look like 2019-2024, not '{}'", flags.years));
  }
  options.first_year = first;
  options.last_year = last;
  return options;
}

// Writes the data set; rows refer to clusters by index until the store gives them ids.
void write(store::Store& store, const demo::DemoDataSet& data, const store::Actor& actor,
           bool progress) {
  std::vector<std::int64_t> ids;
  for (const auto& dc : data.clusters) {
    if (dc.bundled) {
      ids.push_back(store.find_clusters(dc.cluster.name).at(0).id);
    } else {
      domain::Cluster c = dc.cluster;
      auto zone = store.zone_by_name(dc.zone_name);
      if (!zone) throw Error(ErrorKind::kInternal, "demo zone missing: " + dc.zone_name);
      c.zone_id = zone->id;
      ids.push_back(store.add_cluster(c, dc.history.front(), actor));
    }
    for (std::size_t i = 1; i < dc.history.size(); ++i) {
      store.change_status(ids.back(), dc.history[i], actor);
    }
    for (const auto& event : dc.events) store.record_event(ids.back(), event, actor);
  }
  store.add_enterprises(data.enterprises, actor);
  // In batches, for the progress line; each batch is one transaction within the demo's.
  constexpr std::size_t kBatch = 10000;
  std::vector<domain::EnterpriseYear> batch;
  for (std::size_t done = 0; done < data.years.size(); done += batch.size()) {
    batch.assign(data.years.begin() + static_cast<std::ptrdiff_t>(done),
                 data.years.begin() +
                     static_cast<std::ptrdiff_t>(std::min(done + kBatch, data.years.size())));
    for (auto& row : batch) row.cluster_id = ids.at(row.cluster_id);
    store.add_enterprise_years(batch, actor);
    // Once is enough: the planner scales what it learns by the tables' growing size. Without it
    // PostgreSQL scans a whole year for each look-up of the later batches.
    if (done == 0) store.update_statistics();
    if (progress) {
      std::cerr << fmt::format("\r  enterprise-years {}/{}", done + batch.size(), data.years.size())
                << std::flush;
    }
  }
  if (progress) std::cerr << '\n';
  auto with_ids = [&](auto list) {
    for (auto& record : list) record.cluster_id = ids.at(record.cluster_id);
    return list;
  };
  store.add_platforms(with_ids(data.platforms), actor);
  store.add_institutions(with_ids(data.institutions), actor);
  store.add_alliances(with_ids(data.alliances), actor);
}

struct RoundSummary {
  std::int64_t id = 0;
  std::size_t applications = 0, provinces = 0, experts = 0, reviews = 0;
  rounds::Stage stage{};
};

// The zones that cannot apply now: those with an active cluster (一区一主导产业).
std::vector<std::string> zones_with_active_clusters(store::Store& store) {
  std::vector<std::string> active;
  for (const auto& c : store.clusters({})) {
    if (!domain::is_active(c.status)) continue;
    if (auto zone = store.zone(c.zone_id)) active.push_back(zone->name);
  }
  return active;
}

// The points an expert gives on `form`: the synthetic ones, a criterion scored by levels taking
// the level nearest them.
std::vector<double> review_points(const std::vector<rounds::Criterion>& form, std::uint64_t seed,
                                  std::int64_t application, const std::string& expert) {
  auto points = demo::demo_review_points(form, seed, application, expert);
  for (std::size_t i = 0; i < form.size(); ++i) {
    if (form[i].anchors.empty()) continue;
    double nearest = form[i].anchors.front().points;
    for (const auto& level : form[i].anchors) {
      if (std::abs(level.points - points[i]) < std::abs(nearest - points[i])) {
        nearest = level.points;
      }
    }
    points[i] = nearest;
  }
  return points;
}

// A generated round through the store's own rules, as an office, zones, provinces and experts
// would record it, up to the end of its review: opened (with the new zones it needs), every
// application submitted, the provinces' lists sent, the pool imported when `pool` is set, the
// review form set, the pool assigned optimally (5 reviewers each, at most 8 per expert) and every
// assigned expert's review in. With `figures`, each application reports three years of figures
// (the data part of the round's composite). `on(day)` is the actor of each step, day 0 the
// round's opening.
RoundSummary write_through_review(store::Store& store, const demo::DemoRound& round, bool pool,
                                  bool figures, const std::vector<rounds::Criterion>& form,
                                  std::uint64_t seed, const std::function<store::Actor(int)>& on) {
  for (const auto& zone : round.new_zones) store.add_zone(zone, on(0));
  RoundSummary summary;
  summary.id = store.add_round(round.round, on(0));
  std::vector<std::int64_t> ids;
  std::set<std::string> provinces;
  for (auto a : round.applications) {
    auto zone = store.zone_by_name(a.parties.zone_name);
    if (!zone) throw Error(ErrorKind::kInternal, "demo zone missing: " + a.parties.zone_name);
    a.round_id = summary.id;
    a.zone_id = zone->id;
    ids.push_back(store.submit_application(a, on(2)));
    provinces.insert(zone->province_code);
  }
  for (auto id : figures ? ids : std::vector<std::int64_t>{}) {
    store::ApplicationFigures reported;
    for (auto [year, given] : demo::demo_application_figures(seed, id, round.round.year - 1)) {
      reported[year] = app::application_fields(std::move(given), year);
    }
    store.round_reviews().set_application_figures(id, reported, on(5));
  }
  store.advance_round(summary.id, on(11));
  for (auto [province, list] : round.recommendations) {
    for (auto& line : list) line.application_id = ids.at(line.application_id);
    store.recommend(summary.id, province, list, on(30));
  }
  if (pool) store.import_experts(round.experts, "合成演示专家库", on(35));
  summary.stage = store.advance_round(summary.id, on(41));
  store.round_reviews().set_review_form(summary.id, form, on(42));
  const app::Database db{[&store]() -> store::Store& { return store; }, "demo"};
  app::RoundAssignmentRequest assignment;
  assignment.round_id = summary.id;
  app::assign_round(db, assignment, on(45));
  for (const auto& pair : store.round_reviews().assignments(summary.id)) {
    store::ExpertReview review;
    review.application_id = pair.application_id;
    review.expert_code = pair.expert_code;
    review.points = review_points(form, seed, pair.application_id, pair.expert_code);
    store.round_reviews().submit_review(review, on(60));
    ++summary.reviews;
  }
  summary.applications = ids.size();
  summary.provinces = provinces.size();
  summary.experts = round.experts.size();
  return summary;
}

// The demo's selection round: opened today, every zone without an active cluster (as the
// registry now holds them) free to apply, and taken through the experts' review on the round's
// four-criterion form, all recorded today. It stays in the review stage for an office to decide.
RoundSummary write_round(store::Store& store, const domain::ReferenceData& reference,
                         std::uint64_t seed, const store::Actor& actor, bool progress) {
  auto round = demo::generate_round(reference, ingest::bundled_cities(),
                                    zones_with_active_clusters(store), seed, actor.recorded_on());
  auto summary = write_through_review(store, round, true, true, demo::demo_review_form(), seed,
                                      [&actor](int) { return actor; });
  // Its defence (视频答辩): two panels, today and tomorrow, half the list each in the order of
  // their ids, a break after every sixth application (an expert may sit in both).
  const app::Database db{[&store]() -> store::Store& { return store; }, "demo"};
  std::vector<std::int64_t> heard;
  for (const auto& a : store.applications(summary.id, {})) {
    if (a.rank) heard.push_back(a.id);
  }
  std::sort(heard.begin(), heard.end());
  const auto half = heard.begin() + static_cast<std::ptrdiff_t>(heard.size() / 2);
  for (auto [panel, day, from, to] :
       {std::tuple{"第一组", 0, heard.begin(), half}, std::tuple{"第二组", 1, half, heard.end()}}) {
    app::DefenceRequest session;
    session.round_id = summary.id;
    session.panel = panel;
    session.date = date::add_days(actor.recorded_on(), day);
    session.start = "09:00";
    session.break_after = 6;
    session.place = "腾讯会议（演示）";
    session.applications.assign(from, to);
    app::schedule_defence(db, session, actor);
  }
  if (progress) {
    std::cerr << fmt::format(
        "  round {}: {} applications, {} provinces, {} experts, {} new zones, {} reviews\n",
        summary.id, summary.applications, summary.provinces, summary.experts,
        round.new_zones.size(), summary.reviews);
  }
  return summary;
}

// The round before the open one, recorded day by day a year earlier (each step under an actor
// whose today is its day, so every stage's rule and deadline holds as it did then): 40
// applications from zones that neither have an active cluster nor apply in the open round, the
// same pool reviewing on a form with 创新能力 on an anchored scale, the decision on the panel's
// scores alone (data weight 0: the applications reported no figures), the public notice with one
// objection answered, and the admission of its final list as pilot clusters under its 文号.
RoundSummary write_past_round(store::Store& store, const domain::ReferenceData& reference,
                              std::int64_t open_round, std::uint64_t seed,
                              const store::Actor& actor) {
  const std::string opened = date::add_days(actor.recorded_on(), -400);
  auto on = [&](int day) {
    store::Actor a = actor;
    a.today = date::add_days(opened, day);
    a.at = a.today + "T02:00:00Z";
    return a;
  };
  // Every zone the registry has now, the open round's new ones too.
  domain::ReferenceData places = reference;
  places.zones = store.zones({});
  auto taken = zones_with_active_clusters(store);
  for (const auto& a : store.applications(open_round, {})) taken.push_back(a.parties.zone_name);
  auto round = demo::generate_round(places, ingest::bundled_cities(), taken, seed + 1, opened);
  round.round.name = fmt::format("{}年度创新型产业集群遴选（演示，已完成）", round.round.year);
  round.round.data_weight = 0;
  auto form = demo::demo_review_form();
  form[0].anchors = {{"优", 30}, {"良", 24}, {"中", 18}, {"差", 10}};
  auto summary = write_through_review(store, round, false, false, form, seed + 1, on);

  const app::Database db{[&store]() -> store::Store& { return store; }, "demo"};
  store.advance_round(summary.id, on(81));
  app::DecisionRequest decision;
  decision.round_id = summary.id;
  decision.places = 12;
  decision.pass_mark = 60;
  app::decide(db, decision, on(85));
  store.advance_round(summary.id, on(96));
  // One objection during the notice, heard and not upheld.
  auto lines = store.round_reviews().decisions(summary.id);
  auto first = std::find_if(lines.begin(), lines.end(), [](const auto& l) { return l.listed; });
  if (first != lines.end()) {
    auto objection =
        app::object(db, {first->application_id, "匿名（演示）", "反映龙头企业数据有误"}, on(100));
    app::answer_objection(db, objection, "经核实，申报数据与统计年报一致，异议不成立", false,
                          on(104));
  }
  app::admit(db, summary.id, domain::ClusterStatus::kPilot, date::add_days(opened, 112), on(112));
  summary.stage = rounds::Stage::kClosed;
  return summary;
}

// The demo accounts and their passwords, once, on standard output (the terminal of whoever ran
// the verb); the database keeps only the hashes and the audit log only that they were set.
void print_accounts(Context& ctx, const std::vector<app::DemoAccount>& accounts,
                    const std::string& format) {
  report::Table t;
  t.columns = {{"login", "账号"},
               {"role", "角色"},
               {"scope", "范围"},
               {"password", "密码"},
               {"created", "新建"}};
  for (const auto& a : accounts) {
    t.add_row({a.login, a.role, a.scope, a.password, std::string(a.created ? "yes" : "no")});
  }
  if (!ctx.quiet) {
    bool reset =
        std::any_of(accounts.begin(), accounts.end(), [](const auto& a) { return !a.created; });
    std::cerr << "Demo accounts of every role; the passwords are shown only now (the database "
                 "keeps their argon2id hashes)"
              << (reset ? ", existing accounts got new ones and their sessions ended" : "")
              << ":\n";
  }
  ctx.print(std::move(t), format);
}

}  // namespace

void add_demo_commands(CLI::App& app, Context& ctx) {
  static DemoFlags flags;
  auto* cmd = app.add_subcommand(
      "demo", "Fill a new database with a SYNTHETIC national data set (clearly labelled)");
  cmd->add_option("--seed", flags.seed, "Random seed; the same seed gives the same data set")
      ->capture_default_str();
  cmd->add_option("--clusters", flags.clusters, "Number of clusters, the real 2013 pilots included")
      ->capture_default_str();
  cmd->add_option("--years", flags.years, "Years of annual figures, FIRST-LAST")
      ->capture_default_str();
  cmd->add_flag("--accounts", flags.accounts,
                "Also create an account of every role (demo-admin, demo-province, …) with a "
                "random password printed once; re-running gives them new passwords");
  add_format_option(cmd, flags.format);
  cmd->footer(
      "The data set is made up: clusters in real high-tech zones, more in the east and in\n"
      "Guangdong, Jiangsu, Shandong and Hubei; status histories; enterprises with heavy-tailed\n"
      "revenue, about a quarter high-tech; a few missing values and outliers on purpose. Every\n"
      "output from such a database says it is synthetic. It goes into a database of its own.\n"
      "It ends with a selection round, opened today and left in its review stage: 40\n"
      "applications from 20 provinces in zones without an active cluster (new provincial zones\n"
      "where a province has none free), each with three years of figures, each province's\n"
      "ranked list within its quota, a pool of 60 experts, assigned, two defence panels\n"
      "(defence list --round 1) and every review in (round show 1; `round advance 1` then\n"
      "`decide --round 1 --places 20` scores it). Round 2 is the round of a year before, from\n"
      "applications to the admission of its list (notice show --round 2).\n"
      "The accounts of --accounts are scoped to a cluster of the programme, its zone and its\n"
      "province; --format applies to their listing.\n"
      "Examples:\n"
      "  clusteratlas demo\n"
      "  clusteratlas demo --accounts            # then: clusteratlas serve\n"
      "  clusteratlas --db small.db demo --clusters 20 --years 2022-2024 --seed 7");
  cmd->callback([&ctx] {
    auto options = options_of(flags);
    std::string label = fmt::format("seed {}, {} clusters, {}-{}", options.seed, options.clusters,
                                    options.first_year, options.last_year);
    auto& store = ctx.open_store();  // a new database gets the reference data below
    // With --accounts the listing of the accounts is the result (maybe JSON): messages aside.
    std::ostream& say = flags.accounts ? std::cerr : std::cout;
    if (auto existing = store.meta("synthetic")) {
      if (*existing == label) {
        if (!ctx.quiet) say << ctx.db_name() << " already holds this demo data set\n";
        if (flags.accounts)
          print_accounts(ctx, app::ensure_demo_accounts(store, ctx.actor()), flags.format);
        return;
      }
      throw Error(ErrorKind::kRule,
                  fmt::format("{} already holds a different demo data set ({}); use a new "
                              "database, e.g. --db demo2.db",
                              ctx.db_name(), *existing));
    }
    auto reference = ingest::bundled_reference_data();
    auto is_bundled = [&](const domain::Cluster& c) {
      for (const auto& rc : reference.clusters) {
        if (rc.name == c.name) return true;
      }
      return false;
    };
    auto clusters = store.clusters({});
    if (!store.years_with_data().empty() ||
        !std::all_of(clusters.begin(), clusters.end(), is_bundled)) {
      throw Error(ErrorKind::kRule,
                  fmt::format("{} already holds registry data; the synthetic demo goes into a "
                              "database of its own, e.g. --db demo.db",
                              ctx.db_name()));
    }
    bool progress = !ctx.quiet && isatty(STDERR_FILENO);
    if (progress) std::cerr << "Generating the synthetic data set (" << label << ")\n";
    auto data = demo::generate(reference, options);
    // One actor for every write: its today dates the round and is the day its actions are
    // checked against the deadlines.
    const auto actor = ctx.actor();
    RoundSummary round, past;
    store.in_transaction([&] {
      store.load_reference(reference, actor);
      write(store, data, actor, progress);
      round = write_round(store, reference, options.seed, actor, progress);
      past = write_past_round(store, reference, round.id, options.seed, actor);
      store.set_meta("synthetic", label, actor);
    });
    if (!ctx.quiet) {
      say << fmt::format(
          "{}: SYNTHETIC demo data set ({}): {} clusters, {} enterprises, {} enterprise-years; "
          "round {}: {} applications, {} provinces, {} experts, {} reviews, in its {} stage; "
          "round {}, a year earlier, from {} applications to admission\n",
          ctx.db_name(), label, data.clusters.size(), data.enterprises.size(), data.years.size(),
          round.id, round.applications, round.provinces, round.experts, round.reviews,
          rounds::stage_label(round.stage), past.id, past.applications);
    }
    if (flags.accounts)
      print_accounts(ctx, app::ensure_demo_accounts(store, ctx.actor()), flags.format);
  });
}

}  // namespace atlas::cli
