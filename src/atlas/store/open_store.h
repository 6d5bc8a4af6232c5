// Which store a --db value (or $CLUSTERATLAS_DB) names: a postgresql:// or postgres:// URI is a
// PostgreSQL database; anything else is the path of a SQLite file.
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "atlas/store/sql/connection.h"
#include "atlas/store/store.h"

namespace atlas::store {

// Whether `where` names a database on a server (PostgreSQL) rather than a file.
bool is_server_database(std::string_view where);

// Opens the store `where` names, migrating it to the newest schema. `cache_kib` is SQLite's page
// cache (open_sqlite_store); PostgreSQL's memory is the server's. Throws atlas::Error (kStore).
std::unique_ptr<Store> open_store(const std::string& where, int cache_kib = 0);

// A plain connection to the database `where` names, past the store and its rules: for copying a
// whole database (copy_store.h) and for tests that look at what was stored. Opens an existing
// database; migrates nothing.
std::shared_ptr<sql::Connection> connect_database(const std::string& where);

// `where` as messages show it: a URI without its password.
std::string shown_database(std::string_view where);

}  // namespace atlas::store
