// What every verb shares: the global options, the store, the actor, look-ups that accept what
// people type (湖北 or 420000; a cluster's id or part of its name), and printing a result table
// with the synthetic-data notice when the data set is the demo.
#pragma once
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "atlas/core/whole_file.h"
#include "atlas/metrics/totals.h"
#include "atlas/report/table.h"
#include "atlas/store/store.h"

namespace atlas::cli {

struct Context {
  std::string db_flag;        // --db
  std::string operator_flag;  // --operator
  bool quiet = false;

  // --db, else $CLUSTERATLAS_DB, else ./clusteratlas.db: a SQLite file, or a postgresql:// URI
  std::string db_path() const;
  // The same as messages show it (a URI without its password).
  std::string db_name() const;
  // Opens the database, creating and migrating it when needed. A new database is initialised
  // as `init` does (provinces, industries, zones, the 2013 pilot clusters), with a note on
  // stderr, so that every verb works on a fresh file as it would after `init`.
  store::Store& store();
  // The same without initialising a new database: for `init` and `demo`, which load the
  // reference data they want themselves.
  store::Store& open_store();
  store::Actor actor() const;

  // `year`, or when 0 the latest year with annual figures; 0 when there are none.
  int year_or_latest(int year);
  // The same, but throws kNotFound when there are no annual figures at all.
  int year_with_data(int year);

  const domain::Province& province(const std::string& query);
  domain::Zone zone(const std::string& query);        // id or exact name
  domain::Cluster cluster(const std::string& query);  // id, exact name or unique part of a name
  // "3973 集成电路制造"; a code accepted under its division: "3831 (38 电气机械和器材制造业)".
  std::string industry_label(const std::string& code);

  // Prints `table` in `format`; a synthetic data set says so in every format.
  void print(report::Table table, const std::string& format);
  std::optional<std::string> synthetic_notice();

 private:
  std::unique_ptr<store::Store> store_;
  std::vector<domain::Province> provinces_;
};

// Each verb file registers its commands.
void add_init_commands(CLI::App& app, Context& ctx);
void add_demo_commands(CLI::App& app, Context& ctx);
void add_reference_commands(CLI::App& app, Context& ctx);  // province, industry
void add_zone_commands(CLI::App& app, Context& ctx);
void add_cluster_commands(CLI::App& app, Context& ctx);
void add_enterprise_commands(CLI::App& app, Context& ctx);
void add_stats_commands(CLI::App& app, Context& ctx);
void add_report_commands(CLI::App& app, Context& ctx);
void add_import_commands(CLI::App& app, Context& ctx);  // import, history, diff
void add_export_commands(CLI::App& app, Context& ctx);
void add_systems_commands(CLI::App& app, Context& ctx);  // indicator systems
void add_evaluate_commands(CLI::App& app, Context& ctx);
void add_explain_commands(CLI::App& app, Context& ctx);
void add_runs_commands(CLI::App& app, Context& ctx);  // stored evaluations
void add_audit_commands(CLI::App& app, Context& ctx);
void add_discover_commands(CLI::App& app, Context& ctx);       // density-based concentrations
void add_specialise_commands(CLI::App& app, Context& ctx);     // location quotients, strength
void add_spatial_commands(CLI::App& app, Context& ctx);        // Moran, LISA, Gi*
void add_assign_commands(CLI::App& app, Context& ctx);         // reviewer assignment from tables
void add_reliability_commands(CLI::App& app, Context& ctx);    // review scores of a round
void add_round_commands(CLI::App& app, Context& ctx);          // round, application, recommend
void add_reevaluate_commands(CLI::App& app, Context& ctx);     // 复核 proposals and decisions
void add_expert_commands(CLI::App& app, Context& ctx);         // the expert pool, conflicts
void add_review_commands(CLI::App& app, Context& ctx);         // review, decide, notice, admit
void add_defence_commands(CLI::App& app, Context& ctx);        // defence sessions (视频答辩)
void add_user_commands(CLI::App& app, Context& ctx);           // accounts, tokens, sessions
void add_audit_log_commands(CLI::App& app, Context& ctx);      // the change log's hash chain
void add_serve_commands(CLI::App& app, Context& ctx);          // the HTTP API
void add_migrate_store_commands(CLI::App& app, Context& ctx);  // between SQLite and PostgreSQL

// A file or folder installed beside the running binary (build/web beside build/clusteratlas).
std::string beside_binary(const std::string& name);

// Where a verb writes its result: the file `path`, whole or not at all (core::WholeFile), or
// standard output when `path` is empty. Throws atlas::Error (kBadInput) naming the path when the
// file cannot be written.
class Output {
 public:
  explicit Output(const std::string& path);
  std::ostream& stream() { return file_ ? file_->stream() : std::cout; }
  // Checks that everything was written and puts the file in its place.
  void close();

 private:
  std::optional<core::WholeFile> file_;
};

// Adds --format table|csv|json to a listing verb.
void add_format_option(CLI::App* cmd, std::string& format);

}  // namespace atlas::cli
