#include "context.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "atlas/app/clusters.h"
#include "atlas/core/date.h"
#include "atlas/core/error.h"
#include "atlas/ingest/reference_data.h"
#include "atlas/store/open_store.h"
#include "database.h"

namespace atlas::cli {

std::string beside_binary(const std::string& name) {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? name : (self.parent_path() / name).string();
}

std::string Context::db_path() const {
  if (!db_flag.empty()) return db_flag;
  if (const char* env = std::getenv("CLUSTERATLAS_DB"); env && *env) return env;
  return "clusteratlas.db";
}

std::string Context::db_name() const {
  return store::shown_database(db_path());
}

store::Store& Context::open_store() {
  if (!store_) store_ = store::open_store(db_path());
  return *store_;
}

store::Store& Context::store() {
  if (!store_ && open_store().provinces().empty()) {
    // A file no verb has used: without the zones and the 2013 pilots every look-up would fail
    // with "no cluster matches", as if the user had typed a wrong name.
    auto reference = ingest::bundled_reference_data();
    store_->load_reference(reference, actor());
    if (!quiet) {
      std::cerr << fmt::format(
          "{} is a new database: initialised with the bundled reference data, as `clusteratlas "
          "init` does ({} provinces, {} industries, {} zones, {} pilot clusters of 2013)\n",
          db_name(), reference.provinces.size(), reference.industries.size(),
          reference.zones.size(), reference.clusters.size());
    }
  }
  return *store_;
}

store::Actor Context::actor() const {
  // The audit names who acted: --operator, else the login ($USER), else the system account the
  // process runs as (a cron job or CI has no $USER), "unknown" only when even that has no name.
  std::string name = operator_flag;
  if (name.empty()) {
    const char* user = std::getenv("USER");
    const passwd* account = getpwuid(geteuid());
    name = user && *user                                      ? user
           : account && account->pw_name && *account->pw_name ? account->pw_name
                                                              : "unknown";
  }
  return {name, date::now_utc(), date::today()};
}

int Context::year_or_latest(int year) {
  return database(*this).year_or_latest(year);
}

int Context::year_with_data(int year) {
  return database(*this).year_with_data(year);
}

const domain::Province& Context::province(const std::string& query) {
  if (provinces_.empty()) provinces_ = store().provinces();
  return app::find_province(provinces_, query);
}

domain::Zone Context::zone(const std::string& query) {
  return database(*this).zone(query);
}

domain::Cluster Context::cluster(const std::string& query) {
  return database(*this).cluster(query);
}

std::string Context::industry_label(const std::string& code) {
  return app::industry_label(store(), code);
}

std::optional<std::string> Context::synthetic_notice() {
  return database(*this).synthetic_notice();
}

void Context::print(report::Table table, const std::string& format) {
  auto f = report::parse_format(format);
  if (auto notice = synthetic_notice()) {
    if (f == report::Format::kCsv) {
      std::cerr << notice.value() << '\n';  // keep the CSV itself machine-readable
    } else {
      table.notes.push_back(*notice);
    }
  }
  report::write(std::cout, table, f);
}

Output::Output(const std::string& path) {
  if (!path.empty()) file_.emplace(path);
}

void Output::close() {
  if (file_) file_->commit();  // standard output: main checks it once every verb is done
}

void add_format_option(CLI::App* cmd, std::string& format) {
  cmd->add_option("--format", format, "Output format: table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
}

}  // namespace atlas::cli
