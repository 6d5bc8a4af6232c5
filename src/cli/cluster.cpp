// `clusteratlas cluster …`: clusters, their status history (and corrections of it), renames and
// re-scoping.
#include <algorithm>
#include <functional>
#include <iostream>
#include <map>

#include <fmt/format.h>

#include "atlas/app/clusters.h"
#include "atlas/core/date.h"
#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "atlas/core/units.h"
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

// Runs `record`, which gives a cluster the industry `code`; when the list lacked the code and
// the store accepted it under its group or division, says so on stderr.
void with_industry_note(Context& ctx, const std::string& code,
                        const std::function<void()>& record) {
  bool listed = ctx.store().industry(code).has_value();
  record();
  if (listed) return;
  auto accepted = ctx.store().industry(code);
  auto parent = accepted ? ctx.store().industry(accepted->parent) : std::nullopt;
  if (accepted && parent)
    std::cerr << "note: " << domain::accepted_note(*accepted, *parent) << '\n';
}

// A figure for `cluster show`: its JSON key, the title people read, and its value — typed for
// CSV and JSON (money in 元, counts as integers), shown / scale with `decimals` in the terminal.
struct Figure {
  const char* key;
  const char* title;
  report::Cell value;
  double scale = 1;
  int decimals = 0;
  bool grouped = true;  // thousands separators; not for an id or a year
};

