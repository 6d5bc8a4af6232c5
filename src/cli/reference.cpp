// `clusteratlas province …` and `clusteratlas industry …`: the bundled reference data.
#include <iostream>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "context.h"

namespace atlas::cli {
namespace {

struct Flags {
  std::string format = "table";
  std::string region, level, parent, code;
  bool sei_only = false;
};

report::Table industry_table(const std::vector<domain::Industry>& industries) {
  report::Table t;
  t.columns = {{"code", "代码"},    {"level", "层级"},   {"parent", "上级"},
               {"name_zh", "名称"}, {"name_en", "Name"}, {"sei", "战略性新兴产业"}};
  for (const auto& i : industries) {
    t.add_row({i.code, i.level, i.parent, i.name_zh, i.name_en, i.sei});
  }
  return t;
}

}  // namespace

void add_reference_commands(CLI::App& app, Context& ctx) {
  static Flags flags;
  auto* province = app.add_subcommand("province", "Provincial-level divisions (GB/T 2260)");
  province->require_subcommand(1);
  province->footer("Examples:\n  clusteratlas province list --region central");
  auto* plist = province->add_subcommand("list", "List provinces with code, names and region");
  plist->add_option("--region", flags.region, "Only one region: east, central, west, northeast");
  add_format_option(plist, flags.format);
  plist->footer(
      "Regions are the Torch yearbook's: east 10, central 6, west 12, north-east 3; Hong Kong,\n"
      "Macao and Taiwan are listed with region 'none'.\n"
      "Examples:\n"
      "  clusteratlas province list\n"
      "  clusteratlas province list --region central --format csv");
  plist->callback([&ctx] {
    std::optional<domain::Region> region;
    if (!flags.region.empty()) {
      region = domain::parse_region(flags.region);
      if (!region) {
        throw Error(ErrorKind::kUsage,
                    fmt::format("--region must be east, central, west, northeast or none, not "
                                "'{}'",
                                flags.region));
      }
    }
    report::Table t;
    t.columns = {{"code", "代码"},
                 {"name_zh", "名称"},
                 {"short_zh", "简称"},
                 {"name_en", "Name"},
                 {"region", "区域"}};
    for (const auto& p : ctx.store().provinces()) {
      if (region && p.region != *region) continue;
      t.add_row(
          {p.code, p.name_zh, p.short_zh, p.name_en,
           fmt::format("{} {}", domain::region_name_zh(p.region), domain::region_key(p.region))});
    }
    ctx.print(std::move(t), flags.format);
  });

  auto* industry = app.add_subcommand("industry", "Industries of GB/T 4754-2017");
  industry->require_subcommand(1);
  industry->footer(
      "Examples:\n"
      "  clusteratlas industry list --level division --sei\n"
      "  clusteratlas industry show 3973");
  auto* ilist = industry->add_subcommand("list", "List industries");
  ilist->add_option("--level", flags.level, "section, division, group or class")
      ->check(CLI::IsMember({"section", "division", "group", "class"}));
  ilist->add_option("--parent", flags.parent, "Only the children of this code, e.g. C or 39");
  ilist->add_flag("--sei", flags.sei_only, "Only strategic emerging industries");
  add_format_option(ilist, flags.format);
  ilist->footer(
      "Examples:\n"
      "  clusteratlas industry list --level section\n"
      "  clusteratlas industry list --parent 39\n"
      "  clusteratlas industry list --sei --format csv");
  ilist->callback([&ctx] {
    std::vector<domain::Industry> out;
    for (auto& i : ctx.store().industries()) {
      if (!flags.level.empty() && i.level != flags.level) continue;
      if (!flags.parent.empty() && i.parent != flags.parent) continue;
      if (flags.sei_only && i.sei.empty()) continue;
      out.push_back(std::move(i));
    }
    ctx.print(industry_table(out), flags.format);
  });

  auto* ishow = industry->add_subcommand("show", "One industry, its sub-industries and clusters");
  ishow->add_option("code", flags.code, "GB/T 4754-2017 code, e.g. 3973")->required();
  add_format_option(ishow, flags.format);
  ishow->footer("Examples:\n  clusteratlas industry show 39\n  clusteratlas industry show 3973");
  ishow->callback([&ctx] {
    auto& store = ctx.store();
    auto industry = store.industry(flags.code);
    if (!industry) {
      throw Error(ErrorKind::kNotFound,
                  fmt::format("unknown industry code '{}' (GB/T 4754-2017; see `clusteratlas "
                              "industry list`)",
                              flags.code));
    }
    std::vector<domain::Industry> rows = {*industry};
    for (auto& i : store.industries()) {
      if (i.parent == flags.code) rows.push_back(std::move(i));
    }
    auto t = industry_table(rows);
    store::ClusterFilter filter;
    if (industry->level != "section") filter.industry_prefix = flags.code;
    auto clusters = store.clusters(filter);
    if (industry->level != "section") {
      t.notes.push_back(fmt::format("{} cluster(s) lead in {} {}", clusters.size(), flags.code,
                                    industry->name_zh));
    }
    ctx.print(std::move(t), flags.format);
  });
}

}  // namespace atlas::cli
