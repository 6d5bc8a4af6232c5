// `clusteratlas cluster …`: clusters, their status history (and corrections of it), renames and
// re-scoping.
#include <iostream>

#include <fmt/format.h>

#include "atlas/app/cluster_changes.h"
#include "atlas/app/cluster_show.h"
#include "atlas/app/clusters.h"
#include "atlas/core/date.h"
#include "atlas/core/error.h"
#include "context.h"
#include "database.h"

namespace atlas::cli {
namespace {

struct Flags {
  std::string format = "table";
  std::string query, name, zone, industry, province, region, status, date, doc_no, reason;
  std::string building_unit, management_body, batch;
  int year = 0;
  std::size_t change = 0;  // `correct --change N`: the N-th status change; 0 = the latest
};

domain::ClusterStatus status_of(const std::string& s) {
  return app::parse_status_or_throw(s);
}

std::string status_text(domain::ClusterStatus s) {
  return app::status_text(s);
}

// Options shared by every verb that records a decision.
void add_decision_options(CLI::App* cmd, Flags& flags) {
  cmd->add_option("--date", flags.date,
                  "Date the decision took effect, YYYY-MM-DD, not after today (default: today)");
  cmd->add_option("--doc-no", flags.doc_no, "Document number (文号), e.g. 国科火字〔2021〕123号");
  cmd->add_option("--reason", flags.reason, "Why");
}

// --date, or today; a date that is malformed or after today is bad input (exit 2), checked here
// to name the flag, and again by the store for every other way in.
std::string decision_date(const Flags& flags) {
  std::string today = date::today();
  if (flags.date.empty()) return today;
  if (auto p = domain::decision_date_problem(flags.date, today)) {
    throw Error(ErrorKind::kBadInput, *p, {"", 0, "", "--date"});
  }
  return flags.date;
}

// The decision the flags describe, its date checked.
app::Decision decision(const Flags& flags) {
  return {decision_date(flags), flags.doc_no, flags.reason};
}

void print_note(const std::optional<std::string>& note) {
  if (note) std::cerr << "note: " << *note << '\n';
}

}  // namespace

void add_cluster_commands(CLI::App& app, Context& ctx) {
  static Flags flags;
  auto* cluster = app.add_subcommand("cluster", "Clusters: registry, status history, renames");
  cluster->require_subcommand(1);
  cluster->footer(
      "Examples:\n"
      "  clusteratlas cluster list --province 广东 --status recognised\n"
      "  clusteratlas cluster show 温州激光与光电\n"
      "  clusteratlas cluster set-status 42 warned --date 2024-05-01 --reason 年度评价不合格");

  auto* add = cluster->add_subcommand("add", "Record a cluster in a zone");
  add->add_option("name", flags.name, "Cluster name, e.g. 襄阳高新区新能源汽车创新型产业集群")
      ->required();
  add->add_option("--zone", flags.zone, "Zone id or name")->required();
  add->add_option("--industry", flags.industry, "Leading industry, GB/T 4754-2017 code")
      ->required();
  add->add_option("--province", flags.province, "Province; must be the zone's (checked)");
  add->add_option("--status", flags.status, "Status it enters with (default: applicant)");
  add->add_option("--building-unit", flags.building_unit, "建设单位 (default: the zone's 管委会)");
  add->add_option("--management-body", flags.management_body, "集群管理机构");
  add->add_option("--batch", flags.batch, "Admission batch, e.g. 2021 (default: the date's year)");
  add_decision_options(add, flags);
  add->footer(
      "One zone, one leading industry (一区一主导产业): a zone with an active cluster gets no "
      "second\n"
      "one (exit code 3).\n"
      "Examples:\n"
      "  clusteratlas cluster add 襄阳高新区新能源汽车创新型产业集群 --zone 襄阳高新区 \\\n"
      "      --industry 3612 --status applicant --date 2024-03-31\n"
      "  clusteratlas cluster add 某高新区集成电路制造创新型产业集群 --zone 某高新区 --industry "
      "3973 \\\n"
      "      --status cultivation --date 2021-08-10 --doc-no 国科火字〔2021〕123号");
  add->callback([&ctx] {
    app::ClusterAddRequest request;
    request.name = flags.name;
    request.zone = flags.zone;
    request.industry = flags.industry;
    request.province = flags.province;
    if (!flags.status.empty()) request.status = status_of(flags.status);
    request.building_unit = flags.building_unit;
    request.management_body = flags.management_body;
    request.batch = flags.batch;
    request.decision = decision(flags);
    auto added = app::add_cluster(database(ctx), request, ctx.actor());
    print_note(added.industry_note);
    if (!ctx.quiet) {
      std::cout << fmt::format("cluster {} added (id {}, {})\n", added.cluster.name,
                               added.cluster.id, status_text(added.cluster.status));
    }
  });

  auto* list = cluster->add_subcommand("list", "List clusters");
  list->add_option("--province", flags.province, "Province code or name, e.g. 湖北 or 420000");
  list->add_option("--region", flags.region, "east, central, west or northeast");
  list->add_option("--status", flags.status, "Current status, e.g. pilot or 试点");
  list->add_option("--industry", flags.industry, "Leading industry code or its prefix, e.g. 39");
  list->add_option("--zone", flags.zone, "Zone id or name");
  list->add_option("--year", flags.year,
                   "As at the end of this year: statuses then, clusters not yet recorded left out");
  add_format_option(list, flags.format);
  list->footer(
      "Examples:\n"
      "  clusteratlas cluster list --province 湖北\n"
      "  clusteratlas cluster list --status pilot --region east --format csv\n"
      "  clusteratlas cluster list --year 2020 --status 试点");
  list->callback([&ctx] {
    auto t = app::cluster_list(database(ctx), {flags.province, flags.region, flags.status,
                                               flags.industry, flags.zone, flags.year});
    ctx.print(std::move(t), flags.format);
  });

  auto* show = cluster->add_subcommand("show", "One cluster: registry record and its figures");
  show->add_option("cluster", flags.query, "Cluster id, name, or a unique part of its name")
      ->required();
  show->add_option("--year", flags.year, "Year of the figures (default: the latest)");
  add_format_option(show, flags.format);
  show->footer(
      "Examples:\n  clusteratlas cluster show 本溪制药\n  clusteratlas cluster show 12 --year "
      "2022");
  show->callback([&ctx] {
    // The terminal reads Chinese titles and formatted amounts; CSV and JSON get keys and values.
    bool terminal = report::parse_format(flags.format) == report::Format::kTable;
    auto t = app::cluster_record(database(ctx), ctx.cluster(flags.query), flags.year, terminal);
    ctx.print(std::move(t), flags.format);
  });

  auto* set_status = cluster->add_subcommand("set-status", "Record a status decision");
  set_status->add_option("cluster", flags.query, "Cluster id, name, or a unique part of its name")
      ->required();
  set_status
      ->add_option("status", flags.status,
                   "applicant, cultivation, pilot, recognised, warned or removed")
      ->required();
  add_decision_options(set_status, flags);
  set_status->footer(
      "Allowed: forward along applicant → cultivation → pilot → recognised; warned from any\n"
      "member status; back from warned to the status before it; removed from anywhere; a removed\n"
      "cluster only re-applies (applicant). Anything else exits with code 3.\n"
      "Examples:\n"
      "  clusteratlas cluster set-status 温州激光与光电 recognised --date 2023-02-15 \\\n"
      "      --doc-no 国科火字〔2023〕12号\n"
      "  clusteratlas cluster set-status 42 warned --date 2024-05-01 --reason 年度评价不合格");
  set_status->callback([&ctx] {
    auto c = ctx.cluster(flags.query);
    domain::StatusChange change{
        status_of(flags.status), decision_date(flags), flags.doc_no, flags.reason, "", ""};
    ctx.store().change_status(c.id, change, ctx.actor());
    if (!ctx.quiet) {
      std::cout << fmt::format("{}: {} → {} on {}\n", c.name, status_text(c.status),
                               status_text(change.status), change.date);
    }
  });

  auto record = [&ctx](domain::EventKind kind, const std::string& new_value) {
    auto c = ctx.cluster(flags.query);
    print_note(
        app::record_cluster_event(database(ctx), c, kind, new_value, decision(flags), ctx.actor()));
    if (!ctx.quiet) {
      std::cout << fmt::format("{}: {} {} → {}\n", c.name, domain::event_key(kind),
                               kind == domain::EventKind::kRename ? c.name : c.industry_code,
                               new_value);
    }
  };
  auto* rename = cluster->add_subcommand("rename", "Rename a cluster (the old name is kept)");
  rename->add_option("cluster", flags.query, "Cluster id, name, or a unique part of its name")
      ->required();
  rename->add_option("new_name", flags.name, "The new name")->required();
  add_decision_options(rename, flags);
  rename->footer(
      "Examples:\n"
      "  clusteratlas cluster rename 潍坊半导体发光 潍坊高新区半导体照明器件制造创新型产业集群 \\\n"
      "      --date 2023-02-15 --reason 按“高新区+行业”规范更名");
  rename->callback([record] { record(domain::EventKind::kRename, flags.name); });

  auto* rescope = cluster->add_subcommand("rescope", "Change a cluster's leading industry");
  rescope->add_option("cluster", flags.query, "Cluster id, name, or a unique part of its name")
      ->required();
  rescope->add_option("--industry", flags.industry, "New GB/T 4754-2017 code")->required();
  add_decision_options(rescope, flags);
  rescope->footer("Examples:\n  clusteratlas cluster rescope 12 --industry 3976 --date 2023-06-01");
  rescope->callback([record] { record(domain::EventKind::kRescope, flags.industry); });

  auto* correct = cluster->add_subcommand(
      "correct", "Withdraw a status change recorded in error (both stay in the history)");
  correct->add_option("cluster", flags.query, "Cluster id, name, or a unique part of its name")
      ->required();
  correct->add_option("--reason", flags.reason, "Why the change was wrong")->required();
  correct->add_option("--change", flags.change,
                      "Which status change, numbered as `cluster history` shows (default: the "
                      "latest in force)");
  correct->add_option("--doc-no", flags.doc_no, "Document number (文号) of the correction, if any");
  correct->footer(
      "The withdrawn change stays in the history, marked withdrawn, beside the correction (who,\n"
      "when, why); the status and the lifecycle rules then read the history without it. Refused\n"
      "(exit 3) when it is the only status in force or a later change depends on it.\n"
      "Examples:\n"
      "  clusteratlas cluster correct 温州激光与光电 --reason \"日期录入错误，应为2024-01-01\"\n"
      "  clusteratlas cluster correct 42 --change 3 --reason 误记为警告 --doc-no "
      "国科火字〔2024〕7号");
  correct->callback([&ctx] {
    auto c = ctx.cluster(flags.query);
    auto w = app::withdraw_status_change(database(ctx), c, flags.change, "--change", flags.reason,
                                         flags.doc_no, ctx.actor());
    if (!ctx.quiet) {
      std::cout << fmt::format("{}: withdrew change {} ({} on {}); status now {}\n", c.name,
                               w.change, status_text(w.withdrawn.status), w.withdrawn.date,
                               status_text(w.status_now));
    }
  });

  auto* history = cluster->add_subcommand("history", "Every status change and event, in order");
  history->add_option("cluster", flags.query, "Cluster id, name, or a unique part of its name")
      ->required();
  add_format_option(history, flags.format);
  history->footer(
      "Status changes are numbered (no) for `cluster correct --change`; a withdrawn one stays,\n"
      "marked, with the correction that withdrew it.\n"
      "Examples:\n  clusteratlas cluster history 温州激光与光电");
  history->callback([&ctx] {
    auto t = app::cluster_history_table(database(ctx), ctx.cluster(flags.query));
    ctx.print(std::move(t), flags.format);
  });
}

}  // namespace atlas::cli
