// PostgresStore's import sink: the rows staged and checked as in every store (sql/staged_sink.h),
// then written with COPY — the enterprises into a temporary table and merged from there, the
// enterprise rows straight into enterprise_year — so that a large file costs a few statements,
// not one a row. The revision itself (sql/revisions.cpp) is the shared SQL.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "atlas/store/postgres/copy_text.h"
#include "atlas/store/postgres/postgres_store_impl.h"
#include "atlas/store/sql/staged_sink.h"

namespace atlas::store::postgres {

namespace {

// (credit code, year) pairs looked up per statement when an import checks who holds its firms.
constexpr std::size_t kLookupBatch = 10000;

// An array literal of text, `{"a","b"}`, for `= ANY (CAST(? AS text[]))`.
std::string text_array(const std::vector<std::string>& items) {
  std::string out = "{";
  for (const auto& item : items) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (char c : item) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

template <class T>
std::string number_array(const T& items) {
  return fmt::format("{{{}}}", fmt::join(items, ","));
}

}  // namespace

class PgEnterpriseSink final : public sql::StagedSink {
 public:
  // `revision` gives the import's revision id, opening its row on first use.
  PgEnterpriseSink(PostgresStore& store, std::function<std::int64_t()> revision)
      : StagedSink(store.connection), pg_(store.connection), revision_(std::move(revision)) {}

  std::int64_t store(const std::vector<std::int64_t>& skip_lines) override {
    std::vector<std::int64_t> skip = skip_lines;
    std::sort(skip.begin(), skip.end());
    revision_id_ = revision_();
    supersede();
    write_enterprises(skip);
    sql::KeyOrder years(rows_, skip);
    std::string columns = sql::year_columns("");
    return pg_.copy_in(
        fmt::format("COPY enterprise_year ({}, revision_id, source_line) FROM STDIN", columns),
        [&](std::string& out) {
          while (out.size() < kCopyBlock) {
            if (!years.next()) return false;
            year_line(out, years.row());
          }
          return true;
        });
  }

 private:
  // The current rows of the (year, cluster)s this file speaks for stop being current.
  void supersede() {
    std::map<int, std::vector<std::int64_t>> clusters;
    for (const auto& [year, cluster] : covered_) clusters[year].push_back(cluster);
    auto& q = pg_.prepared(
        "UPDATE enterprise_year SET current = 0 WHERE current = 1 AND year = ? AND "
        "cluster_id = ANY (CAST(? AS BIGINT[]))");
    for (const auto& [year, ids] : clusters) {
      q.bind(1, year);
      q.bind(2, number_array(ids));
      q.exec();
    }
  }

  // One row per enterprise, as the SQLite store's row-by-row upsert leaves it: the name of its
  // last row in the file, the last place given (an enterprise keeps its place when a row gives
  // none). One row each, so that the merge below meets each enterprise once.
  void write_enterprises(const std::vector<std::int64_t>& skip) {
    pg_.exec(
        "CREATE TEMPORARY TABLE IF NOT EXISTS atlas_import_enterprise (credit_code text COLLATE "
        "\"C\", name text COLLATE \"C\", lat double precision, lon double precision) "
        "ON COMMIT DROP; TRUNCATE atlas_import_enterprise");
    sql::EnterpriseOrder rows(rows_, skip);
    bool more = rows.next();
    const auto sent = pg_.copy_in("COPY atlas_import_enterprise FROM STDIN", [&](std::string& out) {
      while (more && out.size() < kCopyBlock) {
        // Copies: the rows' text is the stream's, and is replaced when it reaches the next
        // enterprise.
        const std::string code(rows.row().code);
        std::string name;
        std::optional<double> lat, lon;
        do {
          const auto& r = rows.row();
          name = r.name;
          if (r.lat) lat = r.lat;
          if (r.lon) lon = r.lon;
        } while ((more = rows.next()) && rows.row().code == code);
        copy_text(out, code);
        out += '\t';
        copy_text(out, name);
        out += '\t';
        copy_number(out, lat);
        out += '\t';
        copy_number(out, lon);
        out += '\n';
      }
      return more;
    });
    // Under the write lock nobody else adds an enterprise meanwhile, so the new ones and the
    // changed ones are two joins. Not INSERT … ON CONFLICT: it locks, and so rewrites, every
    // enterprise it meets, and a year's file names mostly enterprises already stored.
    const auto added = pg_.exec(
        "INSERT INTO enterprise (credit_code, name, lat, lon) "
        "SELECT credit_code, name, lat, lon FROM atlas_import_enterprise i WHERE NOT EXISTS "
        "(SELECT 1 FROM enterprise e WHERE e.credit_code = i.credit_code)");
    // A file of new enterprises only (a first year) has nothing to update; the join would
    // still hash every enterprise stored (2 s for 2,000,000).
    if (added == sent) return;
    pg_.exec(
        "UPDATE enterprise e SET name = i.name, lat = coalesce(i.lat, e.lat), "
        "lon = coalesce(i.lon, e.lon) FROM atlas_import_enterprise i "
        "WHERE e.credit_code = i.credit_code AND (e.name, e.lat, e.lon) IS DISTINCT FROM "
        "(i.name, coalesce(i.lat, e.lat), coalesce(i.lon, e.lon))");
  }

