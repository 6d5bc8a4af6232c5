#include "atlas/store/sql/connection.h"

namespace atlas::store::sql {

std::int64_t Statement::returning_id() {
  if (!executeStep()) throw Exception("an INSERT … RETURNING id returned no row");
  const std::int64_t id = getColumn(0).getInt64();
  reset();
  return id;
}

}  // namespace atlas::store::sql
