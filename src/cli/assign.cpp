// `clusteratlas assign`: the optimal assignment of expert reviewers to applications, from an
// office's own tables (affinities, conflicts, fixed pairs) with no database, or for a stored
// round (its recommended applications and the expert pool; the result is stored). The work is
// app/assignment.h's and app/round_review.h's; this file reads the flags and prints the result.
#include <iostream>

#include "atlas/app/assignment.h"
#include "atlas/app/round_review.h"
#include "atlas/core/error.h"
#include "context.h"
#include "database.h"

namespace atlas::cli {
namespace {

struct Flags {
  app::AssignmentRequest request;
  std::int64_t round_id = 0;
  bool same_province_allowed = false;
  std::string format = "table";
  std::string output;
};

// The use case names its parameters as the API does; on the command line they are flags.
Error in_flag_words(const Error& e) {
  const std::string& field = e.where().field;
  if (field.empty() || !e.where().file.empty()) return e;
  const std::string flag = field == "reviewers"  ? "--reviewers"
                           : field == "max_load" ? "--max-load"
                                                 : "--default-affinity";
  return Error(e.kind(), flag + " " + e.what());
}

}  // namespace

void add_assign_commands(CLI::App& app, Context& ctx) {
  static Flags flags;
  auto* cmd = app.add_subcommand(
      "assign", "Assign expert reviewers to applications optimally (max total affinity)");
  cmd->add_option("--affinities", flags.request.affinities,
                  "CSV, TSV or XLSX: application (申报), expert (专家), affinity (匹配度); every "
                  "application and expert of the round appears in it");
  cmd->add_option("--round", flags.round_id,
                  "A stored round instead of files: its recommended applications and the expert "
                  "pool, conflicts and affinities computed; the assignment is stored");
  cmd->add_flag("--allow-same-province", flags.same_province_allowed,
                "With --round: experts may review applications of their own province");
  cmd->add_option("--conflicts", flags.request.conflicts,
                  "application, expert: pairs that may not be assigned (回避)");
  cmd->add_option("--fixed", flags.request.fixed,
                  "application, expert, reason (理由): pairs that must be assigned (manual "
                  "overrides)");
  cmd->add_option("--excluded", flags.request.excluded,
                  "application, expert, reason (理由): pairs that may not be assigned (manual "
                  "overrides)");
  cmd->add_option("--reviewers", flags.request.reviewers, "Reviewers per application (k)")
      ->capture_default_str();
  cmd->add_option("--max-load", flags.request.max_load, "Most applications one expert reviews (L)")
      ->capture_default_str();
  cmd->add_option("--default-affinity", flags.request.default_affinity,
                  "Affinity of a pair the file does not list (such pairs may be assigned)")
      ->capture_default_str();
  add_format_option(cmd, flags.format);
  cmd->add_option("--output,--out", flags.output,
                  "Write the result to FILE instead of standard output");
  cmd->footer(
      "Maximises the total affinity with every application given exactly --reviewers experts,\n"
      "no expert above --max-load, no conflicted or excluded pair, every fixed pair kept: an\n"
      "exact min-cost flow (docs/methods.md, \"Reviewer assignment\"). Affinities are compared to\n"
      "10^-6. Manual overrides (--fixed, --excluded) carry their reason into the result.\n"
      "When no assignment exists, the error names the constraint that binds (exit 3).\n"
      "Examples:\n"
      "  clusteratlas assign --affinities affinity.csv --reviewers 5 --max-load 8\n"
      "  clusteratlas assign --affinities 匹配度.xlsx --conflicts 回避.csv --fixed 指定.csv \\\n"
      "      --reviewers 5 --max-load 8 --format csv --output assignment.csv\n"
      "  clusteratlas assign --affinities affinity.csv --excluded 排除.csv --reviewers 3 \\\n"
      "      --max-load 4 --format json\n"
      "  clusteratlas assign --round 1 --reviewers 5 --max-load 8 --fixed 指定.csv");
  cmd->callback([&ctx] {
    app::ReviewerAssignment result;
    if (!flags.request.affinities.empty() == (flags.round_id != 0)) {
      throw Error(ErrorKind::kUsage,
                  "give an affinity file (--affinities) or a stored round (--round), not both");
    }
    try {
      if (flags.round_id != 0) {
        if (!flags.request.conflicts.empty()) {
          throw Error(ErrorKind::kUsage,
                      "--conflicts is for files; a round's conflicts come from its expert pool");
        }
        app::RoundAssignmentRequest r;
        r.round_id = flags.round_id;
        r.reviewers = flags.request.reviewers;
        r.max_load = flags.request.max_load;
        r.rules.same_province = !flags.same_province_allowed;
        if (!flags.request.fixed.empty()) {
          r.fixed = app::read_override_pairs(flags.request.fixed, "fixed-pair");
        }
        if (!flags.request.excluded.empty()) {
          r.excluded = app::read_override_pairs(flags.request.excluded, "excluded-pair");
        }
        result = app::assign_round(database(ctx), r, ctx.actor());
      } else {
        result = app::assign_reviewers(flags.request);
      }
    } catch (const Error& e) {
      throw in_flag_words(e);
    }
    const auto format = report::parse_format(flags.format);
    // Everything is computed before a byte is written: a failure leaves no half-written file.
    Output output(flags.output);
    if (format == report::Format::kJson) {
      output.stream() << result.document().dump(2, ' ', false,
                                                nlohmann::json::error_handler_t::replace)
                      << '\n';
    } else {
      report::write(output.stream(), result.table(format), format);
    }
    output.close();
    // CSV carries no notes: the total goes to stderr, standard output stays the table alone.
    if (format == report::Format::kCsv && !ctx.quiet) std::cerr << result.summary() << '\n';
  });
}

}  // namespace atlas::cli
