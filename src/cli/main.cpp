// clusteratlas — the command line of ClusterAtlas (创新型产业集群 识别·评价·管理平台).
// Each verb parses its flags, calls the store or the core, and prints through report/.
// Errors end here: one line on stderr and the exit code documented in docs/cli.md.
#include <iostream>

#include "atlas/core/error.h"
#include "context.h"

int main(int argc, char** argv) {
  using namespace atlas;
  CLI::App app{
      "ClusterAtlas 创新型产业集群 识别·评价·管理平台 — registry, statistics and evaluation of "
      "innovative industrial clusters",
      "clusteratlas"};
  app.set_version_flag("--version", "clusteratlas 0.1.0");
  app.require_subcommand(1);
  app.fallthrough();
  app.footer(
      "Examples:\n"
      "  clusteratlas demo                      # a synthetic national data set in "
      "clusteratlas.db\n"
      "  clusteratlas stats --by province       # the national overview\n"
      "  clusteratlas cluster list --province 湖北 --status pilot\n"
      "  clusteratlas --db office.db init       # a new, empty registry\n"
      "Exit codes: 0 ok, 1 usage, 2 bad input or not found, 3 rule violated, 4 store error.");

  cli::Context ctx;
  app.add_option("--db", ctx.db_flag,
                 "Database file (default: $CLUSTERATLAS_DB, else ./clusteratlas.db)");
  app.add_option("--operator", ctx.operator_flag,
                 "Who makes the changes, kept in the history (default: $USER)");
  app.add_flag("-q,--quiet", ctx.quiet, "Print only results, no progress or summaries");

  cli::add_init_commands(app, ctx);
  cli::add_demo_commands(app, ctx);
  cli::add_reference_commands(app, ctx);
  cli::add_zone_commands(app, ctx);
  cli::add_cluster_commands(app, ctx);
  cli::add_enterprise_commands(app, ctx);
  cli::add_stats_commands(app, ctx);
  cli::add_import_commands(app, ctx);
  cli::add_export_commands(app, ctx);
  cli::add_systems_commands(app, ctx);
  cli::add_evaluate_commands(app, ctx);
  cli::add_explain_commands(app, ctx);
  cli::add_runs_commands(app, ctx);
  cli::add_audit_commands(app, ctx);
  cli::add_discover_commands(app, ctx);
  cli::add_specialise_commands(app, ctx);
  cli::add_spatial_commands(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    std::cerr << "clusteratlas: " << e.what() << " (see --help)\n";
    return exit_code(ErrorKind::kUsage);
  } catch (const Error& e) {
    std::cerr << "clusteratlas: " << e.describe() << '\n';
    return exit_code(e.kind());
  } catch (const std::exception& e) {
    std::cerr << "clusteratlas: unexpected error: " << e.what() << '\n';
    return exit_code(ErrorKind::kInternal);
  }
  return 0;
}
