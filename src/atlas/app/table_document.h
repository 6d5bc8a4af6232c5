// A result table as a JSON document, the body a listing's `--format json` prints and the API
// returns: {"rows": [{column key: value, …}, …], "notes": […]} with missing values null and no
// "notes" when there are none (report::write_json writes the same bytes).
#pragma once
#include <nlohmann/json.hpp>

#include "atlas/report/table.h"

namespace atlas::app {

nlohmann::ordered_json table_document(const report::Table& t);

}  // namespace atlas::app
