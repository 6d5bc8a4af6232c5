// `clusteratlas province …` and `clusteratlas industry …`: the bundled reference data, and an
// office's own copy of the official industry classification.
#include <iostream>
#include <set>
#include <variant>

#include <fmt/format.h>

#include "atlas/app/reference.h"
#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "atlas/ingest/industry_list.h"
#include "context.h"
#include "database.h"

namespace atlas::cli {
namespace {

struct Flags {
  std::string format = "table";
  std::string region, level, parent, code, file;
  bool sei_only = false;
};

// The rows of an industry list whose parent is neither in the list nor stored: the list must
// hang together with what the database knows. A division without a section keeps its stored one.
void check_parents(store::Store& store, const ingest::IndustryList& list) {
  std::set<std::string> listed;
  for (const auto& i : list.rows) listed.insert(i.code);
  for (std::size_t r = 0; r < list.rows.size(); ++r) {
    const auto& i = list.rows[r];
    if (i.level == "section" || listed.count(i.parent) ||
        (!i.parent.empty() && store.industry(i.parent))) {
      continue;
    }
    if (i.level == "division" && i.parent.empty()) {
      if (auto stored = store.industry(i.code); stored && !stored->parent.empty()) continue;
      throw Error(ErrorKind::kBadInput,
                  fmt::format("division {} has no section: list its section (A–T) above it or "
                              "give a parent column",
                              i.code),
                  {list.source, list.lines[r], "parent", ""});
    }
    throw Error(ErrorKind::kBadInput,
                fmt::format("{} {} belongs under {}, which is neither in the file nor in the "
                            "database",
                            i.level, i.code, i.parent),
                {list.source, list.lines[r], "code", ""});
  }
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
  plist->callback(
      [&ctx] { ctx.print(app::province_list(database(ctx), {flags.region}), flags.format); });

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
    ctx.print(app::industry_list(database(ctx), {flags.level, flags.parent, flags.sei_only}),
              flags.format);
  });

  auto* import = industry->add_subcommand(
      "import", "Load an office's copy of the official GB/T 4754-2017 list (codes and names)");
  import->add_option("file", flags.file, "CSV, TSV or XLSX: a code and a name column at least")
      ->required();
  import->footer(
      "The bundled list has every section and division and the groups and classes clusters\n"
      "usually lead in; a real code it lacks is accepted under its division with a note. This\n"
      "loads the whole classification from the official table (代码, 类别名称[, 英文名称, 上级,\n"
      "层级]) in one transaction: new codes are added, listed ones take the file's names, codes\n"
      "accepted earlier get their names; nothing is deleted, and `init` does not overwrite them.\n"
      "Codes, levels, parents and duplicates are checked (exit 2, naming the row and column).\n"
      "Examples:\n"
      "  clusteratlas industry import 国民经济行业分类2017.csv\n"
      "  clusteratlas industry import gbt4754-2017.xlsx");
  import->callback([&ctx] {
    auto list = ingest::read_industry_list(flags.file);
  auto& store = ctx.store();
  std::int64_t added = 0;
  store.in_transaction([&] {
    check_parents(store, list);
    added = store.import_industries(list.rows, list.source, ctx.actor());
  });
  if (!ctx.quiet) {
    const std::int64_t replaced = static_cast<std::int64_t>(list.rows.size()) - added;
    std::cout << fmt::format("{}: {} imported ({} new, {} replacing {})\n", list.source,
                             text::counted(list.rows.size(), "industry", "industries"), added,
                             replaced, replaced == 1 ? "a stored one" : "stored ones");
  }
});

auto* ishow = industry->add_subcommand("show", "One industry, its sub-industries and clusters");
ishow->add_option("code", flags.code, "GB/T 4754-2017 code, e.g. 3973")->required();
add_format_option(ishow, flags.format);
ishow->footer("Examples:\n  clusteratlas industry show 39\n  clusteratlas industry show 3973");
ishow->callback([&ctx] {
  auto& store = ctx.store();
  auto industry = store.industry(flags.code);
  if (!industry) {
    // A real class the bundled list lacks is taken under its group or division once a cluster
    // names it (cluster add accepts it): say so rather than call it unknown.
    std::optional<domain::Industry> ancestor;
    for (const auto& code : domain::ancestors_by_form(flags.code)) {
      if ((ancestor = store.industry(code))) break;
    }
    auto accepted = domain::accept_unlisted(flags.code, ancestor);
    if (std::holds_alternative<domain::Industry>(accepted)) {
      throw Error(ErrorKind::kNotFound,
                  fmt::format("{} is not in the bundled industry list and no cluster names it "
                              "yet; a cluster may, and it is then accepted under {} {} {} (load "
                              "the official list with `clusteratlas industry import FILE` to name "
                              "it)",
                              flags.code, ancestor->level, ancestor->code, ancestor->name_zh));
    }
    throw Error(ErrorKind::kNotFound,
                fmt::format("unknown industry code '{}' (GB/T 4754-2017; see `clusteratlas "
                            "industry list`)",
                            flags.code));
  }
  std::vector<domain::Industry> rows = {*industry};
  for (auto& i : store.industries()) {
    if (i.parent == flags.code) rows.push_back(std::move(i));
  }
  auto t = app::industry_table(rows);
  store::ClusterFilter filter;
  if (industry->level != "section") filter.industry_prefix = flags.code;
  auto clusters = store.clusters(filter);
  if (industry->level != "section") {
    t.notes.push_back(
        fmt::format("{} {} in {} {}", text::counted(clusters.size(), "cluster", "clusters"),
                    clusters.size() == 1 ? "leads" : "lead", flags.code, industry->name_zh));
  }
  ctx.print(std::move(t), flags.format);
});
}  // namespace atlas::cli

}  // namespace atlas::cli
