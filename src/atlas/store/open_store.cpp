#include "atlas/store/open_store.h"

#include "atlas/store/postgres/pg_connection.h"
#include "atlas/store/postgres/postgres_store.h"
#include "atlas/store/sqlite/sqlite_connection.h"
#include "atlas/store/sqlite/sqlite_store.h"

namespace atlas::store {

bool is_server_database(std::string_view where) {
  return postgres::is_postgres_uri(where);
}

std::unique_ptr<Store> open_store(const std::string& where, int cache_kib) {
  if (is_server_database(where)) return open_postgres_store(where);
  return open_sqlite_store(where, cache_kib);
}

std::shared_ptr<sql::Connection> connect_database(const std::string& where) {
  if (is_server_database(where)) return std::make_shared<postgres::PgConnection>(where);
  struct File {  // the connection borrows the file; both live as long as the pointer
    explicit File(const std::string& path) : db(path, SQLite::OPEN_READWRITE) {
      db.exec("PRAGMA foreign_keys = ON");
      db.exec("PRAGMA busy_timeout = 5000");
    }
    SQLite::Database db;
    sqlite::SqliteConnection connection{db};
  };
  auto file = std::make_shared<File>(where);
  return {file, &file->connection};
}

std::string shown_database(std::string_view where) {
  return is_server_database(where) ? postgres::redact_password(where) : std::string(where);
}

}  // namespace atlas::store
