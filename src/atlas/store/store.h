// The registry's storage, as the domain and the shells see it. Implementations: SQLite
// (sqlite/, the embedded default) and later PostgreSQL. Every write takes an Actor, runs the
// programme's rules (domain/rules.h) inside one transaction, and appends to the audit log;
// when a rule fails it throws atlas::Error and nothing is written.
// A Store is one connection: use one per thread.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "atlas/domain/cluster.h"
#include "atlas/domain/enterprise.h"
#include "atlas/domain/reference.h"
#include "atlas/domain/support.h"
#include "atlas/metrics/totals.h"

namespace atlas::store {

// Who makes a change and when (UTC, ISO 8601): kept with every change and in the audit log.
struct Actor {
  std::string name;
  std::string at;
};

struct ClusterFilter {
  std::optional<std::string> province_code;
  std::optional<domain::Region> region;
  std::optional<domain::ClusterStatus> status;
  std::optional<std::int64_t> zone_id;
  std::optional<std::string> industry_prefix;  // "39" matches 3973

  static ClusterFilter in_zone(std::int64_t zone_id) {
    ClusterFilter f;
    f.zone_id = zone_id;
    return f;
  }
};

struct ZoneFilter {
  std::optional<std::string> province_code;
  std::optional<std::string> level;
};

struct EnterpriseFilter {
  std::optional<int> year;
  std::optional<std::int64_t> cluster_id;
  std::optional<std::string> province_code;
  std::optional<bool> high_tech;
  std::int64_t limit = 0;  // 0 = all
};

// An enterprise with its membership and figures in one year.
struct EnterpriseListing {
  domain::Enterprise enterprise;
  domain::EnterpriseYear year;
  std::string cluster_name;
};

using metrics::ClusterYearTotals;

// Counts of a cluster's support records in one year (platforms: all established by then).
struct SupportCounts {
  std::int64_t national_platforms = 0, provincial_platforms = 0;
  std::int64_t institutions = 0, alliances = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Runs `work` in one transaction: all of its writes happen, or none. May nest.
  virtual void in_transaction(const std::function<void()>& work) = 0;
  virtual int schema_version() = 0;

  // Reference data: provinces and industries are replaced by the bundled version; zones and
  // clusters of the bundle are added when missing (never changing what users recorded).
  virtual void load_reference(const domain::ReferenceData& data, const Actor& actor) = 0;
  virtual std::vector<domain::Province> provinces() = 0;
  virtual std::vector<domain::Industry> industries() = 0;
  virtual std::optional<domain::Industry> industry(const std::string& code) = 0;

  virtual std::int64_t add_zone(domain::Zone zone, const Actor& actor) = 0;
  virtual std::vector<domain::Zone> zones(const ZoneFilter& filter) = 0;
  virtual std::optional<domain::Zone> zone(std::int64_t id) = 0;
  virtual std::optional<domain::Zone> zone_by_name(const std::string& name) = 0;

  // Adds a cluster whose first status change is `admission`. The province is taken from the zone
  // (and must match when given).
  virtual std::int64_t add_cluster(domain::Cluster cluster, domain::StatusChange admission,
                                   const Actor& actor) = 0;
  virtual void change_status(std::int64_t cluster_id, domain::StatusChange change,
                             const Actor& actor) = 0;
  // Renames (new_value = the new name) or re-scopes (new_value = the new industry code).
  virtual void record_event(std::int64_t cluster_id, domain::ClusterEvent event,
                            const Actor& actor) = 0;
  virtual std::vector<domain::Cluster> clusters(const ClusterFilter& filter) = 0;
  virtual std::optional<domain::Cluster> cluster(std::int64_t id) = 0;
  // Clusters whose current or former name contains `text` (an exact name first, if any).
  virtual std::vector<domain::Cluster> find_clusters(const std::string& text) = 0;
  virtual std::vector<domain::StatusChange> status_history(std::int64_t cluster_id) = 0;
  virtual std::vector<domain::ClusterEvent> events(std::int64_t cluster_id) = 0;

  virtual void add_enterprise(const domain::Enterprise& enterprise, const Actor& actor) = 0;
  virtual std::optional<domain::Enterprise> enterprise(const std::string& credit_code) = 0;
  // Records an enterprise's membership and figures for a year; one row per enterprise and year.
  virtual void add_enterprise_year(const domain::EnterpriseYear& row, const Actor& actor) = 0;
  virtual std::vector<domain::EnterpriseYear> enterprise_years(const std::string& credit_code) = 0;
  virtual std::vector<EnterpriseListing> enterprise_listing(const EnterpriseFilter& filter) = 0;

  virtual void add_platform(const domain::Platform& platform, const Actor& actor) = 0;
  virtual void add_institution(const domain::ServiceInstitution& institution,
                               const Actor& actor) = 0;
  virtual void add_alliance(const domain::Alliance& alliance, const Actor& actor) = 0;
  virtual SupportCounts support_counts(std::int64_t cluster_id, int year) = 0;

  virtual std::vector<ClusterYearTotals> cluster_year_totals(int year) = 0;
  virtual std::vector<int> years_with_data() = 0;

  // Settings of the data set, e.g. "synthetic" = the demo's parameters when the data is synthetic.
  virtual std::optional<std::string> meta(const std::string& key) = 0;
  virtual void set_meta(const std::string& key, const std::string& value) = 0;
};

}  // namespace atlas::store
