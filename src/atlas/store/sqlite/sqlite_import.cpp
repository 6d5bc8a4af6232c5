// SqliteStore's import sink, the SQLite-only part of an import of enterprise rows: the rows
// staged outside the database, written with one INSERT … SELECT per table from a virtual table
// over them, foreign keys checked once per import, and PRAGMAs for the import's duration. The
// revisions themselves (revisions.cpp) are portable SQL.
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

#include "atlas/core/error.h"
#include "atlas/store/sql/enterprise_rows.h"
#include "atlas/store/sql/staged_sink.h"
#include "atlas/store/sqlite/early_writeback.h"
#include "atlas/store/sqlite/sqlite_connection.h"
#include "atlas/store/sqlite/sqlite_store_impl.h"

namespace atlas::store::sqlite {

using sql::EnterpriseOrder;
using sql::KeyOrder;
using sql::LargeArray;
using sql::RowKey;
using sql::RowKeys;
using sql::RowStream;
using sql::StagedRow;
using sql::StagedRows;
using sql::year_columns;

namespace {

// A statement prepared for the sink's hot loops: raw binds without copies, one step.
class FastStatement {
 public:
  FastStatement(sqlite3* db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v3(db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) !=
        SQLITE_OK) {
      throw_sqlite_error(db, sqlite3_errcode(db));
    }
  }
  ~FastStatement() { sqlite3_finalize(stmt_); }
  FastStatement(const FastStatement&) = delete;
  FastStatement& operator=(const FastStatement&) = delete;

  void text(int i, std::string_view v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  }
  void integer(int i, std::int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  void real(int i, const std::optional<double>& v) {
    if (v) {
      sqlite3_bind_double(stmt_, i, *v);
    } else {
      sqlite3_bind_null(stmt_, i);
    }
  }
  // Steps once; true when it returned a row (then read it before the next reset()).
  bool step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) {
      sqlite3_reset(stmt_);
      throw_sqlite_error(db_, rc);
    }
    return false;
  }
  void reset() { sqlite3_reset(stmt_); }
  std::int64_t column_int(int i) { return sqlite3_column_int64(stmt_, i); }
  std::string_view column_text(int i) {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
    return {p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i))};
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// The eponymous virtual table atlas_import_rows: the current RowStream of the connection's import
// as a table, so that each registry table is written by one INSERT … SELECT (its cursors opened
// once, not once a row).
constexpr const char* kStreamTable = "atlas_import_rows";
constexpr const char* kStreamColumns =
    "credit_code, name, lat, lon, line, year, cluster_id, role, high_tech, specialised, "
    "single_champion, listed, revenue, industrial_output, profit, taxes, exports, rd_expenditure, "
    "employment, valid_invention_patents, granted_invention_patents";

struct StreamSlot {
  RowStream* stream = nullptr;
};

struct StreamCursor {
  sqlite3_vtab_cursor base;
  RowStream* stream;
  bool eof;
  sqlite3_int64 rowid;
};

