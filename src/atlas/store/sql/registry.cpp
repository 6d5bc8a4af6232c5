// SqlStore: transactions, reference data, zones and clusters. Opening the database is
// SQLite's own (sqlite_store.cpp).
#include <fmt/format.h>

#include <algorithm>

#include "atlas/core/date.h"
#include "atlas/core/error.h"
#include "atlas/domain/rules.h"
#include "atlas/store/sql/store_impl.h"

namespace atlas::store::sql {
namespace {

using domain::ClusterStatus;

constexpr const char* kClusterColumns =
    "c.id, c.name, c.zone_id, c.industry_code, c.province_code, c.building_unit, "
    "c.management_body, c.batch, c.admitted_year, c.status, c.synthetic";

domain::Cluster read_cluster(sql::Statement& q) {
  domain::Cluster c;
  c.id = q.getColumn(0).getInt64();
  c.name = q.getColumn(1).getString();
  c.zone_id = q.getColumn(2).getInt64();
  c.industry_code = q.getColumn(3).getString();
  c.province_code = q.getColumn(4).getString();
  c.building_unit = q.getColumn(5).getString();
  c.management_body = q.getColumn(6).getString();
  c.batch = q.getColumn(7).getString();
  if (!q.getColumn(8).isNull()) c.admitted_year = q.getColumn(8).getInt();
  c.status = domain::parse_status(q.getColumn(9).getString()).value_or(ClusterStatus::kApplicant);
  c.synthetic = q.getColumn(10).getInt() != 0;
  return c;
}

domain::Zone read_zone(sql::Statement& q) {
  domain::Zone z;
  z.id = q.getColumn(0).getInt64();
  z.name = q.getColumn(1).getString();
  z.level = q.getColumn(2).getString();
  z.province_code = q.getColumn(3).getString();
  z.city = q.getColumn(4).getString();
  z.lat = optional_double(q.getColumn(5));
  z.lon = optional_double(q.getColumn(6));
  return z;
}

constexpr const char* kZoneColumns = "id, name, level, province_code, city, lat, lon";

constexpr const char* kIndustryColumns =
    "code, level, coalesce(parent, ''), name_zh, name_en, coalesce(sei, ''), source";

domain::Industry read_industry(sql::Statement& q) {
  return {q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
          q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getString(),
          q.getColumn(6).getString()};
}

// A decision's date as the store accepts it: a real date, no later than the recorder's today.
void check_decision_date(std::string_view date, const Actor& actor) {
  if (auto p = domain::decision_date_problem(date, actor.recorded_on())) {
    fail(ErrorKind::kBadInput, *p);
  }
}

}  // namespace

void SqlStore::end_reads() {
  if (depth_ != 0) return;
  db_.end_reads();
}

void SqlStore::in_transaction(const std::function<void()>& work) {
  const bool outermost = depth_ == 0;
  const std::string savepoint = fmt::format("atlas_{}", depth_);
  try {
    if (outermost) {
      db_.begin_write();
    } else {
      db_.savepoint(savepoint);
    }
  } catch (const sql::Exception& e) {
    throw Error(ErrorKind::kStore, fmt::format("cannot start a transaction: {}", e.what()),
                {where_, 0, "", ""});
  }
  // Undoes what this level began. A failure to undo (a lost connection; a COMMIT that already
  // ended the transaction, as PostgreSQL's does) is not the error to report.
  auto undo = [&]() noexcept {
    audit_head_.reset();  // the entries appended since may be gone
    try {
      if (outermost) {
        db_.rollback();
      } else {
        db_.rollback_to(savepoint);
      }
    } catch (...) {
    }
  };
  auto refused = [&](const sql::Exception& e) {
    return Error(ErrorKind::kStore, fmt::format("the database refused the change: {}", e.what()),
                 {where_, 0, "", ""});
  };
  ++depth_;
  try {
    work();
  } catch (const sql::Exception& e) {
    --depth_;
    undo();
    throw refused(e);
  } catch (...) {
    --depth_;
    undo();
    throw;
  }
  --depth_;
  // The end can be refused too: a deferred key is checked at COMMIT, and SQLite then leaves the
  // transaction open.
  try {
    if (outermost) {
      audit_head_.reset();  // others may append once the lock is released
      db_.commit();
    } else {
      db_.release(savepoint);
    }
  } catch (const sql::Exception& e) {
    undo();
    throw refused(e);
  }
}

int SqlStore::schema_version() {
  auto& q = prepared("SELECT max(version) FROM schema_migrations");
  q.executeStep();
  const int version = q.getColumn(0).getInt();
  q.reset();
  return version;
}

void SqlStore::load_reference(const domain::ReferenceData& data, const Actor& actor) {
  in_transaction([&] {
    db_.defer_foreign_keys();  // industries refer to parents in the same load
    for (const auto& p : data.provinces) {
      auto& q = prepared(
          "INSERT INTO province VALUES (?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET "
          "name_zh = excluded.name_zh, short_zh = excluded.short_zh, "
          "name_en = excluded.name_en, region = excluded.region");
      q.bind(1, p.code);
      q.bind(2, p.name_zh);
      q.bind(3, p.short_zh);
      q.bind(4, p.name_en);
      q.bind(5, std::string(domain::region_key(p.region)));
      q.exec();
    }
    for (auto i : data.industries) {
      i.source = "bundled";
      write_industry(i);
    }
    for (const auto& z : data.zones) {
      if (!zone_by_name(z.name)) add_zone(z, actor);
    }
    for (const auto& rc : data.clusters) {
      if (cluster_named(rc.name)) continue;
      auto z = zone_by_name(rc.zone_name);
      if (!z) fail(ErrorKind::kInternal, "bundled cluster in unknown zone " + rc.zone_name);
      // A zone whose user-recorded cluster is active keeps it; the bundled one is not forced in.
      if (domain::zone_rule_problem(*z, clusters(ClusterFilter::in_zone(z->id)))) continue;
      domain::Cluster c;
      c.name = rc.name;
      c.zone_id = z->id;
      c.industry_code = rc.industry_code;
      c.province_code = rc.province_code;
      c.batch = std::to_string(date::year_of(rc.admission.date));
      c.admitted_year = date::year_of(rc.admission.date);
      add_cluster(c, rc.admission, actor);
    }
    // The zones and clusters added have entries of their own; this one records the lists.
    audit(
        actor, "load", "reference", "bundled",
        fmt::format("{} provinces, {} industries", data.provinces.size(), data.industries.size()));
  });
}

std::vector<domain::Province> SqlStore::provinces() {
  std::vector<domain::Province> out;
  auto& q = prepared("SELECT code, name_zh, short_zh, name_en, region FROM province ORDER BY code");
  while (q.executeStep()) {
    out.push_back(
        {q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
         q.getColumn(3).getString(),
         domain::parse_region(q.getColumn(4).getString()).value_or(domain::Region::kNone)});
  }
  return out;
}

std::vector<domain::Industry> SqlStore::industries() {
  std::vector<domain::Industry> out;
  auto& q = prepared(
      fmt::format("SELECT {} FROM industry ORDER BY length(code) > 1, code", kIndustryColumns));
  while (q.executeStep()) out.push_back(read_industry(q));
  return out;
}

std::optional<domain::Industry> SqlStore::industry(const std::string& code) {
  auto& q = prepared(fmt::format("SELECT {} FROM industry WHERE code = ?", kIndustryColumns));
  q.bind(1, code);
  if (!q.executeStep()) return std::nullopt;
  return read_industry(q);
}

// What a row leaves empty (an official list has no English names or SEI tags; a division listed
// without its section) keeps its stored value. An office's imported list outranks the bundle:
// a bundled row never replaces an imported one (an accepted one it does).
void SqlStore::write_industry(const domain::Industry& i) {
  auto& q = prepared(
      "INSERT INTO industry (code, level, parent, name_zh, name_en, sei, source) "
      "VALUES (?, ?, nullif(?, ''), ?, ?, nullif(?, ''), ?) "
      "ON CONFLICT (code) DO UPDATE SET level = excluded.level, "
      "parent = coalesce(excluded.parent, industry.parent), name_zh = excluded.name_zh, "
      "name_en = CASE excluded.name_en WHEN '' THEN industry.name_en ELSE excluded.name_en END, "
      "sei = coalesce(excluded.sei, industry.sei), source = excluded.source "
      "WHERE excluded.source <> 'bundled' OR industry.source <> 'imported'");
  q.bind(1, i.code);
  q.bind(2, i.level);
  q.bind(3, i.parent);
  q.bind(4, i.name_zh);
  q.bind(5, i.name_en);
  q.bind(6, i.sei);
  q.bind(7, i.source);
  q.exec();
}

void SqlStore::ensure_listed(const std::string& code, const Actor& actor) {
  if (industry(code)) return;
  std::optional<domain::Industry> ancestor;
  for (const auto& above : domain::ancestors_by_form(code)) {
    if ((ancestor = industry(above))) break;
  }
  auto accepted = domain::accept_unlisted(code, ancestor);
  if (auto* problem = std::get_if<std::string>(&accepted)) {
    fail(domain::industry_code_problem(code) ? ErrorKind::kBadInput : ErrorKind::kNotFound,
         *problem);
  }
  write_industry(std::get<domain::Industry>(accepted));
  audit(actor, "accept", "industry", code,
        domain::accepted_note(std::get<domain::Industry>(accepted), *ancestor));
}

std::int64_t SqlStore::import_industries(const std::vector<domain::Industry>& list,
                                         const std::string& file_name, const Actor& actor) {
  std::int64_t added = 0;
  in_transaction([&] {
    db_.defer_foreign_keys();  // a row may name a parent listed after it
    for (auto i : list) {
      if (!industry(i.code)) ++added;
      i.source = "imported";
      write_industry(i);
    }
    audit(actor, "import", "industry", file_name,
          fmt::format("{} codes, {} new", list.size(), added));
  });
  return added;
}

void SqlStore::check_province(const std::string& code, const std::string& whose) {
  auto& known = prepared("SELECT count(*) FROM province WHERE code = ?");
  known.bind(1, code);
  known.executeStep();
  const bool found = known.getColumn(0).getInt() > 0;
  known.reset();
  if (!found) fail(ErrorKind::kNotFound, fmt::format("{}unknown province code '{}'", whose, code));
}

std::int64_t SqlStore::add_zone(domain::Zone zone, const Actor& actor) {
  std::int64_t id = 0;
  in_transaction([&] {
    if (auto p = domain::zone_problem(zone)) fail(ErrorKind::kBadInput, *p);
    check_province(zone.province_code, "");
    if (auto existing = zone_by_name(zone.name)) {
      fail(ErrorKind::kRule,
           fmt::format("a zone named {} already exists (id {})", zone.name, existing->id));
    }
    auto& q = prepared(
        "INSERT INTO zone (name, level, province_code, city, lat, lon) VALUES (?, ?, ?, ?, ?, ?) "
        "RETURNING id");
    q.bind(1, zone.name);
    q.bind(2, zone.level);
    q.bind(3, zone.province_code);
    q.bind(4, zone.city);
    bind_optional(q, 5, zone.lat);
    bind_optional(q, 6, zone.lon);
    id = q.returning_id();
    audit(actor, "add", "zone", std::to_string(id), zone.name);
  });
  return id;
}

std::vector<domain::Zone> SqlStore::zones(const ZoneFilter& filter) {
  auto& q = prepared(
      fmt::format("SELECT {} FROM zone WHERE (CAST(?1 AS TEXT) IS NULL OR province_code = ?1) AND "
                  "(CAST(?2 AS TEXT) IS NULL OR level = ?2) ORDER BY province_code, name",
                  kZoneColumns));
  if (filter.province_code) q.bind(1, *filter.province_code);
  if (filter.level) q.bind(2, *filter.level);
  std::vector<domain::Zone> out;
  while (q.executeStep()) out.push_back(read_zone(q));
  return out;
}

std::optional<domain::Zone> SqlStore::zone(std::int64_t id) {
  auto& q = prepared(fmt::format("SELECT {} FROM zone WHERE id = ?", kZoneColumns));
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return read_zone(q);
}

std::optional<domain::Zone> SqlStore::zone_by_name(const std::string& name) {
  auto& q = prepared(fmt::format("SELECT {} FROM zone WHERE name = ?", kZoneColumns));
  q.bind(1, name);
  if (!q.executeStep()) return std::nullopt;
  return read_zone(q);
}

std::int64_t SqlStore::add_cluster(domain::Cluster cluster, domain::StatusChange admission,
                                   const Actor& actor) {
  std::int64_t id = 0;
  in_transaction([&] {
    if (auto p = domain::cluster_problem(cluster)) fail(ErrorKind::kBadInput, *p);
    auto z = zone(cluster.zone_id);
    if (!z) fail(ErrorKind::kNotFound, fmt::format("no zone with id {}", cluster.zone_id));
    if (!cluster.province_code.empty() && cluster.province_code != z->province_code) {
      fail(ErrorKind::kRule,
           fmt::format("the cluster's province {} is not the province of its zone {} ({})",
                       cluster.province_code, z->name, z->province_code));
    }
    cluster.province_code = z->province_code;
    check_decision_date(admission.date, actor);
    ensure_listed(cluster.industry_code, actor);
    if (auto same = cluster_named(cluster.name)) {
      fail(ErrorKind::kRule,
           fmt::format("a cluster named {} already exists (id {})", cluster.name, same->id));
    }
    if (auto p = domain::transition_problem({}, admission.status, admission.date)) {
      fail(ErrorKind::kRule, *p);
    }
    if (auto p = domain::zone_rule_problem(*z, clusters(ClusterFilter::in_zone(z->id)))) {
      fail(ErrorKind::kRule, *p);
    }
    auto& q = prepared(
        "INSERT INTO cluster (name, zone_id, industry_code, province_code, building_unit, "
        "management_body, batch, admitted_year, status, synthetic) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(1, cluster.name);
    q.bind(2, cluster.zone_id);
    q.bind(3, cluster.industry_code);
    q.bind(4, cluster.province_code);
    q.bind(5, cluster.building_unit);
    q.bind(6, cluster.management_body);
    q.bind(7, cluster.batch);
    if (cluster.admitted_year) q.bind(8, *cluster.admitted_year);
    q.bind(9, std::string(domain::status_key(admission.status)));
    q.bind(10, cluster.synthetic ? 1 : 0);
    id = q.returning_id();
    audit(actor, "add", "cluster", std::to_string(id), cluster.name);
    record_status(id, admission, actor);
  });
  return id;
}

// One entry of a cluster's status history; the caller has checked the transition.
void SqlStore::record_status(std::int64_t cluster_id, const domain::StatusChange& change,
                             const Actor& actor) {
  auto& h = prepared(
      "INSERT INTO cluster_status_change (cluster_id, status, date, doc_no, reason, actor, "
      "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  h.bind(1, cluster_id);
  h.bind(2, std::string(domain::status_key(change.status)));
  h.bind(3, change.date);
  h.bind(4, change.doc_no);
  h.bind(5, change.reason);
  h.bind(6, actor.name);
  h.bind(7, actor.at);
  h.exec();
}

void SqlStore::change_status(std::int64_t cluster_id, domain::StatusChange change,
                             const Actor& actor) {
  in_transaction([&] {
    auto c = cluster(cluster_id);
    if (!c) fail(ErrorKind::kNotFound, fmt::format("no cluster with id {}", cluster_id));
    check_decision_date(change.date, actor);
    auto history = status_history(cluster_id);
    if (auto p = domain::transition_problem(history, change.status, change.date)) {
      fail(ErrorKind::kRule, fmt::format("{}: {}", c->name, *p));
    }
    if (change.status == ClusterStatus::kApplicant) {  // a removed cluster applies again
      auto others = clusters(ClusterFilter::in_zone(c->zone_id));
      std::erase_if(others, [&](const domain::Cluster& o) { return o.id == cluster_id; });
      if (auto p = domain::zone_rule_problem(*zone(c->zone_id), others)) {
        fail(ErrorKind::kRule, *p);
      }
    }
    record_status(cluster_id, change, actor);
    auto& u = prepared("UPDATE cluster SET status = ? WHERE id = ?");
    u.bind(1, std::string(domain::status_key(change.status)));
    u.bind(2, cluster_id);
    u.exec();
    audit(actor, "set-status", "cluster", std::to_string(cluster_id),
          fmt::format("{} → {} {} {}", domain::status_key(c->status),
                      domain::status_key(change.status), change.date, change.doc_no),
          {nlohmann::json{{"status", domain::status_key(c->status)}},
           nlohmann::json{{"status", domain::status_key(change.status)},
                          {"date", change.date},
                          {"doc_no", change.doc_no}},
           change.reason});
  });
}

void SqlStore::record_event(std::int64_t cluster_id, domain::ClusterEvent event,
                            const Actor& actor) {
  in_transaction([&] {
    auto c = cluster(cluster_id);
    if (!c) fail(ErrorKind::kNotFound, fmt::format("no cluster with id {}", cluster_id));
    check_decision_date(event.date, actor);
    std::string column;
    if (event.kind == domain::EventKind::kRename) {
      event.old_value = c->name;
      domain::Cluster renamed = *c;
      renamed.name = event.new_value;
      if (auto p = domain::cluster_problem(renamed)) fail(ErrorKind::kBadInput, *p);
      if (auto same = cluster_named(event.new_value)) {
        fail(ErrorKind::kRule,
             fmt::format("a cluster named {} already exists (id {})", event.new_value, same->id));
      }
      column = "name";
    } else {
      event.old_value = c->industry_code;
      if (event.new_value == event.old_value) {
        fail(ErrorKind::kRule,
             fmt::format("the cluster's leading industry is already {}", event.new_value));
      }
      ensure_listed(event.new_value, actor);
      column = "industry_code";
    }
    auto& e = prepared(
        "INSERT INTO cluster_event (cluster_id, kind, date, old_value, new_value, doc_no, reason, "
        "actor, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    e.bind(1, cluster_id);
    e.bind(2, std::string(domain::event_key(event.kind)));
    e.bind(3, event.date);
    e.bind(4, event.old_value);
    e.bind(5, event.new_value);
    e.bind(6, event.doc_no);
    e.bind(7, event.reason);
    e.bind(8, actor.name);
    e.bind(9, actor.at);
    e.exec();
    auto& u = prepared(fmt::format("UPDATE cluster SET {} = ? WHERE id = ?", column));
    u.bind(1, event.new_value);
    u.bind(2, cluster_id);
    u.exec();
    audit(
        actor, std::string(domain::event_key(event.kind)), "cluster", std::to_string(cluster_id),
        event.old_value + " → " + event.new_value,
        {nlohmann::json{{column, event.old_value}},
         nlohmann::json{{column, event.new_value}, {"date", event.date}, {"doc_no", event.doc_no}},
         event.reason});
  });
}

std::vector<domain::Cluster> SqlStore::query_clusters(const std::string& where,
                                                      const std::vector<std::string>& params) {
  auto& q = prepared(
      fmt::format("SELECT {} FROM cluster c JOIN province p ON p.code = c.province_code WHERE {} "
                  "ORDER BY c.province_code, c.id",
                  kClusterColumns, where));
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (!params[i].empty()) q.bind(static_cast<int>(i + 1), params[i]);
  }
  std::vector<domain::Cluster> out;
  while (q.executeStep()) out.push_back(read_cluster(q));
  return out;
}

std::vector<domain::Cluster> SqlStore::clusters(const ClusterFilter& f) {
  // Empty parameters stay unbound (NULL) and switch their condition off.
  return query_clusters(
      "(CAST(?1 AS TEXT) IS NULL OR c.province_code = ?1) AND "
      "(CAST(?2 AS TEXT) IS NULL OR p.region = ?2) AND "
      "(CAST(?3 AS TEXT) IS NULL OR c.status = ?3) AND "
      "(CAST(?4 AS TEXT) IS NULL OR c.zone_id = CAST(?4 AS INTEGER)) AND "
      "(CAST(?5 AS TEXT) IS NULL OR substr(c.industry_code, 1, length(?5)) = ?5)",
      {f.province_code.value_or(""), f.region ? std::string(domain::region_key(*f.region)) : "",
       f.status ? std::string(domain::status_key(*f.status)) : "",
       f.zone_id ? std::to_string(*f.zone_id) : "", f.industry_prefix.value_or("")});
}

std::optional<domain::Cluster> SqlStore::cluster(std::int64_t id) {
  auto found = query_clusters("c.id = CAST(?1 AS INTEGER)", {std::to_string(id)});
  if (found.empty()) return std::nullopt;
  return found[0];
}

std::optional<domain::Cluster> SqlStore::cluster_named(const std::string& name) {
  auto found = query_clusters("c.name = ?1", {name});
  if (found.empty()) return std::nullopt;
  return found[0];
}

std::vector<domain::Cluster> SqlStore::find_clusters(const std::string& text) {
  if (text.empty()) return {};
  if (auto exact = cluster_named(text)) return {*exact};
  return query_clusters(
      fmt::format("{} OR c.id IN (SELECT cluster_id FROM cluster_event WHERE kind = 'rename' AND "
                  "{})",
                  db_.contains("c.name", "?1"), db_.contains("old_value", "?1")),
      {text});
}

std::vector<domain::StatusChange> SqlStore::status_history(std::int64_t cluster_id) {
  auto& q = prepared(
      "SELECT s.status, s.date, s.doc_no, s.reason, s.actor, s.recorded_at, s.id, "
      "w.id IS NOT NULL FROM cluster_status_change s "
      "LEFT JOIN cluster_status_correction w ON w.status_change_id = s.id "
      "WHERE s.cluster_id = ? ORDER BY s.id");
  q.bind(1, cluster_id);
  std::vector<domain::StatusChange> out;
  while (q.executeStep()) {
    out.push_back(
        {domain::parse_status(q.getColumn(0).getString()).value_or(ClusterStatus::kApplicant),
         q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(3).getString(),
         q.getColumn(4).getString(), q.getColumn(5).getString(), q.getColumn(6).getInt64(),
         q.getColumn(7).getInt() != 0});
  }
  return out;
}

std::map<std::int64_t, domain::ClusterStatus> SqlStore::statuses_on(const std::string& date) {
  // The newest change in force dated on or before `date`: the changes in force follow each
  // other in date order (domain::transition_problem), so this is where status_on's replay stops.
  auto& q = prepared(
      "SELECT c.id, (SELECT s.status FROM cluster_status_change s WHERE s.cluster_id = c.id "
      "AND s.date <= ?1 AND NOT EXISTS (SELECT 1 FROM cluster_status_correction w "
      "WHERE w.status_change_id = s.id) ORDER BY s.date DESC, s.id DESC LIMIT 1) FROM cluster c");
  q.bind(1, date);
  std::map<std::int64_t, domain::ClusterStatus> out;
  while (q.executeStep()) {
    if (q.getColumn(1).isNull()) continue;
    if (auto s = domain::parse_status(q.getColumn(1).getString()))
      out[q.getColumn(0).getInt64()] = *s;
  }
  return out;
}

domain::StatusChange SqlStore::withdraw_status(std::int64_t cluster_id, std::int64_t change_id,
                                               const domain::StatusCorrection& correction,
                                               const Actor& actor) {
  domain::StatusChange withdrawn;
  in_transaction([&] {
    auto c = cluster(cluster_id);
    if (!c) fail(ErrorKind::kNotFound, fmt::format("no cluster with id {}", cluster_id));
    if (correction.reason.empty()) {
      fail(ErrorKind::kBadInput, "a correction says why the change is withdrawn (a reason)");
    }
    auto history = status_history(cluster_id);
    auto it = std::find_if(history.begin(), history.end(),
                           [&](const auto& s) { return s.id == change_id; });
    if (it == history.end()) {
      fail(ErrorKind::kNotFound,
           fmt::format("{} has no status change numbered {} (see `clusteratlas cluster history`)",
                       c->name, change_id));
    }
    auto index = static_cast<std::size_t>(it - history.begin());
    if (auto p = domain::withdrawal_problem(history, index)) {
      fail(ErrorKind::kRule, fmt::format("{}: {}", c->name, *p));
    }
    withdrawn = *it;
    it->withdrawn = true;
    ClusterStatus now = domain::in_force(history).back().status;
    // Withdrawing a removal makes the cluster active again: its zone must have room for it.
    if (!domain::is_active(c->status) && domain::is_active(now)) {
      auto others = clusters(ClusterFilter::in_zone(c->zone_id));
      std::erase_if(others, [&](const domain::Cluster& o) { return o.id == cluster_id; });
      if (auto p = domain::zone_rule_problem(*zone(c->zone_id), others)) {
        fail(ErrorKind::kRule, *p);
      }
    }
    auto& q = prepared(
        "INSERT INTO cluster_status_correction (cluster_id, status_change_id, doc_no, reason, "
        "actor, recorded_at) VALUES (?, ?, ?, ?, ?, ?)");
    q.bind(1, cluster_id);
    q.bind(2, change_id);
    q.bind(3, correction.doc_no);
    q.bind(4, correction.reason);
    q.bind(5, actor.name);
    q.bind(6, actor.at);
    q.exec();
    auto& u = prepared("UPDATE cluster SET status = ? WHERE id = ?");
    u.bind(1, std::string(domain::status_key(now)));
    u.bind(2, cluster_id);
    u.exec();
    audit(actor, "correct", "cluster", std::to_string(cluster_id),
          fmt::format("withdrew #{} {} {}: {}", change_id, domain::status_key(withdrawn.status),
                      withdrawn.date, correction.reason),
          {nlohmann::json{{"status", domain::status_key(c->status)}, {"status_change", change_id}},
           nlohmann::json{{"status", domain::status_key(now)},
                          {"withdrawn", change_id},
                          {"doc_no", correction.doc_no}},
           correction.reason});
  });
  return withdrawn;
}

std::vector<domain::StatusCorrection> SqlStore::corrections(std::int64_t cluster_id) {
  auto& q = prepared(
      "SELECT id, status_change_id, doc_no, reason, actor, recorded_at "
      "FROM cluster_status_correction WHERE cluster_id = ? ORDER BY id");
  q.bind(1, cluster_id);
  std::vector<domain::StatusCorrection> out;
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getString(),
                   q.getColumn(3).getString(), q.getColumn(4).getString(),
                   q.getColumn(5).getString()});
  }
  return out;
}

