// `clusteratlas cluster …`: clusters, their status history, renames and re-scoping.
#include <algorithm>
#include <iostream>
#include <map>

#include <fmt/format.h>

#include "atlas/core/date.h"
#include "atlas/core/error.h"
#include "context.h"

namespace atlas::cli {
namespace {

struct Flags {
  std::string format = "table";
  std::string query, name, zone, industry, province, region, status, date, doc_no, reason;
  std::string building_unit, management_body, batch;
  int year = 0;
};

domain::ClusterStatus status_of(const std::string& s) {
  auto status = domain::parse_status(s);
  if (!status) {
    throw Error(ErrorKind::kUsage,
                fmt::format("unknown status '{}': use applicant, cultivation, pilot, recognised, "
                            "warned or removed (or 申报, 培育, 试点, 创新型产业集群, 警告, 撤销)",
                            s));
  }
  return *status;
}

std::string status_text(domain::ClusterStatus s) {
  return fmt::format("{} {}", domain::status_name_zh(s), domain::status_key(s));
}

// Options shared by every verb that records a decision.
void add_decision_options(CLI::App* cmd, Flags& flags) {
  cmd->add_option("--date", flags.date,
                  "Date the decision took effect, YYYY-MM-DD (default: today)");
  cmd->add_option("--doc-no", flags.doc_no, "Document number (文号), e.g. 国科火字〔2021〕123号");
  cmd->add_option("--reason", flags.reason, "Why");
}

std::string decision_date(const Flags& flags) {
  return flags.date.empty() ? date::today() : flags.date;
}

}  // namespace

report::Table cluster_table(Context& ctx, const store::ClusterFilter& filter, int year,
                            std::optional<domain::ClusterStatus> wanted) {
  auto& store = ctx.store();
  report::Table t;
  t.columns = {{"id", "ID", -1, true, 1, false},
               {"name", "集群名称"},
               {"province", "省份"},
               {"zone", "高新区"},
               {"industry", "主导产业"},
               {"status", "状态"},
               {"batch", "批次"}};
  std::map<std::int64_t, std::string> zone_names;
  for (const auto& z : store.zones({})) zone_names[z.id] = z.name;
  for (const auto& c : store.clusters(filter)) {
    auto status = std::optional<domain::ClusterStatus>(c.status);
    if (year != 0) {
      status = domain::status_on(store.status_history(c.id), fmt::format("{}-12-31", year));
      if (!status || (wanted && *status != *wanted)) continue;
    }
    auto industry = store.industry(c.industry_code);
    t.add_row({c.id, c.name, ctx.province(c.province_code).short_zh, zone_names[c.zone_id],
               c.industry_code + " " + (industry ? industry->name_zh : ""), status_text(*status),
               c.batch});
  }
  return t;
}

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
    auto id = ctx.store().add_cluster(c, admission, ctx.actor());
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
    store::ClusterFilter filter;
    if (!flags.province.empty()) filter.province_code = ctx.province(flags.province).code;
    if (!flags.region.empty()) {
      filter.region = domain::parse_region(flags.region);
      if (!filter.region) throw Error(ErrorKind::kUsage, "unknown region '" + flags.region + "'");
    }
    std::optional<domain::ClusterStatus> wanted;
    if (!flags.status.empty()) wanted = status_of(flags.status);
    // Without --year the store filters on the current status; with it, on the status then.
    if (flags.year == 0) filter.status = wanted;
    if (!flags.industry.empty()) filter.industry_prefix = flags.industry;
    if (!flags.zone.empty()) filter.zone_id = ctx.zone(flags.zone).id;
    auto t = cluster_table(ctx, filter, flags.year, wanted);
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
    auto industry = store.industry(c.industry_code);
    int year = ctx.year_or_latest(flags.year);
    std::optional<metrics::ClusterYearTotals> totals;
    if (year) {
      for (const auto& t : store.cluster_year_totals(year)) {
        if (t.cluster_id == c.id) totals = t;
      }
    }
    report::Table t;
    t.columns = {{"field", "项目"}, {"value", "内容"}};
    auto row = [&](const char* field, report::Cell value) { t.add_row({field, std::move(value)}); };
    auto amount = [](const std::optional<double>& v, double scale) -> report::Cell {
      if (!v) return {};
      return report::format_number(*v / scale, 2);
    };
    row("id", std::to_string(c.id));
    row("name", c.name);
    row("province", ctx.province(c.province_code).name_zh);
    row("zone", zone ? zone->name : "");
    row("leading_industry", c.industry_code + " " + (industry ? industry->name_zh : ""));
    row("status", status_text(c.status));
    row("batch", c.batch);
    row("building_unit", c.building_unit);
    row("management_body", c.management_body);
    if (year) {
      auto support = store.support_counts(c.id, year);
      row("year", std::to_string(year));
      row("firms", totals ? totals->firms : 0);
      row("high_tech_firms", totals ? totals->high_tech_firms : 0);
      row("revenue_100m_yuan", amount(totals ? totals->revenue : std::nullopt, 1e8));
      row("profit_100m_yuan", amount(totals ? totals->profit : std::nullopt, 1e8));
      row("employment", amount(totals ? totals->employment : std::nullopt, 1));
      row("valid_invention_patents",
          amount(totals ? totals->valid_invention_patents : std::nullopt, 1));
      row("national_platforms", support.national_platforms);
      row("provincial_platforms", support.provincial_platforms);
      row("service_institutions", support.institutions);
      row("alliances", support.alliances);
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
    ctx.store().record_event(c.id, event, ctx.actor());
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

  auto* history = cluster->add_subcommand("history", "Every status change and event, in order");
  history->add_option("cluster", flags.query, "Cluster id, name, or a unique part of its name")
      ->required();
  add_format_option(history, flags.format);
  history->footer("Examples:\n  clusteratlas cluster history 温州激光与光电");
  history->callback([&ctx] {
    auto& store = ctx.store();
    auto c = ctx.cluster(flags.query);
    report::Table t;
    t.columns = {{"date", "日期"},           {"change", "变更"}, {"detail", "内容"},
                 {"doc_no", "文号"},         {"reason", "原因"}, {"actor", "记录人"},
                 {"recorded_at", "记录时间"}};
    struct Line {
      std::string date;
      std::vector<report::Cell> cells;
    };
    std::vector<Line> lines;
    for (const auto& s : store.status_history(c.id)) {
      lines.push_back(
          {s.date,
           {s.date, "status", status_text(s.status), s.doc_no, s.reason, s.actor, s.recorded_at}});
    }
    for (const auto& e : store.events(c.id)) {
      lines.push_back(
          {e.date,
           {e.date, std::string(domain::event_key(e.kind)), e.old_value + " → " + e.new_value,
            e.doc_no, e.reason, e.actor, e.recorded_at}});
    }
    std::stable_sort(lines.begin(), lines.end(),
                     [](const Line& a, const Line& b) { return a.date < b.date; });
    for (auto& l : lines) t.add_row(std::move(l.cells));
    t.notes.push_back(fmt::format("{} (id {})", c.name, c.id));
    ctx.print(std::move(t), flags.format);
  });
}

}  // namespace atlas::cli
