// `clusteratlas round …`, `application …` and `recommend`: a selection round from its opening to
// the provinces' ranked lists (docs/rounds.md).
#include <iostream>

#include <fmt/format.h>

#include "atlas/app/application_documents.h"
#include "atlas/app/application_figures.h"
#include "atlas/app/round_review.h"
#include "atlas/app/rounds.h"
#include "atlas/core/error.h"
#include "context.h"
#include "database.h"
#include "document_download.h"

namespace atlas::cli {
namespace {

struct Flags {
  std::string format = "table";
  app::RoundCreateRequest round;
  std::int64_t id = 0;
  app::ApplicationRequest application;
  app::ApplicationListRequest listing;
  std::string reason, file;
  std::int64_t document = 0;
  int year = 0;  // application figures: JQ01 rows without a year column
  app::RecommendRequest recommendation;
};

// The stages whose deadline `round create` takes, as --STAGE YYYY-MM-DD.
constexpr const char* kDeadlineStages[] = {"applications", "recommendation", "review", "decision",
                                           "notice"};

void add_round(CLI::App& app, Context& ctx, Flags& flags) {
  auto* round = app.add_subcommand("round", "Selection rounds (遴选) and re-evaluations (复核)");
  round->require_subcommand(1);
  round->footer(
      "Examples:\n"
      "  clusteratlas round list\n"
      "  clusteratlas round show 1\n"
      "  clusteratlas round advance 1");

  auto* create = round->add_subcommand("create", "Open a round with its stages' deadlines");
  create->add_option("--kind", flags.round.kind, "admission (新申报) or reevaluation (复核)")
      ->capture_default_str();
  create->add_option("--year", flags.round.year, "The round's year")->required();
  create->add_option("--name", flags.round.name, "e.g. 2026年度创新型产业集群遴选")->required();
  create->add_option("--doc-no", flags.round.doc_no, "The notice that opened it (文号)")
      ->required();
  create
      ->add_option("--system", flags.round.system,
                   "Indicator system scoring the data part (a shipped name or a YAML file)")
      ->required();
  create
      ->add_option("--data-weight", flags.round.data_weight,
                   "Weight of the data score in the composite; the experts' is 1 − it")
      ->capture_default_str();
  for (const char* stage : kDeadlineStages) {
    create->add_option_function<std::string>(
        fmt::format("--{}", stage),
        [&flags, stage](const std::string& date) { flags.round.deadlines[stage] = date; },
        fmt::format("Last day of the {} stage (YYYY-MM-DD)", stage));
  }
  create->add_option("--quota", flags.round.quotas,
                     "PROVINCE=N: how many the province may recommend (repeat; none: no limit)");
  create->footer(
      "Every stage of the round's kind needs its deadline; re-evaluations start at the review.\n"
      "Examples:\n"
      "  clusteratlas round create --year 2026 --name 2026年度创新型产业集群遴选 \\\n"
      "      --doc-no 国科火字〔2026〕18号 --system torch-iic --data-weight 0.4 \\\n"
      "      --applications 2026-03-31 --recommendation 2026-04-30 --review 2026-06-15 \\\n"
      "      --decision 2026-06-30 --notice 2026-07-15 --quota 湖北=3 --quota 江苏=4\n"
      "  clusteratlas round create --kind reevaluation --year 2026 --name 2026年度集群复核 \\\n"
      "      --doc-no 国科火字〔2026〕30号 --system torch-iic --review 2026-09-30 \\\n"
      "      --decision 2026-10-15 --notice 2026-10-31");
  create->callback([&ctx, &flags] {
    auto id = app::create_round(database(ctx), flags.round, ctx.actor());
    if (!ctx.quiet) std::cout << fmt::format("round {} opened (id {})\n", flags.round.name, id);
  });

  auto* list = round->add_subcommand("list", "Every round, newest first, with its stage");
  add_format_option(list, flags.format);
  list->footer("Examples:\n  clusteratlas round list\n  clusteratlas round list --format json");
  list->callback([&ctx, &flags] { ctx.print(app::round_list(database(ctx)), flags.format); });

  auto* show = round->add_subcommand("show", "A round's stages, deadlines and provinces");
  show->add_option("round", flags.id, "Round id")->required();
  add_format_option(show, flags.format);
  show->footer("Examples:\n  clusteratlas round show 1\n  clusteratlas round show 1 --format json");
  show->callback(
      [&ctx, &flags] { ctx.print(app::round_show(database(ctx), flags.id), flags.format); });

  auto* provinces =
      round->add_subcommand("provinces", "Each province's applications against its quota");
  provinces->add_option("round", flags.id, "Round id")->required();
  add_format_option(provinces, flags.format);
  provinces->footer(
      "Per province with an application or a quota: applied, returned, recommended, and the\n"
      "quota (empty: no limit).\n"
      "Examples:\n  clusteratlas round provinces 1\n  clusteratlas round provinces 1 --format "
      "json");
  provinces->callback(
      [&ctx, &flags] { ctx.print(app::round_provinces(database(ctx), flags.id), flags.format); });

  auto* advance = round->add_subcommand("advance", "Move a round to its next stage");
  advance->add_option("round", flags.id, "Round id")->required();
  advance->footer(
      "The programme office closes a stage, on or before its deadline; a round never goes back.\n"
      "Examples:\n  clusteratlas round advance 1");
  advance->callback([&ctx, &flags] {
    auto stage = database(ctx).store().advance_round(flags.id, ctx.actor());
    if (!ctx.quiet) {
      std::cout << fmt::format("round {} is now in its {} stage\n", flags.id,
                               rounds::stage_label(stage));
    }
  });
}

void add_application(CLI::App& app, Context& ctx, Flags& flags) {
  auto* application = app.add_subcommand("application", "Zones' applications (申报) in a round");
  application->require_subcommand(1);
  application->footer(
      "Examples:\n"
      "  clusteratlas application list --round 1 --province 湖北\n"
      "  clusteratlas application show 3");

  auto& a = flags.application;
  auto* submit = application->add_subcommand(
      "submit", "Submit a zone's application, or a returned one corrected");
  submit->add_option("--round", a.round_id, "Round id")->required();
  submit->add_option("--zone", a.zone, "The applying zone: id or exact name")->required();
  submit->add_option("--name", a.cluster_name, "The proposed cluster's name")->required();
  submit->add_option("--industry", a.industry_code, "Leading industry, GB/T 4754 code")->required();
  submit->add_option("--building-unit", a.building_unit, "建设单位")->required();
  submit->add_option("--management-body", a.management_body, "集群促进机构")->required();
  submit->add_option("--firm", a.leading_firms, "A leading firm (龙头企业); repeat for each");
  submit->add_option("--contact", a.contact, "Contact person and telephone");
  submit->footer(
      "A zone with an active cluster cannot apply (一区一主导产业); one application per zone and\n"
      "round. A returned application is submitted again with the same command, corrected.\n"
      "Examples:\n"
      "  clusteratlas application submit --round 1 --zone 襄阳高新区 \\\n"
      "      --name 襄阳高新区新能源汽车创新型产业集群 --industry 3612 \\\n"
      "      --building-unit 襄阳高新区管委会 --management-body 襄阳新能源汽车产业促进中心 \\\n"
      "      --firm 东风汽车股份有限公司 --firm 比亚迪汽车工业有限公司襄阳分公司");
  submit->callback([&ctx, &flags] {
    auto id = app::submit_application(database(ctx), flags.application, ctx.actor());
    if (!ctx.quiet) {
      std::cout << fmt::format("application {} submitted ({})\n", id,
                               flags.application.cluster_name);
    }
  });

  auto* ret = application->add_subcommand("return", "Send an application back for correction");
  ret->add_option("application", flags.id, "Application id")->required();
  ret->add_option("--reason", flags.reason, "What the zone must correct")->required();
  ret->footer(
      "Examples:\n"
      "  clusteratlas application return 3 --reason \"龙头企业名单不完整，请补充2025年数据\"");
  ret->callback([&ctx, &flags] {
    database(ctx).store().return_application(flags.id, flags.reason, ctx.actor());
    if (!ctx.quiet) std::cout << fmt::format("application {} returned\n", flags.id);
  });

  auto* attach = application->add_subcommand(
      "attach", "Attach a document (PDF, DOCX or XLSX) to an application");
  attach->add_option("application", flags.id, "Application id")->required();
  attach->add_option("file", flags.file, "The document; its type is read from its content")
      ->required();
  attach->footer(
      "Allowed while the zone may submit the application. The content decides the type: an old\n"
      ".doc/.xls, an image or a file whose name claims another type is refused; the SHA-256 is\n"
      "kept with the document, and the same content is attached once.\n"
      "Examples:\n"
      "  clusteratlas application attach 3 申报书.pdf\n"
      "  clusteratlas application attach 3 龙头企业名单.xlsx");
  attach->callback([&ctx, &flags] {
    auto d = app::attach_document(database(ctx), flags.id, flags.file, flags.file, ctx.actor());
    if (!ctx.quiet) {
      std::cout << fmt::format("{} attached to application {} as document {} ({}, sha256 {})\n",
                               d.name, flags.id, d.id, d.type, d.sha256);
    }
  });

  auto* documents = application->add_subcommand("documents", "An application's documents");
  documents->add_option("application", flags.id, "Application id")->required();
  add_format_option(documents, flags.format);
  documents->footer("Examples:\n  clusteratlas application documents 3");
  documents->callback(
      [&ctx, &flags] { ctx.print(app::document_list(database(ctx), flags.id), flags.format); });

  auto* download = add_download_verb(application, "application", flags.id, flags.document,
                                     flags.file, {"3 7", "3 7 --out 评审材料/襄阳-申报书.pdf"});
  download->callback([&ctx, &flags] {
    write_document(ctx, app::document_file(database(ctx), flags.id, flags.document), flags.file);
  });

  auto* list = application->add_subcommand("list", "A round's applications");
  list->add_option("--round", flags.listing.round_id, "Round id")->required();
  list->add_option("--province", flags.listing.province, "Only this province (code or name)");
  list->add_option("--zone", flags.listing.zone, "Only this zone's (id or exact name)");
  list->add_option("--state", flags.listing.state, "submitted or returned");
  add_format_option(list, flags.format);
  list->footer(
      "Examples:\n"
      "  clusteratlas application list --round 1\n"
      "  clusteratlas application list --round 1 --province 湖北 --state returned --format csv");
  list->callback([&ctx, &flags] {
    ctx.print(app::application_list(database(ctx), flags.listing), flags.format);
  });

  auto* show = application->add_subcommand("show", "One application, field by field");
  show->add_option("application", flags.id, "Application id")->required();
  add_format_option(show, flags.format);
  show->footer("Examples:\n  clusteratlas application show 3");
  show->callback(
      [&ctx, &flags] { ctx.print(app::application_show(database(ctx), flags.id), flags.format); });

  auto* figures = application->add_subcommand(
      "figures", "Record the indicator data (申报书附表) applications report, from a file");
  figures->add_option("--round", flags.id, "Round id")->required();
  figures
      ->add_option("file", flags.file,
                   "CSV, TSV or XLSX (UTF-8 or GBK): the JQ01 form, or a table of fields")
      ->required();
  figures->add_option("--year", flags.year,
                      "JQ01 rows without a year column (年份): the year of every row");
  figures->footer(
      "The JQ01 form clusters report every year (集群名称, 年份, 营业收入 …, as `import\n"
      "clusters` reads it, with its checks and messages), the cluster column naming the\n"
      "application by id or proposed cluster name; each application's figures are the\n"
      "cluster-year fields of the latest year it gives (growth and three-year means from the\n"
      "years before it), with its platform and institution counts. A file with a unit column is\n"
      "instead a table of those fields (clusteratlas systems fields), a row per application id.\n"
      "A blank cell is a figure not reported. While applications may be submitted; each\n"
      "application's figures replace what it reported before, all rows or none.\n"
      "Examples:\n"
      "  clusteratlas application figures --round 1 JQ01申报数据.xlsx\n"
      "  clusteratlas application figures --round 1 JQ01-2025.csv --year 2025\n"
      "  clusteratlas application figures --round 1 指标数据.csv");
  figures->callback([&ctx, &flags] {
    app::ApplicationFiguresFile file{flags.id, flags.file};
    if (flags.year) file.year = flags.year;
    auto n = app::import_application_figures(database(ctx), file, ctx.actor());
    if (!ctx.quiet)
      std::cout << fmt::format("{}: figures of {} applications recorded\n", flags.file, n);
  });
}

void add_recommend(CLI::App& app, Context& ctx, Flags& flags) {
  auto& r = flags.recommendation;
  auto* recommend =
      app.add_subcommand("recommend", "A province's ranked recommendation (省级推荐) in a round");
  recommend->add_option("--round", r.round_id, "Round id")->required();
  recommend->add_option("--province", r.province, "The recommending province (code or name)")
      ->required();
  recommend->add_option("--application", r.applications,
                        "An application id; repeat in rank order, the first ranked 1");
  recommend->add_option("--opinion", r.opinions,
                        "The province's opinion (推荐意见) of the application before it");
  recommend->footer(
      "The list replaces the province's earlier one; it may hold at most the round's quota.\n"
      "Without applications the province withdraws its list.\n"
      "Examples:\n"
      "  clusteratlas recommend --round 1 --province 湖北 \\\n"
      "      --application 3 --opinion \"产业基础雄厚，同意推荐\" \\\n"
      "      --application 7 --opinion \"创新平台齐全，同意推荐\"");
  recommend->callback([&ctx, &flags] {
    const auto& request = flags.recommendation;
    app::recommend(database(ctx), request, ctx.actor());
    if (!ctx.quiet) {
      std::cout << fmt::format("province {} recommends {} in round {}\n", request.province,
                               request.applications.size(), request.round_id);
    }
  });
}

}  // namespace

void add_round_commands(CLI::App& app, Context& ctx) {
  static Flags flags;
  add_round(app, ctx, flags);
  add_application(app, ctx, flags);
  add_recommend(app, ctx, flags);
}

}  // namespace atlas::cli
