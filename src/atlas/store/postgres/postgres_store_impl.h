// The PostgreSQL store's class: the shared SqlStore (sql/store_impl.h) on a libpq connection.
// What only PostgreSQL has is here — connecting and migrating (postgres_store.cpp) and the
// import's sink through COPY (pg_import.cpp). Not for use outside store/postgres/.
#pragma once
#include <string>

#include "atlas/store/postgres/pg_connection.h"
#include "atlas/store/sql/store_impl.h"

namespace atlas::store::postgres {

// The connection, made before the SqlStore that runs its SQL on it (a first base is constructed
// first and destroyed last).
struct PgSession {
  explicit PgSession(const std::string& uri);
  PgConnection connection;
};

class PostgresStore final : private PgSession, public sql::SqlStore {
 public:
  explicit PostgresStore(const std::string& uri);

  std::int64_t import_enterprise_years(
      ImportRevision& meta, const Actor& actor,
      const std::function<bool(EnterpriseSink&, ImportRevision&)>& feed) override;
  bool lost() override { return connection.lost(); }

 private:
  friend class PgEnterpriseSink;
};

}  // namespace atlas::store::postgres