  void year_line(std::string& out, const sql::StagedRow& r) {
    const auto& y = r.year;
    copy_text(out, r.code);
    fmt::format_to(std::back_inserter(out), "\t{}\t{}\t", y.year, y.cluster_id);
    copy_text(out, domain::role_key(y.role));
    for (bool flag : {y.high_tech, y.specialised, y.single_champion, y.listed}) {
      out += flag ? "\t1" : "\t0";
    }
    for (const auto* field :
         {&y.revenue, &y.industrial_output, &y.profit, &y.taxes, &y.exports, &y.rd_expenditure,
          &y.employment, &y.valid_invention_patents, &y.granted_invention_patents}) {
      out += '\t';
      copy_number(out, *field);
    }
    fmt::format_to(std::back_inserter(out), "\t{}\t{}\n", revision_id_, r.line);
  }

  // Scans the current rows of the file's years when there are no more of them than rows in the
  // file, else looks the file's enterprises up in batches (keys_ is sorted by conflicts()).
  void for_each_held(const std::function<void(const sql::RowKey&, std::int64_t)>& held) override {
    std::set<int> years;
    for (const auto& c : covered_) years.insert(c.first);
    auto& count = pg_.prepared(
        "SELECT count(*) FROM enterprise_year WHERE current = 1 AND year = ANY (CAST(? AS "
        "BIGINT[]))");
    count.bind(1, number_array(years));
    count.executeStep();
    const std::int64_t existing = count.getColumn(0).getInt64();
    count.reset();
    if (existing == 0) return;
    if (existing <= static_cast<std::int64_t>(keys_.size())) {
      auto& scan = pg_.prepared(
          "SELECT credit_code, year, cluster_id FROM enterprise_year WHERE current = 1 AND "
          "year = ANY (CAST(? AS BIGINT[]))",
          sql::Rows::kMany);
      scan.bind(1, number_array(years));
      report_held(scan, held);
      return;
    }
    auto& lookup = pg_.prepared(
        "SELECT e.credit_code, e.year, e.cluster_id FROM enterprise_year e JOIN "
        "unnest(CAST(?1 AS TEXT[]), CAST(?2 AS BIGINT[])) AS k (code, year) "
        "ON e.credit_code = k.code AND e.year = k.year WHERE e.current = 1");
    std::vector<std::string> codes;
    std::vector<int> key_years;
    auto run = [&] {
      lookup.bind(1, text_array(codes));
      lookup.bind(2, number_array(key_years));
      report_held(lookup, held);
      codes.clear();
      key_years.clear();
    };
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      if (i > 0 && keys_[i].key == keys_[i - 1].key) continue;
      codes.push_back(codes_.credit_code(keys_[i].key));
      key_years.push_back(keys_[i].key.year());
      if (codes.size() == kLookupBatch) run();
    }
    if (!codes.empty()) run();
  }

  // Calls `held` for each row (credit code, year, cluster) of `rows` that another cluster than
  // this file's holds for one of the file's enterprises and years.
  void report_held(sql::Statement& rows,
                   const std::function<void(const sql::RowKey&, std::int64_t)>& held) {
    while (rows.executeStep()) {
      const int year = rows.getColumn(1).getInt();
      const std::int64_t cluster = rows.getColumn(2).getInt64();
      if (covered_.count({year, cluster})) continue;
      if (auto key = codes_.find(rows.getColumn(0).getString(), year)) held(*key, cluster);
    }
  }

  PgConnection& pg_;
  std::function<std::int64_t()> revision_;
  std::int64_t revision_id_ = 0;
};

std::int64_t PostgresStore::import_enterprise_years(
    ImportRevision& meta, const Actor& actor,
    const std::function<bool(EnterpriseSink&, ImportRevision&)>& feed) {
  std::int64_t id = 0;
  struct Discard {};  // unwinds the transaction when the feed decides to keep nothing
  try {
    in_transaction([&] {
      // The file is read and checked inside the transaction, and its COPY is one statement: a
      // large one outlasts the connection's 60-second limits on a statement and on a transaction
      // left idle. Bounded still, so that a hung import frees the write lock.
      connection.exec(
          "SET LOCAL statement_timeout = '30min'; "
          "SET LOCAL idle_in_transaction_session_timeout = '30min'");
      // The revision's row is opened when the rows are stored, not before the file is read: an
      // identity value taken is never given back, and an import that keeps nothing (a file
      // already imported) must not leave a gap in the revisions' numbers.
      auto revision = [&] {
        if (id == 0) id = open_revision(meta, actor);
        return id;
      };
      PgEnterpriseSink sink(*this, revision);
      if (!feed(sink, meta)) throw Discard{};
      close_revision(revision(), meta, actor);
    });
  } catch (const Discard&) {
    return 0;
  }
  return id;
}

}  // namespace atlas::store::postgres
