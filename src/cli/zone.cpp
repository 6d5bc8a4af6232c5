// `clusteratlas zone …`: high-tech zones.
#include <iostream>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "context.h"

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
    domain::Zone z;
    z.name = flags.name;
    z.level = flags.level;
    z.province_code = ctx.province(flags.province).code;
    z.city = flags.city;
    z.lat = flags.lat;
    z.lon = flags.lon;
    auto id = ctx.store().add_zone(z, ctx.actor());
    if (!ctx.quiet) std::cout << fmt::format("zone {} added (id {})\n", z.name, id);
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
    store::ZoneFilter filter;
    if (!flags.province.empty()) filter.province_code = ctx.province(flags.province).code;
    if (list->count("--level")) filter.level = flags.level;
    auto& store = ctx.store();
    report::Table t;
    t.columns = {{"id", "ID", -1, true, 1, false},
                 {"name", "高新区"},
                 {"level", "级别"},
                 {"province", "省份"},
                 {"city", "城市"},
                 {"lat", "纬度", 2, true},
                 {"lon", "经度", 2, true},
                 {"active_cluster", "集群"}};
    for (const auto& z : store.zones(filter)) {
      std::string cluster;
      for (const auto& c : store.clusters(store::ClusterFilter::in_zone(z.id))) {
        if (domain::is_active(c.status)) cluster = c.name;
      }
      auto cell = [](const std::optional<double>& v) -> report::Cell {
        if (v) return *v;
        return {};
      };
      t.add_row({z.id, z.name, z.level, ctx.province(z.province_code).short_zh, z.city, cell(z.lat),
                 cell(z.lon), cluster});
    }
    ctx.print(std::move(t), flags.format);
  });

  auto* show = zone->add_subcommand("show", "One zone and every cluster it has had");
  show->add_option("zone", flags.query, "Zone id or name")->required();
  add_format_option(show, flags.format);
  show->footer("Examples:\n  clusteratlas zone show 武汉东湖高新区\n  clusteratlas zone show 12");
  show->callback([&ctx] {
    auto z = ctx.zone(flags.query);
    report::Table t;
    t.columns = {{"cluster_id", "ID", -1, true, 1, false},
                 {"cluster", "集群"},
                 {"status", "状态"},
                 {"industry", "主导产业"}};
    for (const auto& c : ctx.store().clusters(store::ClusterFilter::in_zone(z.id))) {
      t.add_row({c.id, c.name, std::string(domain::status_name_zh(c.status)), c.industry_code});
    }
    t.notes.push_back(fmt::format("{} (id {}): {} high-tech zone in {}, {}", z.name, z.id, z.level,
                                  ctx.province(z.province_code).name_zh, z.city));
    ctx.print(std::move(t), flags.format);
  });
}

}  // namespace atlas::cli
