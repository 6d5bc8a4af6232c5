#include "atlas/store/open_store.h"

#include "atlas/store/postgres/pg_connection.h"
#include "atlas/store/postgres/postgres_store.h"
#include "atlas/store/sqlite/sqlite_store.h"

namespace atlas::store {

bool is_server_database(std::string_view where) {
  return postgres::is_postgres_uri(where);
}

std::unique_ptr<Store> open_store(const std::string& where, int cache_kib) {
  if (is_server_database(where)) return open_postgres_store(where);
  return open_sqlite_store(where, cache_kib);
}

std::string shown_database(std::string_view where) {
  return is_server_database(where) ? postgres::redact_password(where) : std::string(where);
}

}  // namespace atlas::store
