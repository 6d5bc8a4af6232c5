#include "context.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include <fmt/format.h>

#include "atlas/core/date.h"
#include "atlas/core/error.h"
#include "atlas/core/suggest.h"
#include "atlas/ingest/reference_data.h"
#include "atlas/store/sqlite/sqlite_store.h"

namespace atlas::cli {

std::string Context::db_path() const {
  if (!db_flag.empty()) return db_flag;
  if (const char* env = std::getenv("CLUSTERATLAS_DB"); env && *env) return env;
  return "clusteratlas.db";
}

store::Store& Context::open_store() {
  if (!store_) store_ = store::open_sqlite_store(db_path());
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
          db_path(), reference.provinces.size(), reference.industries.size(),
          reference.zones.size(), reference.clusters.size());
    }
  }
  return *store_;
}

store::Actor Context::actor() const {
  std::string name = operator_flag;
  if (name.empty()) {
    const char* user = std::getenv("USER");
    name = user && *user ? user : "unknown";
  }
  return {name, date::now_utc(), date::today()};
}

int Context::year_or_latest(int year) {
  if (year != 0) return year;
  auto years = store().years_with_data();
  return years.empty() ? 0 : years.back();
}

int Context::year_with_data(int year) {
  int y = year_or_latest(year);
  if (y == 0) {
    throw Error(ErrorKind::kNotFound,
                fmt::format("{} has no annual figures yet (import some with `clusteratlas import "
                            "enterprises`, or try `clusteratlas demo` on a new database)",
                            db_path()));
  }
  return y;
}

const domain::Province& Context::province(const std::string& query) {
  if (provinces_.empty()) provinces_ = store().provinces();
  const auto* p = domain::find_province(provinces_, query);
  if (!p) {
    throw Error(ErrorKind::kNotFound,
                fmt::format("unknown province '{}' (use a GB/T 2260 code such as 420000 or a name "
                            "such as 湖北; see `clusteratlas province list`)",
                            query));
  }
  return *p;
}

domain::Zone Context::zone(const std::string& query) {
  std::optional<domain::Zone> z;
  if (!query.empty() && query.find_first_not_of("0123456789") == std::string::npos) {
    z = store().zone(std::stoll(query));
  }
  if (!z) z = store().zone_by_name(query);
  if (!z) {
    std::vector<std::string> names;
    for (const auto& known : store().zones({})) names.push_back(known.name);
    if (names.empty()) {
      throw Error(ErrorKind::kNotFound,
                  fmt::format("unknown zone '{}': {} has no zones (`clusteratlas init` loads the "
                              "national high-tech zones; `clusteratlas zone add` records one)",
                              query, db_path()));
    }
    throw Error(ErrorKind::kNotFound,
                fmt::format("unknown zone '{}'{} (see `clusteratlas zone list`)", query,
                            text::did_you_mean(query, names)));
  }
  return *z;
}

domain::Cluster Context::cluster(const std::string& query) {
  if (!query.empty() && query.find_first_not_of("0123456789") == std::string::npos) {
    if (auto c = store().cluster(std::stoll(query))) return *c;
  }
  auto found = store().find_clusters(query);
  if (found.size() == 1) return found[0];
  if (found.empty()) {
    std::vector<std::string> names;
    for (const auto& known : store().clusters({})) names.push_back(known.name);
    if (names.empty()) {
      throw Error(ErrorKind::kNotFound,
                  fmt::format("no cluster matches '{}': {} has no clusters (`clusteratlas init` "
                              "loads the 2013 pilot clusters; `clusteratlas cluster add` records "
                              "one)",
                              query, db_path()));
    }
    throw Error(ErrorKind::kNotFound,
                fmt::format("no cluster matches '{}'{} (see `clusteratlas cluster list`)", query,
                            text::did_you_mean(query, names)));
  }
  std::string names;
  for (std::size_t i = 0; i < found.size() && i < 5; ++i) {
    names += fmt::format("{}{} (id {})", i ? ", " : "", found[i].name, found[i].id);
  }
  throw Error(ErrorKind::kUsage,
              fmt::format("'{}' matches {} clusters: {}{}; give the id or the "
                          "full name",
                          query, found.size(), names, found.size() > 5 ? ", …" : ""));
}

std::string Context::industry_label(const std::string& code) {
  auto industry = store().industry(code);
  auto parent =
      industry && !industry->parent.empty() ? store().industry(industry->parent) : std::nullopt;
  return domain::industry_label(code, industry, parent);
}

std::optional<std::string> Context::synthetic_notice() {
  auto demo = store().meta("synthetic");
  if (!demo) return std::nullopt;
  return fmt::format("⚠ 合成演示数据，非真实统计 / SYNTHETIC demo data, not real statistics ({})",
                     *demo);
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

ClusterHistory cluster_history(Context& ctx, int year) {
  ClusterHistory history;
  for (int y : ctx.store().years_with_data()) {
    if (y > year) break;
    for (const auto& t : ctx.store().cluster_year_totals(y)) history[t.cluster_id].push_back(t);
  }
  return history;
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
