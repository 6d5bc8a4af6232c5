// `clusteratlas zone …`: high-tech zones.
#include <iostream>

#include <fmt/format.h>

#include "atlas/app/zone_add.h"
#include "atlas/app/zones.h"
#include "atlas/core/error.h"
#include "context.h"
#include "database.h"

namespace atlas::cli {
namespace {

struct Flags {
  std::string format = "table";
  std::string name, province, city, level = "national", query;
  std::optional<double> lat, lon;
};

}  // namespace

void add_zone_commands(CLI::App& app, Context& ctx) {
  static Flags flags;
  auto* zone = app.add_subcommand("zone", "High-tech zones (高新区), the home of clusters");
  zone->require_subcommand(1);
  zone->footer(
      "Examples:\n"
      "  clusteratlas zone list --province 湖北\n"
      "  clusteratlas zone show 武汉东湖高新区");

  auto* add = zone->add_subcommand("add", "Record a zone");
  add->add_option("name", flags.name, "Zone name, e.g. 襄阳高新区")->required();
  add->add_option("--province", flags.province, "Province: code or name, e.g. 420000 or 湖北")
      ->required();
  add->add_option("--city", flags.city, "Prefecture-level city, e.g. 襄阳市")->required();
  add->add_option("--level", flags.level, "national or provincial")
      ->check(CLI::IsMember({"national", "provincial"}))
      ->capture_default_str();
  add->add_option("--lat", flags.lat, "Latitude (WGS 84)");
  add->add_option("--lon", flags.lon, "Longitude (WGS 84)");
  add->footer(
      "Examples:\n"
      "  clusteratlas zone add 襄阳高新区 --province 湖北 --city 襄阳市 --lat 32.07 --lon 112.14\n"
      "  clusteratlas zone add 仙桃高新区 --province 420000 --city 仙桃市 --level provincial");
  add->callback([&ctx] {
    auto id = app::add_zone(
        database(ctx), {flags.name, flags.province, flags.city, flags.level, flags.lat, flags.lon},
        ctx.actor());
    if (!ctx.quiet) std::cout << fmt::format("zone {} added (id {})\n", flags.name, id);
  });

  auto* list = zone->add_subcommand("list", "List zones");
  list->add_option("--province", flags.province, "Only zones in this province (code or name)");
  list->add_option("--level", flags.level, "national or provincial")
      ->check(CLI::IsMember({"national", "provincial"}));
  add_format_option(list, flags.format);
  list->footer(
      "Examples:\n"
      "  clusteratlas zone list --province 江苏\n"
      "  clusteratlas zone list --level national --format csv");
  list->callback([&ctx, list] {
    app::ZoneListRequest request{flags.province, list->count("--level") ? flags.level : ""};
    auto t = app::zone_list(database(ctx), request);
    ctx.print(std::move(t), flags.format);
  });

  auto* show = zone->add_subcommand("show", "One zone and every cluster it has had");
  show->add_option("zone", flags.query, "Zone id or name")->required();
  add_format_option(show, flags.format);
  show->footer("Examples:\n  clusteratlas zone show 武汉东湖高新区\n  clusteratlas zone show 12");
  show->callback([&ctx] {
    auto t = app::zone_clusters(database(ctx), flags.query);
    ctx.print(std::move(t), flags.format);
  });
}

}  // namespace atlas::cli
