// SQLite's placeholders in PostgreSQL's form: the store writes `?` and `?N` (sql/connection.h),
// libpq takes `$N`. Pure text work, so that it is tested without a server.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace atlas::store::postgres {

struct Placeholders {
  std::string sql;         // the text with every placeholder as $N
  int count = 0;           // the highest N: how many parameters the statement takes
  std::vector<bool> used;  // used[N-1]: whether $N appears (an unused one needs a type given)
};

// Rewrites `?N` to `$N`, and a bare `?` to one more than the highest number before it, as
// SQLite numbers them. Text inside quotes ('…', E'…', "…", $tag$…$tag$) and comments (--, /* */,
// which nest in PostgreSQL) is left alone. Throws sql::Exception for `?0` or a number above
// PostgreSQL's limit of 65535 parameters.
Placeholders rewrite_placeholders(std::string_view sql);

}  // namespace atlas::store::postgres
