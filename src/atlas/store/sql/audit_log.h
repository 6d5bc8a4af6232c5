// The stored side of the audit chain (audit_chain.h), beside SqlStore::audit which appends:
// reading entries, and chaining the rows an older database wrote before migration 009. Not for
// use outside store/. The only UPDATE of audit_log in the store is chain_unchained_rows,
// and the database's trigger lets it touch only rows without a hash (the AuditLogSources test in
// accounts_test.cpp checks the sources for any other).
#pragma once
#include <functional>

#include "atlas/store/audit_chain.h"
#include "atlas/store/sql/connection.h"
#include "atlas/store/store.h"

namespace atlas::store::sql {

// Calls `entry` with each entry matching `filter`, oldest first, until it returns false.
void each_entry(sql::Connection& db, const AuditFilter& filter,
                const std::function<bool(const AuditEntry&)>& entry);

// Chains, in id order, every row that has no hash yet (rows written before migration 009),
// after the last row that has one. Deterministic: the same rows give the same hashes.
void chain_unchained_rows(sql::Connection& db);

}  // namespace atlas::store::sql
