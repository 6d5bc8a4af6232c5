// The embedded SQLite store: one database file in WAL mode with foreign keys on, migrated to the
// newest schema when opened. Refuses a database written by a newer ClusterAtlas.
#pragma once
#include <memory>
#include <string>

#include "atlas/store/store.h"

namespace atlas::store {

// The page cache of one of many connections that each serve small requests (a server's worker):
// the 64 MiB a bulk import wants, kept by each of 16 workers, grew the server by the pages of
// every audit entry and status change it wrote until all 16 were full.
inline constexpr int kWorkerCacheKib = 2048;

// Opens (creating when missing) the database at `path`; `cache_kib` 0 gives the connection the
// 64 MiB page cache bulk work wants. Throws atlas::Error (kStore) with the path when it cannot be
// opened, is not a ClusterAtlas database, or has a newer schema.
std::unique_ptr<Store> open_sqlite_store(const std::string& path, int cache_kib = 0);

// The schema version this build writes.
int sqlite_schema_version();

}  // namespace atlas::store
