// Copying a whole database from one store to another — SQLite to PostgreSQL when an office
// outgrows one file, and back — with every row as it is: ids, revisions, stored runs, accounts,
// sessions and tokens (as their hashes), and the audit log with its hashes, so that the chain
// verifies in the copy.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace atlas::store {

struct CopiedTable {
  std::string table;
  std::int64_t rows = 0;
};

// Copies every table of `from` into `to` (each a --db value: a SQLite path or a postgresql://
// URI) in one transaction of `to`: all or nothing. Both are migrated to the newest schema first;
// then `from` is only read, in one snapshot (a server may go on writing to it meanwhile).
// `to` must hold no rows (a new file, or a new PostgreSQL database); it is refused (kRule) if it
// does. Before the commit each table's rows are counted against the source's and the copy's
// audit chain is walked: it must be the source's, entry for entry (kInternal otherwise, and
// nothing is kept). A source whose chain is broken is copied as it is, break included. `progress`
// is told each table as it is done. Returns the tables in the order copied.
std::vector<CopiedTable> copy_store(const std::string& from, const std::string& to,
                                    const std::function<void(const CopiedTable&)>& progress);

}  // namespace atlas::store
