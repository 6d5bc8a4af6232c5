// `clusteratlas expert …`: the expert pool (专家库) and its conflicts of interest (回避).
#include <iostream>

#include <fmt/format.h>

#include "atlas/app/experts.h"
#include "context.h"
#include "database.h"

namespace atlas::cli {
namespace {

struct Flags {
  std::string format = "table";
  app::ExpertAddRequest expert;
  std::string file;
  std::int64_t round = 0;
  bool same_province_allowed = false;
};

}  // namespace

void add_expert_commands(CLI::App& app, Context& ctx) {
  static Flags flags;
  auto* expert = app.add_subcommand("expert", "The expert pool (专家库) and conflicts (回避)");
  expert->require_subcommand(1);
  expert->footer(
      "Examples:\n"
      "  clusteratlas expert import 专家库.xlsx\n"
      "  clusteratlas expert list --format csv\n"
      "  clusteratlas expert conflicts --round 1");

  auto& e = flags.expert;
  auto* add = expert->add_subcommand("add", "Add one expert to the pool");
  add->add_option("code", e.code, "The office's expert number (专家编号)")->required();
  add->add_option("--name", e.name, "姓名")->required();
  add->add_option("--organisation", e.organisation, "工作单位")->required();
  add->add_option("--province", e.province, "Province of the organisation: code or name")
      ->required();
  add->add_option("--field", e.fields, "A field of expertise, GB/T 4754 code; repeat")->required();
  add->add_option("--title", e.title, "职称");
  add->add_option("--conflict", e.declared_conflicts,
                  "An organisation, zone or firm the expert declares (回避); repeat");
  add->footer(
      "Examples:\n"
      "  clusteratlas expert add E0001 --name 张三 --organisation 华中科技大学 --province 湖北 \\\n"
      "      --field 3973 --field 39 --title 教授 --conflict 武汉东湖高新区管委会");
  add->callback([&ctx] {
    app::add_expert(database(ctx), flags.expert, ctx.actor());
    if (!ctx.quiet) {
      std::cout << fmt::format("expert {} {} added\n", flags.expert.code, flags.expert.name);
    }
  });

  auto* import = expert->add_subcommand("import", "Add or update experts from a pool file");
  import->add_option("file", flags.file, "CSV, TSV or XLSX; UTF-8 or GBK")->required();
  import->footer(
      "Columns (English or Chinese headers): 专家编号, 姓名, 工作单位, 省份, 熟悉领域 (GB/T 4754\n"
      "codes separated by 、 ; or spaces), optional 职称 and 回避单位. Experts are matched by\n"
      "code: new ones are added, changed ones updated, all or nothing.\n"
      "Examples:\n"
      "  clusteratlas expert import 专家库.xlsx\n"
      "  clusteratlas expert import experts-gbk.csv");
  import->callback([&ctx] {
    auto done = app::import_experts(database(ctx), flags.file, ctx.actor());
  if (!ctx.quiet) {
    std::cout << fmt::format("{}: {} added, {} updated, {} unchanged\n", flags.file, done.added,
                             done.updated, done.unchanged);
  }
});

auto* list = expert->add_subcommand("list", "The pool, by code");
add_format_option(list, flags.format);
list->footer("Examples:\n  clusteratlas expert list\n  clusteratlas expert list --format csv");
list->callback([&ctx] { ctx.print(app::expert_list(database(ctx)), flags.format); });

auto* conflicts = expert->add_subcommand(
    "conflicts", "Conflicts of interest between the pool and a round's applications");
conflicts->add_option("--round", flags.round, "Round id")->required();
conflicts->add_flag("--allow-same-province", flags.same_province_allowed,
                    "Experts may review applications of their own province");
add_format_option(conflicts, flags.format);
conflicts->footer(
    "One row per application, expert and reason: same organisation as the building unit,\n"
    "management body or a leading firm; same province; declared by the expert.\n"
    "Examples:\n"
    "  clusteratlas expert conflicts --round 1\n"
    "  clusteratlas expert conflicts --round 1 --allow-same-province --format csv > 回避.csv");
conflicts->callback([&ctx] {
  rounds::ConflictRules rules;
  rules.same_province = !flags.same_province_allowed;
  ctx.print(app::expert_conflicts(database(ctx), flags.round, rules), flags.format);
});
}  // namespace atlas::cli

}  // namespace atlas::cli