std::vector<domain::ClusterEvent> SqlStore::events(std::int64_t cluster_id) {
  auto& q = prepared(
      "SELECT kind, date, old_value, new_value, doc_no, reason, actor, recorded_at "
      "FROM cluster_event WHERE cluster_id = ? ORDER BY id");
  q.bind(1, cluster_id);
  std::vector<domain::ClusterEvent> out;
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getString() == "rename" ? domain::EventKind::kRename
                                                          : domain::EventKind::kRescope,
                   q.getColumn(1).getString(), q.getColumn(2).getString(),
                   q.getColumn(3).getString(), q.getColumn(4).getString(),
                   q.getColumn(5).getString(), q.getColumn(6).getString(),
                   q.getColumn(7).getString()});
  }
  return out;
}

std::optional<std::string> SqlStore::meta(const std::string& key) {
  auto& q = prepared("SELECT value FROM meta WHERE key = ?");
  q.bind(1, key);
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getString();
}

void SqlStore::set_meta(const std::string& key, const std::string& value, const Actor& actor) {
  in_transaction([&] {
    auto before = meta(key);
    auto& q = prepared(
        "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    q.bind(1, key);
    q.bind(2, value);
    q.exec();
    audit(actor, "set", "meta", key, value,
          {before ? std::optional(nlohmann::json{{key, *before}}) : std::nullopt,
           nlohmann::json{{key, value}}});
  });
}

}  // namespace atlas::store::sql
