// `clusteratlas enterprise …`: enterprises and their yearly membership and figures.
#include <iostream>

#include <fmt/format.h>

#include "atlas/app/enterprises.h"
#include "atlas/core/error.h"
#include "atlas/core/units.h"
#include "atlas/domain/credit_code.h"
#include "context.h"
#include "database.h"

namespace atlas::cli {
namespace {

struct Flags {
  std::string format = "table";
  std::string code, name, cluster, role = "other", province;
  std::optional<double> lat, lon;
  int year = 0;
  bool high_tech = false, specialised = false, single_champion = false, listed = false;
  std::string revenue, profit, taxes, rd_expenditure, exports;
  std::optional<double> employment, valid_patents, granted_patents;
  std::int64_t limit = 50;
};

std::optional<double> amount(const std::string& text, const char* flag) {
  if (text.empty()) return std::nullopt;
  try {
    return units::parse_amount(text);
  } catch (const Error& e) {
    throw Error(ErrorKind::kBadInput, e.what(), {"", 0, "", flag});
  }
}

}  // namespace

void add_enterprise_commands(CLI::App& app, Context& ctx) {
  static Flags flags;
  auto* enterprise = app.add_subcommand("enterprise", "Enterprises and their yearly figures");
  enterprise->require_subcommand(1);
  enterprise->footer(
      "Examples:\n"
      "  clusteratlas enterprise list --year 2023 --cluster 本溪制药 --limit 20\n"
      "  clusteratlas enterprise show 914403001922038216");

  auto* add = enterprise->add_subcommand(
      "add", "Record an enterprise, and optionally its membership and figures for a year");
  add->add_option("credit_code", flags.code, "统一社会信用代码 (18 characters, GB 32100-2015)")
      ->required();
  add->add_option("--name", flags.name, "Enterprise name (required when it is new)");
  add->add_option("--lat", flags.lat, "Latitude (WGS 84)");
  add->add_option("--lon", flags.lon, "Longitude (WGS 84)");
  add->add_option("--cluster", flags.cluster, "Cluster it belongs to in --year (id or name)");
  add->add_option("--year", flags.year, "Year of the membership and figures");
  add->add_option("--role", flags.role, "leader (龙头), backbone (骨干) or other (其他)")
      ->capture_default_str();
  add->add_flag("--high-tech", flags.high_tech, "A recognised high-tech enterprise (高新技术企业)");
  add->add_flag("--specialised", flags.specialised, "A 专精特新 SME");
  add->add_flag("--single-champion", flags.single_champion, "A manufacturing single champion");
  add->add_flag("--listed", flags.listed, "Listed on a stock exchange");
  add->add_option("--revenue", flags.revenue, "Operating revenue, e.g. 3.2亿 or 32000万元");
  add->add_option("--profit", flags.profit, "Net profit (may be negative)");
  add->add_option("--taxes", flags.taxes, "Taxes paid");
  add->add_option("--rd", flags.rd_expenditure, "R&D expenditure (研发经费内部支出)");
  add->add_option("--exports", flags.exports, "Exports");
  add->add_option("--employment", flags.employment, "Staff (从业人员, persons)");
  add->add_option("--valid-patents", flags.valid_patents, "Valid invention patents");
  add->add_option("--granted-patents", flags.granted_patents,
                  "Invention patents granted in the year");
  add->footer(
      "Amounts take units: 元 (default), 千元, 万/万元, 亿/亿元.\n"
      "Examples:\n"
      "  clusteratlas enterprise add 914403001922038216 --name 华为技术有限公司\n"
      "  clusteratlas enterprise add 914403001922038216 --cluster 深圳高新区 --year 2023 \\\n"
      "      --role leader --high-tech --revenue 6000亿 --employment 200000");
  add->callback([&ctx, add] {
    if (auto problem = domain::credit_code_problem(flags.code)) {
      throw Error(ErrorKind::kBadInput, *problem, {"", 0, "", "credit_code"});
    }
    auto& store = ctx.store();
    bool has_year = !flags.cluster.empty() || flags.year != 0;
    if (has_year && (flags.cluster.empty() || flags.year == 0)) {
      throw Error(ErrorKind::kUsage, "--cluster and --year go together");
    }
    domain::EnterpriseYear row;
    if (has_year) {
      auto role = domain::parse_role(flags.role);
      if (!role) throw Error(ErrorKind::kUsage, "--role must be leader, backbone or other");
      row.credit_code = flags.code;
      row.year = flags.year;
      row.cluster_id = ctx.cluster(flags.cluster).id;
      row.role = *role;
      row.high_tech = flags.high_tech;
      row.specialised = flags.specialised;
      row.single_champion = flags.single_champion;
      row.listed = flags.listed;
      row.revenue = amount(flags.revenue, "--revenue");
      row.profit = amount(flags.profit, "--profit");
      row.taxes = amount(flags.taxes, "--taxes");
      row.rd_expenditure = amount(flags.rd_expenditure, "--rd");
      row.exports = amount(flags.exports, "--exports");
      row.employment = flags.employment;
      row.valid_invention_patents = flags.valid_patents;
      row.granted_invention_patents = flags.granted_patents;
    } else if (add->count("--revenue") || add->count("--employment") || add->count("--high-tech")) {
      throw Error(ErrorKind::kUsage, "figures and flags need --cluster and --year");
    }
    store.in_transaction([&] {
      if (!store.enterprise(flags.code)) {
        if (flags.name.empty()) {
          throw Error(ErrorKind::kUsage, "a new enterprise needs --name");
        }
        store.add_enterprise({flags.code, flags.name, flags.lat, flags.lon, false}, ctx.actor());
      } else if (!has_year) {
        throw Error(ErrorKind::kRule,
                    fmt::format("an enterprise with credit code {} already exists", flags.code));
      }
      if (has_year) store.add_enterprise_year(row, ctx.actor());
    });
    if (!ctx.quiet) {
      std::cout << fmt::format("enterprise {} recorded{}\n", flags.code,
                               has_year ? fmt::format(" for {}", flags.year) : "");
    }
  });

  auto* list = enterprise->add_subcommand("list", "List enterprises in a year, largest first");
  list->add_option("--year", flags.year, "Year (default: the latest with data)");
  list->add_option("--cluster", flags.cluster, "Only this cluster (id or name)");
  list->add_option("--province", flags.province, "Only clusters in this province");
  list->add_flag("--high-tech", flags.high_tech, "Only high-tech enterprises");
  list->add_option("--limit", flags.limit, "At most this many rows (0 = all)")
      ->capture_default_str();
  add_format_option(list, flags.format);
  list->footer(
      "Examples:\n"
      "  clusteratlas enterprise list --cluster 本溪制药 --year 2023\n"
      "  clusteratlas enterprise list --province 湖北 --high-tech --limit 0 --format csv");
  list->callback([&ctx] {
    app::EnterpriseListRequest request{flags.year, flags.cluster, flags.province, flags.high_tech,
                                       flags.limit};
    auto t = app::enterprise_list(database(ctx), request);
    ctx.print(std::move(t), flags.format);
  });

  auto* show = enterprise->add_subcommand("show", "One enterprise, year by year");
  show->add_option("credit_code", flags.code, "统一社会信用代码")->required();
  add_format_option(show, flags.format);
  show->footer("Examples:\n  clusteratlas enterprise show 914403001922038216");
  show->callback([&ctx] {
    auto t = app::enterprise_years(database(ctx), flags.code);
    ctx.print(std::move(t), flags.format);
  });
}

}  // namespace atlas::cli
