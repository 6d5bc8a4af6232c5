// The SQLite store's class: the shared SqlStore (sql/store_impl.h) on one SQLite file. What only
// SQLite has is here — opening the file with its PRAGMAs and migrations (sqlite_store.cpp), and
// the import's sink over the raw handle (sqlite_import.cpp). Not for use outside store/sqlite/.
#pragma once
#include <SQLiteCpp/Database.h>

#include <string>

#include "atlas/store/sql/store_impl.h"
#include "atlas/store/sqlite/sqlite_connection.h"

namespace atlas::store::sqlite {

// The connection's page cache: 64 MiB, allocated only as used. Bulk changes touch indexes all
// over; the default 2 MB cache turns that into disk reads.
inline constexpr const char* kCacheSize = "PRAGMA cache_size = -65536";

// The file and its connection, made before the SqlStore that runs its SQL on them (a first base
// is constructed first and destroyed last).
struct SqliteFile {
  SqliteFile(const std::string& path);
  SQLite::Database sqlite;  // SQLite's own settings and the import's sink use it
  SqliteConnection connection{sqlite};
};

class SqliteStore final : private SqliteFile, public sql::SqlStore {
 public:
  // cache_kib: as open_sqlite_store.
  explicit SqliteStore(const std::string& path, int cache_kib = 0);

  std::int64_t import_enterprise_years(
      ImportRevision& meta, const Actor& actor,
      const std::function<bool(EnterpriseSink&, ImportRevision&)>& feed) override;

 private:
  friend class SqliteEnterpriseSink;
  // An import's revision id, the write lock taken (close_revision's `reserved`).
  std::int64_t reserve_revision();

  std::string cache_size_;  // the PRAGMA that sets this connection's page cache
};

}  // namespace atlas::store::sqlite