int stream_connect(sqlite3* db, void* aux, int, const char* const*, sqlite3_vtab** out, char**) {
  int rc = sqlite3_declare_vtab(db, fmt::format("CREATE TABLE x({})", kStreamColumns).c_str());
  if (rc != SQLITE_OK) return rc;
  auto* vtab = static_cast<sqlite3_vtab*>(sqlite3_malloc(sizeof(sqlite3_vtab) + sizeof(void*)));
  if (!vtab) return SQLITE_NOMEM;
  std::memset(vtab, 0, sizeof(sqlite3_vtab));
  std::memcpy(vtab + 1, &aux, sizeof aux);
  *out = vtab;
  return SQLITE_OK;
}
int stream_disconnect(sqlite3_vtab* vtab) {
  sqlite3_free(vtab);
  return SQLITE_OK;
}
int stream_best_index(sqlite3_vtab*, sqlite3_index_info* info) {
  info->estimatedCost = 1e6;
  return SQLITE_OK;
}
int stream_open(sqlite3_vtab* vtab, sqlite3_vtab_cursor** out) {
  void* aux;
  std::memcpy(&aux, vtab + 1, sizeof aux);
  auto* slot = static_cast<StreamSlot*>(aux);
  if (!slot || !slot->stream) return SQLITE_MISUSE;  // read outside an import
  auto* c = static_cast<StreamCursor*>(sqlite3_malloc(sizeof(StreamCursor)));
  if (!c) return SQLITE_NOMEM;
  std::memset(c, 0, sizeof *c);
  c->stream = slot->stream;
  c->eof = true;
  *out = &c->base;
  return SQLITE_OK;
}
int stream_close(sqlite3_vtab_cursor* c) {
  sqlite3_free(c);
  return SQLITE_OK;
}
int stream_next(sqlite3_vtab_cursor* base) {
  auto* c = reinterpret_cast<StreamCursor*>(base);
  try {
    c->eof = !c->stream->next();
  } catch (...) {  // an I/O error on the staging file; the import fails and rolls back
    return SQLITE_IOERR;
  }
  ++c->rowid;
  return SQLITE_OK;
}
int stream_filter(sqlite3_vtab_cursor* base, int, const char*, int, sqlite3_value**) {
  auto* c = reinterpret_cast<StreamCursor*>(base);
  if (c->rowid != 0) return SQLITE_MISUSE;  // a stream is read once
  return stream_next(base);
}
int stream_eof(sqlite3_vtab_cursor* base) {
  return reinterpret_cast<StreamCursor*>(base)->eof;
}
int stream_rowid(sqlite3_vtab_cursor* base, sqlite3_int64* rowid) {
  *rowid = reinterpret_cast<StreamCursor*>(base)->rowid;
  return SQLITE_OK;
}
int stream_column(sqlite3_vtab_cursor* base, sqlite3_context* ctx, int i) {
  const StagedRow& r = reinterpret_cast<StreamCursor*>(base)->stream->row();
  const auto& y = r.year;
  // Text stays valid until the cursor moves, and SQLite copies it before that.
  auto text = [&](std::string_view v) {
    sqlite3_result_text(ctx, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  };
  auto real = [&](const std::optional<double>& v) {
    if (v) {
      sqlite3_result_double(ctx, *v);
    } else {
      sqlite3_result_null(ctx);
    }
  };
  switch (i) {
    case 0: text(r.code); break;
    case 1: text(r.name); break;
    case 2: real(r.lat); break;
    case 3: real(r.lon); break;
    case 4: sqlite3_result_int64(ctx, r.line); break;
    case 5: sqlite3_result_int(ctx, y.year); break;
    case 6: sqlite3_result_int64(ctx, y.cluster_id); break;
    case 7: text(domain::role_key(y.role)); break;
    case 8: sqlite3_result_int(ctx, y.high_tech); break;
    case 9: sqlite3_result_int(ctx, y.specialised); break;
    case 10: sqlite3_result_int(ctx, y.single_champion); break;
    case 11: sqlite3_result_int(ctx, y.listed); break;
    case 12: real(y.revenue); break;
    case 13: real(y.industrial_output); break;
    case 14: real(y.profit); break;
    case 15: real(y.taxes); break;
    case 16: real(y.exports); break;
    case 17: real(y.rd_expenditure); break;
    case 18: real(y.employment); break;
    case 19: real(y.valid_invention_patents); break;
    case 20: real(y.granted_invention_patents); break;
    default: sqlite3_result_null(ctx);
  }
  return SQLITE_OK;
}

sqlite3_module make_stream_module() {
  sqlite3_module m{};
  m.iVersion = 1;
  m.xCreate = nullptr;  // eponymous only: no CREATE VIRTUAL TABLE, nothing in the schema
  m.xConnect = stream_connect;
  m.xBestIndex = stream_best_index;
  m.xDisconnect = stream_disconnect;
  m.xOpen = stream_open;
  m.xClose = stream_close;
  m.xFilter = stream_filter;
  m.xNext = stream_next;
  m.xEof = stream_eof;
  m.xColumn = stream_column;
  m.xRowid = stream_rowid;
  return m;
}
const sqlite3_module kStreamModule = make_stream_module();

}  // namespace

// Stages an import's rows outside the database (StagedRows), finds conflicts from their keys in
// memory, then writes the registry in one pass in credit-code order, so that the enterprise table
// and the enterprise_year indexes grow along their keys instead of everywhere at once.
class SqliteEnterpriseSink final : public sql::StagedSink {
 public:
  SqliteEnterpriseSink(SqliteStore& store, std::int64_t revision)
      : StagedSink(store.connection), store_(store), revision_(revision) {}
  ~SqliteEnterpriseSink() override {
    // The table outlives the sink on the connection: leave it pointing at no rows.
    if (registered_) {
      sqlite3_create_module_v2(store_.sqlite.getHandle(), kStreamTable, &kStreamModule, nullptr,
                               nullptr);
    }
  }
  SqliteEnterpriseSink(const SqliteEnterpriseSink&) = delete;
  SqliteEnterpriseSink& operator=(const SqliteEnterpriseSink&) = delete;