// The terminal's text of a figure: — when missing, never 0.
report::Cell shown(const Figure& f) {
  if (const auto* i = std::get_if<std::int64_t>(&f.value)) {
    if (!f.grouped) return std::to_string(*i);
    return report::format_number(*i / f.scale, f.decimals);
  }
  if (const auto* d = std::get_if<double>(&f.value)) {
    return report::format_number(*d / f.scale, f.decimals);
  }
  return f.value;
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
    auto zone = ctx.zone(flags.zone);
    domain::Cluster c;
    c.name = flags.name;
    c.zone_id = zone.id;
    c.industry_code = flags.industry;
    if (!flags.province.empty()) c.province_code = ctx.province(flags.province).code;
    c.building_unit = flags.building_unit.empty() ? zone.name + "管理委员会" : flags.building_unit;
    c.management_body = flags.management_body;
    domain::StatusChange admission{
        flags.status.empty() ? domain::ClusterStatus::kApplicant : status_of(flags.status),
        decision_date(flags),
        flags.doc_no,
        flags.reason,
        "",
        ""};
    c.batch = flags.batch.empty() && date::is_valid(admission.date) ? admission.date.substr(0, 4)
                                                                    : flags.batch;
    if (domain::in_programme(admission.status) && date::is_valid(admission.date)) {
      c.admitted_year = date::year_of(admission.date);
    }
    std::int64_t id = 0;
    with_industry_note(ctx, c.industry_code,
                       [&] { id = ctx.store().add_cluster(c, admission, ctx.actor()); });
    if (!ctx.quiet) {
      std::cout << fmt::format("cluster {} added (id {}, {})\n", c.name, id,
                               status_text(admission.status));
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
    auto& store = ctx.store();
    auto c = ctx.cluster(flags.query);
    auto zone = store.zone(c.zone_id);
    int year = ctx.year_or_latest(flags.year);
    // A cluster with no figures for the year has every figure missing, not zero firms.
    metrics::ClusterYearTotals totals;
    if (year) {
      for (const auto& t : store.cluster_year_totals(year)) {
        if (t.cluster_id == c.id) totals = t;
      }
    }
    auto count = [](const std::optional<std::int64_t>& n) { return report::cell(n); };
    std::vector<Figure> figures = {
        {"id", "ID", c.id, 1, 0, false},
        {"name", "集群名称", c.name},
        {"province", "省份", ctx.province(c.province_code).name_zh},
        {"zone", "高新区", zone ? zone->name : ""},
        {"leading_industry", "主导产业", ctx.industry_label(c.industry_code)},
        {"status", "状态", status_text(c.status)},
        {"batch", "批次", c.batch},
        {"building_unit", "建设单位", c.building_unit},
        {"management_body", "集群管理机构", c.management_body}};
    if (year) {
      auto support = store.support_counts(c.id, year);
      std::vector<Figure> yearly = {
          {"year", "年份", std::int64_t{year}, 1, 0, false},
          {"firms", "企业数", count(totals.firms)},
          {"high_tech_firms", "高新技术企业数", count(totals.high_tech_firms)},
          {"revenue_yuan", "营业收入(亿元)", report::cell(totals.revenue), units::kYiYuan, 2},
          {"profit_yuan", "净利润(亿元)", report::cell(totals.profit), units::kYiYuan, 2},
          {"employment", "从业人员(人)", report::count_cell(totals.employment)},
          {"valid_invention_patents", "有效发明专利(件)",
           report::count_cell(totals.valid_invention_patents)},
          {"national_platforms", "国家级平台数", count(support.national_platforms)},
          {"provincial_platforms", "省级平台数", count(support.provincial_platforms)},
          {"service_institutions", "服务机构数", count(support.institutions)},
          {"alliances", "产业联盟数", count(support.alliances)}};
      figures.insert(figures.end(), yearly.begin(), yearly.end());
    }
    // The terminal reads Chinese titles and formatted amounts; CSV and JSON get keys and values.
    bool terminal = report::parse_format(flags.format) == report::Format::kTable;
    report::Table t;
    t.columns = {{"field", "项目"}, {"value", "内容"}};
    for (const auto& f : figures) {
      t.add_row({std::string(terminal ? f.title : f.key), terminal ? shown(f) : f.value});
    }
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
    domain::ClusterEvent event{kind,         decision_date(flags), "", new_value,
                               flags.doc_no, flags.reason,         "", ""};
    auto write = [&] { ctx.store().record_event(c.id, event, ctx.actor()); };
    if (kind == domain::EventKind::kRescope) {
      with_industry_note(ctx, new_value, write);
    } else {
      write();
    }
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
    auto& store = ctx.store();
    auto c = ctx.cluster(flags.query);
    auto history = store.status_history(c.id);
    std::size_t index = flags.change;  // 1-based, as history numbers them
    if (index == 0) {
      for (std::size_t i = history.size(); i > 0 && index == 0; --i) {
        if (!history[i - 1].withdrawn) index = i;
      }
    }
    if (index == 0 || index > history.size()) {
      throw Error(
          ErrorKind::kNotFound,
          fmt::format("{} has {}; --change {} is not {} (see `clusteratlas cluster "
                      "history`)",
                      c.name, text::counted(history.size(), "status change", "status changes"),
                      flags.change, history.size() == 1 ? "it" : "one of them"));
    }
    domain::StatusCorrection correction;
    correction.reason = flags.reason;
    correction.doc_no = flags.doc_no;
    auto withdrawn = store.withdraw_status(c.id, history[index - 1].id, correction, ctx.actor());
    if (!ctx.quiet) {
      std::cout << fmt::format("{}: withdrew change {} ({} on {}); status now {}\n", c.name, index,
                               status_text(withdrawn.status), withdrawn.date,
                               status_text(store.cluster(c.id)->status));
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
    auto& store = ctx.store();
    auto c = ctx.cluster(flags.query);
    report::Table t;
    t.columns = {{"no", "编号", -1, true, 1, false},
                 {"date", "日期"},
                 {"change", "变更"},
                 {"detail", "内容"},
                 {"doc_no", "文号"},
                 {"reason", "原因"},
                 {"actor", "记录人"},
                 {"recorded_at", "记录时间"}};
    struct Line {
      std::string date;
      std::vector<report::Cell> cells;
    };
    std::vector<Line> lines;
    auto statuses = store.status_history(c.id);
    std::map<std::int64_t, std::size_t> number;  // a change's id → its number in the history
    for (std::size_t i = 0; i < statuses.size(); ++i) {
      const auto& s = statuses[i];
      number[s.id] = i + 1;
      std::string detail = status_text(s.status) + (s.withdrawn ? " (已撤回 withdrawn)" : "");
      lines.push_back({s.date,
                       {static_cast<std::int64_t>(i + 1), s.date, "status", detail, s.doc_no,
                        s.reason, s.actor, s.recorded_at}});
    }
    for (const auto& e : store.events(c.id)) {
      lines.push_back({e.date,
                       {{},
                        e.date,
                        std::string(domain::event_key(e.kind)),
                        e.old_value + " → " + e.new_value,
                        e.doc_no,
                        e.reason,
                        e.actor,
                        e.recorded_at}});
    }
    for (const auto& k : store.corrections(c.id)) {
      // Dated the day it was recorded: a correction takes effect when it is made.
      std::string day = k.recorded_at.substr(0, 10);
      std::size_t n = number[k.change_id];
      const auto& s = statuses.at(n - 1);
      lines.push_back({day,
                       {{},
                        day,
                        "correction",
                        fmt::format("withdraws {}: {} of {}", n, status_text(s.status), s.date),
                        k.doc_no,
                        k.reason,
                        k.actor,
                        k.recorded_at}});
    }
    std::stable_sort(lines.begin(), lines.end(),
                     [](const Line& a, const Line& b) { return a.date < b.date; });
    for (auto& l : lines) t.add_row(std::move(l.cells));
    t.notes.push_back(fmt::format("{} (id {})", c.name, c.id));
    ctx.print(std::move(t), flags.format);
  });
}

}  // namespace atlas::cli
