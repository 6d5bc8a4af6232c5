// Opening the SQLite store: the file through the coalescing VFS, the connection's settings
// (WAL, foreign keys, page cache), and the migrations, before any of the store's SQL runs.
#include <SQLiteCpp/Exception.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <mutex>

#include "atlas/core/error.h"
#include "atlas/store/sqlite/coalesced_writes.h"
#include "atlas/store/sqlite/migrate.h"
#include "atlas/store/sqlite/sqlite_store.h"
#include "atlas/store/sqlite/sqlite_store_impl.h"

namespace atlas::store {

std::unique_ptr<Store> open_sqlite_store(const std::string& path, int cache_kib) {
  return std::make_unique<sqlite::SqliteStore>(path, cache_kib);
}

int sqlite_schema_version() {
  return sqlite::latest_version();
}

namespace sqlite {
namespace {

SQLite::Database open_database(const std::string& path) {
  // No memory statistics: with them every allocation SQLite makes takes a global mutex, 3% of
  // a large import's CPU time, and nothing here reads them. Must precede SQLite's
  // initialisation, which the first open does; later calls are refused, harmlessly.
  static std::once_flag no_statistics;
  std::call_once(no_statistics, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  try {
    return SQLite::Database(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, 0,
                            coalescing_vfs());
  } catch (const SQLite::Exception& e) {
    throw Error(ErrorKind::kStore, fmt::format("cannot open the database: {}", e.what()),
                {path, 0, "", ""});
  }
}

Error unusable(const std::string& path, const std::exception& e) {
  return Error(
      ErrorKind::kStore,
      fmt::format("cannot use the database (is it a ClusterAtlas database?): {}", e.what()),
      {path, 0, "", ""});
}

}  // namespace

SqliteFile::SqliteFile(const std::string& path) : sqlite(open_database(path)) {}

SqliteStore::SqliteStore(const std::string& path, int cache_kib)
    : SqliteFile(path),
      SqlStore(connection, path),
      cache_size_(cache_kib > 0 ? fmt::format("PRAGMA cache_size = -{}", cache_kib)
                                : std::string(kCacheSize)) {
  try {
    // A new database gets 8 KiB pages: large imports write a tenth faster than with 4 KiB
    // (fewer pages, splits and cells to move); an existing database keeps its page size.
    sqlite.exec("PRAGMA page_size = 8192");
    sqlite.exec("PRAGMA foreign_keys = ON");
    sqlite.exec("PRAGMA busy_timeout = 5000");
    sqlite.exec("PRAGMA journal_mode = WAL");
    sqlite.exec("PRAGMA synchronous = NORMAL");
    sqlite.exec(cache_size_);
    migrate(sqlite, path);
  } catch (const SQLite::Exception& e) {
    throw unusable(path, e);
  } catch (const sql::Exception& e) {  // the migration's chaining of the audit log
    throw unusable(path, e);
  }
}

}  // namespace sqlite
}  // namespace atlas::store