  std::int64_t store(const std::vector<std::int64_t>& skip_lines) override {
    std::vector<std::int64_t> skip = skip_lines;
    std::sort(skip.begin(), skip.end());
    // SQLite's own machinery: FastStatements on the raw handle, the rows as a virtual table. The
    // two INSERT … SELECTs from that table go through the connection so that they fail the way
    // every other statement does (sql::Exception).
    auto& db = store_.sqlite;
    auto& connection = store_.connection;
    {
      // One pass over each year's current rows, whatever the number of clusters covered.
      std::map<int, std::vector<std::int64_t>> clusters;
      for (const auto& [year, cluster] : covered_) clusters[year].push_back(cluster);
      FastStatement supersede(db.getHandle(),
                              "UPDATE enterprise_year SET current = 0 WHERE current = 1 AND "
                              "year = ? AND cluster_id IN (SELECT value FROM json_each(?))");
      for (const auto& [year, ids] : clusters) {
        std::string list = fmt::format("[{}]", fmt::join(ids, ","));  // bound, not copied
        supersede.integer(1, year);
        supersede.text(2, list);
        supersede.step();
        supersede.reset();
      }
    }
    // In credit-code order, so that the B-trees grow along their keys, not everywhere at once.
    if (sqlite3_create_module_v2(db.getHandle(), kStreamTable, &kStreamModule, &slot_, nullptr) !=
        SQLITE_OK) {
      throw_sqlite_error(db.getHandle(), sqlite3_errcode(db.getHandle()));
    }
    registered_ = true;
    struct Unset {
      StreamSlot& slot;
      ~Unset() { slot.stream = nullptr; }
    } unset{slot_};
    EnterpriseOrder enterprises(rows_, skip);
    slot_.stream = &enterprises;
    connection.exec(
        fmt::format("INSERT INTO enterprise (credit_code, name, lat, lon) "
                    "SELECT credit_code, name, lat, lon FROM {} WHERE true "
                    "ON CONFLICT (credit_code) DO UPDATE SET name = excluded.name, "
                    "lat = coalesce(excluded.lat, lat), lon = coalesce(excluded.lon, lon) "
                    "WHERE name != excluded.name OR excluded.lat IS NOT NULL",
                    kStreamTable));
    KeyOrder years(rows_, skip);
    slot_.stream = &years;
    auto insert = connection.statement(
        fmt::format("INSERT INTO enterprise_year ({0}, revision_id, source_line) "
                    "SELECT {0}, ?, line FROM {1}",
                    year_columns(""), kStreamTable));
    insert->bind(1, revision_);
    std::int64_t stored = insert->exec();
    check_references(enterprises.codes(), years);
    return stored;
  }

 private:
  void check_references(const KeyOrder& enterprises, const KeyOrder& years) {
    sqlite3* db = store_.sqlite.getHandle();
    auto broken = [](const std::string& what) {
      throw Error(ErrorKind::kInternal, "the import would leave " + what);
    };
    if (!enterprises.same_codes(years)) {
      broken("enterprise rows whose enterprise was not written");
    }
    std::set<std::int64_t> ids;
    for (const auto& c : covered_) ids.insert(c.second);
    std::string list = fmt::format("[{}]", fmt::join(ids, ","));
    FastStatement clusters(db,
                           "SELECT count(*) FROM cluster WHERE id IN "
                           "(SELECT value FROM json_each(?))");
    clusters.text(1, list);
    if (!clusters.step() || clusters.column_int(0) != static_cast<std::int64_t>(ids.size())) {
      broken("enterprise rows of a missing cluster");
    }
  }

