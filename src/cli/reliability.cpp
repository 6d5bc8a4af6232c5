// `clusteratlas reliability`: a selection round's review scores — each application's mean,
// trimmed mean and rank, the inter-rater reliability statistics the round's design supports
// (and why the others do not apply), and the experts far from their panels. Works on a file
// alone; no database. The work is app/reliability.h's; this file reads the flags and prints.
#include <chrono>
#include <iostream>

#include <fmt/format.h>

#include "atlas/app/reliability.h"
#include "atlas/app/round_review.h"
#include "atlas/core/error.h"
#include "context.h"
#include "database.h"

namespace atlas::cli {

void add_reliability_commands(CLI::App& app, Context& ctx) {
  static struct {
    app::ReliabilityRequest request;
    std::string format = "table";
    std::string out;
    bool timings = false;
    std::int64_t round_id = 0;
  } flags;
  auto* cmd = app.add_subcommand(
      "reliability",
      "Review scores of a selection round: means, trimmed means, ICC, Kendall's W, "
      "Krippendorff's alpha, experts far from consensus");
  cmd->add_option("--scores", flags.request.scores,
                  "CSV, TSV or XLSX, one row per review: application (申报项目), expert (专家), "
                  "score (评分) 0-100");
  cmd->add_option("--round", flags.round_id,
                  "A stored round instead of a file: its experts' review totals");
  cmd->add_flag("--normalise", flags.request.normalise,
                "Also per-expert z-score normalised means (against leniency), and rank by them");
  cmd->add_option("--flag-points", flags.request.flags.score_points,
                  "Flag a score this many points from the median of the other scores on its "
                  "application (at least two others)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--lenience-points", flags.request.flags.expert_points,
                  "Flag an expert whose mean deviation from the panels is beyond +/- this")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--min-compared", flags.request.flags.min_compared,
                  "Compared scores an expert needs before being flagged lenient or severe")
      ->capture_default_str();
  cmd->add_flag("--timings", flags.timings,
                "Print the seconds spent reading, computing and writing on stderr (bench/)");
  add_format_option(cmd, flags.format);
  cmd->add_option("--out,--output", flags.out,
                  "Write the result to FILE instead of standard output");
  cmd->footer(
      "Per application: the mean, and the trimmed mean without one highest and one lowest score\n"
      "(with three or more scores; else the mean). --normalise standardises each expert's scores\n"
      "by their own mean and SD and maps them back to the round's: m + s * (x - m_e) / s_e.\n"
      "Reliability: Krippendorff's alpha (interval) and the one-way ICC(1) (k0 for unequal\n"
      "panels) on any round; ICC(2,.) and ICC(3,.) only when every expert scored every\n"
      "application; Kendall's W (ties corrected) on each group of applications scored by\n"
      "exactly the same experts. A blank score (-, NA) is 'not scored', never 0.\n"
      "CSV gives the applications only; the table and JSON add the statistics and the flags.\n"
      "Examples:\n"
      "  clusteratlas reliability --scores data/samples/review-scores.csv\n"
      "  clusteratlas reliability --scores 评审打分.xlsx --normalise --format json --out r.json\n"
      "  clusteratlas reliability --scores scores.csv --flag-points 15 --format csv\n"
      "  clusteratlas reliability --round 1");
  cmd->callback([&ctx] {
    const auto format = report::parse_format(flags.format);
    // Timed apart so that bench/reliability.sh can report the statistics' own time beside the
    // whole process's.
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    if (flags.request.scores.empty() == (flags.round_id == 0)) {
      throw Error(ErrorKind::kUsage,
                  "give the scores (--scores FILE) or a stored round (--round ID)");
    }
    std::optional<ingest::ReviewScores> file;
    if (flags.round_id == 0) file = ingest::read_review_scores(flags.request.scores);
    const auto t1 = Clock::now();
    const auto result = file ? app::review_reliability(flags.request, std::move(*file))
                             : app::round_reliability(database(ctx), flags.round_id, flags.request);
    const auto t2 = Clock::now();
    // Notes go to stderr whatever the format, so standard output is the result alone; the JSON
    // document keeps them too, for programs that see no stderr.
    if (!ctx.quiet) {
      for (const auto& note : result.notes) std::cerr << "note: " << note << '\n';
    }
    Output output(flags.out);
    auto& out = output.stream();
    if (format == report::Format::kJson) {
      out << result.document().dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
          << '\n';
    } else if (format == report::Format::kCsv) {
      report::write_csv(out, result.application_table());
    } else {
      report::write_table(out, result.statistics_table());
      out << '\n';
      report::write_table(out, result.application_table());
      out << '\n';
      auto experts = result.expert_table();
      if (experts.rows.empty()) {
        out << "No expert far from consensus.\n";
        for (const auto& note : experts.notes) out << note << '\n';
      } else {
        report::write_table(out, experts);
      }
      if (!result.flags.scores.empty()) {
        out << '\n';
        report::write_table(out, result.flagged_score_table());
      }
    }
    output.close();
    if (flags.timings) {
      auto s = [](auto d) { return std::chrono::duration<double>(d).count(); };
      std::cerr << fmt::format("timings: read {:.4f} s, compute {:.4f} s, write {:.4f} s\n",
                               s(t1 - t0), s(t2 - t1), s(Clock::now() - t2));
    }
  });
}

}  // namespace atlas::cli
