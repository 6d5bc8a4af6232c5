// enterprise_year columns in one fixed order, shared by the SQLite store's files that read and
// write enterprise rows. Internal to store/sqlite/.
#pragma once
#include <SQLiteCpp/Statement.h>

#include <string>
#include <string_view>

#include "atlas/domain/enterprise.h"

namespace atlas::store::sqlite {

extern const char* const kYearColumns[];
extern const int kYearColumnCount;

// "y.credit_code, y.year, …" for prefix "y.".
std::string year_columns(std::string_view prefix);
// Reads the year columns starting at result column `first`.
domain::EnterpriseYear read_year(SQLite::Statement& q, int first);
// Binds the year columns starting at parameter `first`; returns the next parameter index.
int bind_year(SQLite::Statement& q, const domain::EnterpriseYear& row, int first);
// Reads credit_code, name, lat, lon, synthetic starting at result column `first`.
domain::Enterprise read_enterprise(SQLite::Statement& q, int first);

}  // namespace atlas::store::sqlite
