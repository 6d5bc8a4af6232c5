// The one rule every export follows for its columns (docs/data-formats.md, "Exports"), so a
// reader can rely on it whatever the kind of data: CSV and JSON keys are English snake_case,
// money is in 元 under a key ending in `_yuan`, counts are integers, shares and growth rates are
// fractions (0.25); XLSX and terminal titles are Chinese with the unit in parentheses — money in
// 万元, shares in %. Missing is an empty cell, null or —, never 0.
#pragma once
#include <optional>
#include <string>

#include "atlas/report/table.h"

namespace atlas::report {

// Money: key `field`_yuan, title "title_zh(万元)", shown / 10^4 with 2 decimals.
Column money_column(const std::string& field, const std::string& title_zh);
// A count: integer cells, no decimals.
Column count_column(const std::string& key, const std::string& title_zh);
// A share or a growth rate: a fraction under `key`, shown in % ("title_zh(%)") with 2 decimals.
Column share_column(const std::string& key, const std::string& title_zh);
// Any other ratio (per 10,000 staff): as it is, 2 decimals.
Column ratio_column(const std::string& key, const std::string& title_zh);

// A cluster indicator of metrics::cluster_indicators by its name ("revenue", "rd_intensity"):
// its column by the rule above (revenue → revenue_yuan, 营业收入(万元)), and its value as a cell
// (counts as integers).
Column indicator_column(const std::string& name);
Cell indicator_cell(const std::string& name, const std::optional<double>& value);

}  // namespace atlas::report