  // Calls `held(key, cluster)` for each current row of another cluster for an enterprise and year
  // of this file. Scans the current rows of the file's years when there are no more of them than
  // rows in the file, else looks up each of the file's enterprises.
  void for_each_held(const std::function<void(const RowKey&, std::int64_t)>& held) override {
    sqlite3* db = store_.sqlite.getHandle();
    std::set<int> years;
    for (const auto& c : covered_) years.insert(c.first);
    std::int64_t existing = 0;
    FastStatement count(db, "SELECT count(*) FROM enterprise_year WHERE current = 1 AND year = ?");
    for (int year : years) {
      count.integer(1, year);
      if (count.step()) existing += count.column_int(0);
      count.reset();
    }
    if (existing == 0) return;
    if (existing <= static_cast<std::int64_t>(keys_.size())) {
      FastStatement scan(db,
                         "SELECT credit_code, cluster_id FROM enterprise_year "
                         "WHERE current = 1 AND year = ?");
      for (int year : years) {
        scan.integer(1, year);
        while (scan.step()) {
          std::int64_t cluster = scan.column_int(1);
          if (covered_.count({year, cluster})) continue;
          if (auto key = codes_.find(scan.column_text(0), year)) held(*key, cluster);
        }
        scan.reset();
      }
      return;
    }
    FastStatement lookup(db,
                         "SELECT cluster_id FROM enterprise_year "
                         "WHERE credit_code = ? AND year = ? AND current = 1");
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      if (i > 0 && keys_[i].key == keys_[i - 1].key) continue;
      const RowKey& key = keys_[i].key;
      std::string code = codes_.credit_code(key);
      lookup.text(1, code);
      lookup.integer(2, key.year());
      std::optional<std::int64_t> cluster;
      if (lookup.step()) cluster = lookup.column_int(0);
      lookup.reset();
      if (cluster && !covered_.count({key.year(), *cluster})) held(key, *cluster);
    }
  }

  SqliteStore& store_;
  std::int64_t revision_;
  StreamSlot slot_;
  bool registered_ = false;
};

std::int64_t SqliteStore::reserve_revision() {
  // A write that changes nothing takes the database's write lock, as the row's insert would: no
  // other writer can take the id before this transaction ends. SQLite's import sink only.
  connection.exec("UPDATE import_revision SET id = id WHERE id IS NULL");
  auto& q = connection.prepared("SELECT coalesce(max(id), 0) + 1 FROM import_revision");
  q.executeStep();
  const auto id = q.getColumn(0).getInt64();
  q.reset();
  return id;
}

std::int64_t SqliteStore::import_enterprise_years(
    ImportRevision& meta, const Actor& actor,
    const std::function<bool(EnterpriseSink&, ImportRevision&)>& feed) {
  std::int64_t id = 0;
  struct Discard {};  // unwinds the transaction when the feed decides to keep nothing
  // For the import only, and restored however it ends:
  // - a 16 MiB page cache instead of 64 MiB: the writes go in key order, so a page is finished
  //   once passed, and every page of cache is a page fault on first use (at 500,000 rows 16,000
  //   of the import's 32,000, and costly under a hypervisor);
  // - no per-row foreign-key checks (they reopen and seek the parent table for each row, a
  //   quarter of the enterprise_year insert): the sink checks the same references once per
  //   import instead (SqliteEnterpriseSink::check_references). The pragma works only outside a
  //   transaction, so a nested import keeps the per-row checks as well.
  struct Settings {
    SQLite::Database& db;
    const std::string& cache_size;
    bool foreign_keys_off;
    ~Settings() {
      try {
        db.exec(cache_size);
        if (foreign_keys_off) db.exec("PRAGMA foreign_keys = ON");
      } catch (...) {  // a destructor must not throw; a pragma fails only on a broken connection
      }
    }
  } settings{sqlite, cache_size_, depth_ == 0};
  sqlite.exec("PRAGMA cache_size = -16384");
  if (settings.foreign_keys_off) sqlite.exec("PRAGMA foreign_keys = OFF");
  // The WAL and, during the checkpoint, the database file go to disk as they are written.
  EarlyWriteback writeback(where_);
  // Without per-row foreign-key checks the revision row is written last, with its id taken at
  // the start: written first and completed last, its pages — the first the page cache spills
  // into the WAL — were rewritten at the end, and SQLite then re-reads every frame after the
  // first one rewritten to recompute the WAL's checksums (the whole WAL, 190 MB at 10^6 rows).
  const bool reserved = settings.foreign_keys_off;
  try {
    in_transaction([&] {
      id = reserved ? reserve_revision() : open_revision(meta, actor);
      SqliteEnterpriseSink sink(*this, id);
      if (!feed(sink, meta)) throw Discard{};
      close_revision(id, meta, actor, reserved);
    });
  } catch (const Discard&) {
    return 0;
  }
  return id;
}

}  // namespace atlas::store::sqlite
