// `clusteratlas review …`, `decide`, `notice …` and `admit`: a round from its experts' reviews to
// the clusters admitted (docs/rounds.md). The work is app/round_review.h's and
// app/round_decision.h's; this file reads the flags and prints the results.
#include <cmath>
#include <iostream>

#include <fmt/format.h>

#include "atlas/app/objection_documents.h"
#include "atlas/app/round_decision.h"
#include "atlas/app/round_review.h"
#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "atlas/report/xlsx.h"
#include "atlas/store/round_reviews.h"
#include "context.h"
#include "database.h"
#include "document_download.h"

namespace atlas::cli {
namespace {

struct Flags {
  std::string format = "table";
  std::int64_t round_id = 0, id = 0;
  std::string form, file, output, expert, account, points, comment;
  app::DecisionRequest decision;
  app::ObjectionEntry objection;
  std::vector<std::string> attachments;  // notice object --attach
  std::int64_t document = 0;
  std::string answer, status = "pilot", date;
  bool upheld = false;
};

// "25,良,18.5" → points {25, NaN, 18.5}, levels {"", "良", ""}: a part that is not a number is a
// level of an anchored criterion, which the form resolves (app::submit_review).
void parse_points(const std::string& text, app::ReviewEntry& entry) {
  std::size_t from = 0;
  while (from <= text.size()) {
    auto comma = std::min(text.find(',', from), text.size());
    auto part = text::trim(text.substr(from, comma - from));
    from = comma + 1;
    double value = std::nan("");
    try {
      std::size_t used = 0;
      value = std::stod(part, &used);
      if (used != part.size()) value = std::nan("");
    } catch (const std::exception&) {
    }
    if (part.empty()) {
      throw Error(ErrorKind::kUsage,
                  fmt::format("--points '{}': a part is empty; give one value per criterion, "
                              "separated by commas",
                              text));
    }
    entry.points.push_back(value);
    entry.levels.push_back(std::isnan(value) ? part : "");
  }
}

void add_review(CLI::App& app, Context& ctx, Flags& flags) {
  auto* review =
      app.add_subcommand("review", "Expert reviews (专家评审) of a round's applications");
  review->require_subcommand(1);
  review->footer(
      "Examples:\n"
      "  clusteratlas review form --round 1 --set 创新能力:30,产业规模:25,发展潜力:25,组织管理:20\n"
      "  clusteratlas review assignments --round 1 --expert E0007\n"
      "  clusteratlas review submit --application 3 --expert E0007 --points 26,21,20,17 \\\n"
      "      --comment 创新平台齐全，龙头企业带动作用明显\n"
      "  clusteratlas review export --round 1 --output 评审结果.xlsx");

  auto* form = review->add_subcommand("form", "Show or set the round's review form (评审表)");
  form->add_option("--round", flags.round_id, "Round id")->required();
  form->add_option("--set", flags.form, "NAME:POINTS,… adding up to 100");
  add_format_option(form, flags.format);
  form->footer(
      "Each criterion is scored from 0 to its points; a review's total is their sum (0–100).\n"
      "The form can change until the first review is submitted. Without one a round scores\n"
      "总分 out of 100.\n"
      "Examples:\n"
      "  clusteratlas review form --round 1\n"
      "  clusteratlas review form --round 1 --set 创新能力:30,产业规模:25,发展潜力:25,组织管理:20");
  form->callback([&ctx, &flags] {
    if (!flags.form.empty())
      app::set_review_form(database(ctx), flags.round_id, flags.form, ctx.actor());
    ctx.print(app::review_form_table(database(ctx), flags.round_id), flags.format);
  });

  auto* assignments =
      review->add_subcommand("assignments", "Who reviews what: the round's stored assignment");
  assignments->add_option("--round", flags.round_id, "Round id")->required();
  assignments->add_option("--expert", flags.expert, "One expert's applications only (code)");
  add_format_option(assignments, flags.format);
  assignments->footer(
      "The assignment is made by `assign --round`.\n"
      "Examples:\n"
      "  clusteratlas review assignments --round 1\n"
      "  clusteratlas review assignments --round 1 --expert E0007 --format csv");
  assignments->callback([&ctx, &flags] {
    std::optional<std::string> expert;
    if (!flags.expert.empty()) expert = flags.expert;
    ctx.print(app::round_assignment_table(database(ctx), flags.round_id, expert), flags.format);
  });

  auto* submit = review->add_subcommand("submit", "Submit or revise an expert's review");
  submit->add_option("--application", flags.id, "Application id")->required();
  submit->add_option("--expert", flags.expert, "The expert's code")->required();
  submit->add_option("--points", flags.points, "Points per criterion of the form, comma-separated")
      ->required();
  submit->add_option("--comment", flags.comment, "Written comments (评审意见)");
  submit->footer(
      "Only an assigned expert reviews, during the review stage and until its deadline; a second\n"
      "submission revises the review (its revisions are counted and audited).\n"
      "On a criterion scored by levels (review form: 创新能力:30(优30/良24/中18/差10)) give the\n"
      "level or its points.\n"
      "Examples:\n"
      "  clusteratlas review submit --application 3 --expert E0007 --points 86\n"
      "  clusteratlas review submit --application 3 --expert E0007 --points 良,21,20,17\n"
      "  clusteratlas review submit --application 3 --expert E0007 --points 26,21,20,17 \\\n"
      "      --comment 产业基础好，建议加强产学研合作");
  submit->callback([&ctx, &flags] {
    app::ReviewEntry entry{flags.id, flags.expert, {}, flags.comment};
    parse_points(flags.points, entry);
    app::submit_review(database(ctx), entry, ctx.actor());
    if (!ctx.quiet) {
      std::cout << fmt::format("review of application {} by {} recorded\n", flags.id, flags.expert);
    }
  });

  auto* import = review->add_subcommand("import", "Record a batch of review scores from a file");
  import->add_option("--round", flags.round_id, "Round id")->required();
  import
      ->add_option("file", flags.file,
                   "CSV, TSV or XLSX (UTF-8 or GBK): application, expert, and score or "
                   "a column per criterion")
      ->required();
  import->footer(
      "Each row is one expert's review of one application. For a form of one criterion (总分)\n"
      "the row gives its score, as `reliability --scores` reads it:\n"
      "  申报项目,评审专家,评分\n"
      "  3,E0007,86\n"
      "For a form of several criteria, one column per criterion headed by its name as the form\n"
      "names it, or with its points (创新能力(30分)); a total column (总分, 合计分), when there\n"
      "is one, must be the criteria's sum; a comment column (意见, 评语) is kept with the review:\n"
      "  申报项目,评审专家,创新能力(30分),产业规模(25分),发展潜力(25分),组织管理(20分),总分,意见\n"
      "  3,E0007,26,21,20,17,84,创新平台齐全\n"
      "A title above the header and total rows are skipped. All rows are recorded or none; a bad\n"
      "row is named with its column.\n"
      "Examples:\n"
      "  clusteratlas review import --round 1 评审打分.xlsx\n"
      "  clusteratlas review import --round 1 专家评分表.csv");
  import->callback([&ctx, &flags] {
    auto n = app::import_reviews(database(ctx), flags.round_id, flags.file, ctx.actor());
  if (!ctx.quiet) std::cout << fmt::format("{}: {} reviews recorded\n", flags.file, n);
});

auto* list = review->add_subcommand("list", "The round's reviews, or one expert's");
list->add_option("--round", flags.round_id, "Round id")->required();
list->add_option("--expert", flags.expert, "One expert's reviews only (code)");
add_format_option(list, flags.format);
list->footer(
    "Examples:\n  clusteratlas review list --round 1\n"
    "  clusteratlas review list --round 1 --expert E0007 --format json");
list->callback([&ctx, &flags] {
  std::optional<std::string> expert;
  if (!flags.expert.empty()) expert = flags.expert;
  ctx.print(app::review_table(database(ctx), flags.round_id, expert), flags.format);
});

auto* exported = review->add_subcommand("export", "Write the round's reviews to XLSX or CSV");
exported->add_option("--round", flags.round_id, "Round id")->required();
exported->add_option("--output,--out", flags.output, "FILE.xlsx, or FILE.csv (UTF-8 with BOM)")
    ->required();
exported->footer(
    "Examples:\n  clusteratlas review export --round 1 --output 评审结果.xlsx\n"
    "  clusteratlas review export --round 1 --output reviews.csv");
exported->callback([&ctx, &flags] {
  auto table = app::review_table(database(ctx), flags.round_id, std::nullopt);
  const auto& path = flags.output;
  if (path.size() > 5 && path.substr(path.size() - 5) == ".xlsx") {
    report::write_xlsx(path, {{"专家评审", &table}});
  } else {
    Output output(path);
    report::write_csv(output.stream(), table, true);
    output.close();
  }
  if (!ctx.quiet) std::cout << fmt::format("{}: {} reviews\n", path, table.rows.size());
});

auto* link = review->add_subcommand("link", "Let an expert account review as a pool's expert");
link->add_option("--expert", flags.expert, "The expert's code")->required();
link->add_option("--account", flags.account, "The login of an account of role expert")->required();
link->footer(
    "Over the API an expert sees and reviews only the applications assigned to the expert\n"
    "their account is linked to.\n"
    "Examples:\n  clusteratlas review link --expert E0007 --account zhangsan");
link->callback([&ctx, &flags] {
  auto& store = database(ctx).store();
  auto account = store.account_by_login(flags.account);
  if (!account) {
    throw Error(ErrorKind::kNotFound, fmt::format("no account with login {}", flags.account));
  }
  store.round_reviews().link_expert_account(flags.expert, account->id, ctx.actor());
  if (!ctx.quiet) {
    std::cout << fmt::format("{} reviews as expert {}\n", flags.account, flags.expert);
  }
});
}  // namespace

void add_decide(CLI::App& app, Context& ctx, Flags& flags) {
  auto* decide = app.add_subcommand("decide", "The office's decision list (评审结果) of a round");
  decide->add_option("--round", flags.decision.round_id, "Round id")->required();
  decide->add_option("--places", flags.decision.places, "At most this many on the list");
  decide->add_option("--pass-mark", flags.decision.pass_mark,
                     "Only applications with a composite at least this");
  decide->add_flag("!--untrimmed", flags.decision.trimmed,
                   "The panel's score is the plain mean (default: drop one highest and one "
                   "lowest)");
  add_format_option(decide, flags.format);
  decide->footer(
      "composite = data weight × data score + (1 − data weight) × the panel's trimmed mean; the\n"
      "data score is the round's indicator system on the figures applications reported, and its\n"
      "gates keep an application off the list. Deciding again replaces the list.\n"
      "Examples:\n"
      "  clusteratlas decide --round 1 --places 20 --pass-mark 60\n"
      "  clusteratlas decide --round 1 --pass-mark 70 --format csv > 评审结果.csv");
  decide->callback([&ctx, &flags] {
    // The use case names its parameters as the API does; here they are flags.
    const auto& d = flags.decision;
    if (!d.places && !d.pass_mark) {
      throw Error(ErrorKind::kUsage,
                  "say how many applications the list holds (--places N), the pass mark "
                  "(--pass-mark SCORE), or both");
    }
    if (d.places && *d.places < 0) throw Error(ErrorKind::kUsage, "--places must be 0 or more");
    app::decide(database(ctx), flags.decision, ctx.actor());
    ctx.print(app::decision_table(database(ctx), flags.decision.round_id), flags.format);
  });
}

void add_notice(CLI::App& app, Context& ctx, Flags& flags) {
  auto* notice = app.add_subcommand("notice", "The public notice (公示) and its objections");
  notice->require_subcommand(1);
  notice->footer(
      "The round enters its notice stage with `round advance`; the notice ends on the stage's\n"
      "deadline.\n"
      "Examples:\n"
      "  clusteratlas notice show --round 1\n"
      "  clusteratlas notice objections --round 1");

  auto* show = notice->add_subcommand("show", "The list under notice, with its end date");
  show->add_option("--round", flags.round_id, "Round id")->required();
  add_format_option(show, flags.format);
  show->footer("Examples:\n  clusteratlas notice show --round 1 --format csv");
  show->callback([&ctx, &flags] {
    ctx.print(app::decision_table(database(ctx), flags.round_id), flags.format);
  });

  auto* object =
      notice->add_subcommand("object", "Record an objection (异议) to a listed application");
  object->add_option("--application", flags.objection.application_id, "Application id")->required();
  object->add_option("--by", flags.objection.objector, "Who objects, and how to reach them")
      ->required();
  object->add_option("--grounds", flags.objection.grounds, "The grounds (异议理由)")->required();
  object->add_option("--attach", flags.attachments,
                     "A document the objection comes with (PDF, DOCX or XLSX, by its content); "
                     "repeat for several");
  object->footer(
      "The objection and its documents are recorded together or not at all: a file that is\n"
      "not a PDF, DOCX or XLSX, or two with the same content, leaves nothing recorded.\n"
      "Examples:\n"
      "  clusteratlas notice object --application 3 --by \"李四 138xxxx\" \\\n"
      "      --grounds 申报材料中研发投入数据与统计年报不符\n"
      "  clusteratlas notice object --application 3 --by \"王五 139xxxx\" \\\n"
      "      --grounds 龙头企业名单有误 --attach 举报材料.pdf --attach 企业名单对照.xlsx");
  object->callback([&ctx, &flags] {
    auto id = app::object(database(ctx), flags.objection, flags.attachments, ctx.actor());
    if (!ctx.quiet) {
      std::cout << fmt::format("objection {} recorded", id);
      if (!flags.attachments.empty()) {
        std::cout << fmt::format(" with {} document{}", flags.attachments.size(),
                                 flags.attachments.size() == 1 ? "" : "s");
      }
      std::cout << "\n";
    }
  });

  auto* attach = notice->add_subcommand(
      "attach", "Attach a document (PDF, DOCX or XLSX) to an objection not yet answered");
  attach->add_option("objection", flags.id, "Objection id")->required();
  attach->add_option("file", flags.file, "The document; its type is read from its content")
      ->required();
  attach->footer(
      "Allowed while the objection may be answered: not answered yet, the round in its notice\n"
      "stage (also after the notice's deadline). The content decides the type; the SHA-256 is\n"
      "kept with the document, and the same content is attached once.\n"
      "Examples:\n"
      "  clusteratlas notice attach 2 补充证明.pdf");
  attach->callback([&ctx, &flags] {
    auto d = app::attach_objection_document(database(ctx), flags.id, flags.file, flags.file,
                                            ctx.actor());
    if (!ctx.quiet) {
      std::cout << fmt::format("{} attached to objection {} as document {} ({}, sha256 {})\n",
                               d.name, flags.id, d.id, d.type, d.sha256);
    }
  });

  auto* documents = notice->add_subcommand("documents", "An objection's documents");
  documents->add_option("objection", flags.id, "Objection id")->required();
  add_format_option(documents, flags.format);
  documents->footer(
      "Examples:\n"
      "  clusteratlas notice documents 2\n"
      "  clusteratlas notice documents 2 --format json");
  documents->callback([&ctx, &flags] {
    ctx.print(app::objection_document_list(database(ctx), flags.id), flags.format);
  });

  auto* download = add_download_verb(notice, "objection", flags.id, flags.document, flags.file,
                                     {"2 5", "2 5 --out 异议材料/举报材料.pdf"});
  download->callback([&ctx, &flags] {
    write_document(ctx, app::objection_document_file(database(ctx), flags.id, flags.document),
                   flags.file);
  });

  auto* answer = notice->add_subcommand("answer", "Answer an objection, upheld or not");
  answer->add_option("objection", flags.id, "Objection id")->required();
  answer->add_option("--answer", flags.answer, "The office's answer (答复)")->required();
  answer->add_flag("--upheld", flags.upheld,
                   "The objection stands: the application leaves the list, the answer its reason");
  answer->footer(
      "Examples:\n"
      "  clusteratlas notice answer 1 --answer 经核实，数据口径差异已说明，异议不成立\n"
      "  clusteratlas notice answer 2 --answer 经核实，数据不实 --upheld");
  answer->callback([&ctx, &flags] {
    app::answer_objection(database(ctx), flags.id, flags.answer, flags.upheld, ctx.actor());
    if (!ctx.quiet) {
      std::cout << fmt::format("objection {} answered{}\n", flags.id,
                               flags.upheld ? ": upheld, the application leaves the list" : "");
    }
  });

  auto* objections = notice->add_subcommand("objections", "The round's objections and answers");
  objections->add_option("--round", flags.round_id, "Round id")->required();
  add_format_option(objections, flags.format);
  objections->footer("Examples:\n  clusteratlas notice objections --round 1 --format json");
  objections->callback([&ctx, &flags] {
    ctx.print(app::objection_table(database(ctx), flags.round_id), flags.format);
  });
}

void add_admit(CLI::App& app, Context& ctx, Flags& flags) {
  auto* admit = app.add_subcommand("admit", "Admit a round's final list into the registry");
  admit->add_option("--round", flags.round_id, "Round id")->required();
  admit->add_option("--date", flags.date, "The decision's date (YYYY-MM-DD), after the notice")
      ->required();
  admit->add_option("--status", flags.status, "Status of the clusters admitted")
      ->capture_default_str();
  add_format_option(admit, flags.format);
  admit->footer(
      "Once the notice has ended and every objection is answered, each listed application\n"
      "becomes a cluster of its zone with the round's document number (文号), all or none, and\n"
      "the round closes.\n"
      "Examples:\n"
      "  clusteratlas admit --round 1 --date 2026-07-20\n"
      "  clusteratlas admit --round 1 --date 2026-07-20 --status cultivation");
  admit->callback([&ctx, &flags] {
    auto status = domain::parse_status(flags.status);
    if (!status) {
      throw Error(ErrorKind::kUsage, fmt::format("--status: unknown status '{}'", flags.status));
    }
    ctx.print(app::admit(database(ctx), flags.round_id, *status, flags.date, ctx.actor()),
              flags.format);
  });
}

}  // namespace atlas::cli

void add_review_commands(CLI::App& app, Context& ctx) {
  static Flags flags;
  add_review(app, ctx, flags);
  add_decide(app, ctx, flags);
  add_notice(app, ctx, flags);
  add_admit(app, ctx, flags);
}

}  // namespace atlas::cli
