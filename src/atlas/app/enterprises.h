// Enterprises as `enterprise list` and `enterprise show` give them: a year's enterprises,
// largest first, filtered as people ask (a cluster or province by what they type), and one
// enterprise year by year. Money in 元 (CSV and JSON; the terminal shows 万元).
#pragma once
#include <cstdint>
#include <string>

#include "atlas/app/database.h"
#include "atlas/report/table.h"

namespace atlas::app {

struct EnterpriseListRequest {
  int year = 0;          // 0: the latest with data
  std::string cluster;   // id, name or a unique part of it; empty: every cluster
  std::string province;  // code or name; empty: every province
  bool high_tech = false;
  std::int64_t limit = 50;  // 0: all
};

report::Table enterprise_list(const Database& db, const EnterpriseListRequest& request);
// Throws kNotFound for an unknown credit code; the enterprise's code, name and place as a note.
report::Table enterprise_years(const Database& db, const std::string& credit_code);

}  // namespace atlas::app
