// Where `clusteratlas evaluate` gets its units and expert scores.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "atlas/evaluate/pipeline.h"
#include "atlas/ingest/unit_data.h"
#include "context.h"

namespace atlas::cli {

// One unit per row of a `--data` table; its numeric columns are its fields.
std::vector<evaluate::Unit> units_from_data(const ingest::UnitData& data);
// The clusters in the programme at the end of `year` that have figures for it, with the metrics of every year up to it
// and the year's platform, institution and alliance counts as fields; code = cluster id.
std::vector<evaluate::Unit> units_from_store(Context& ctx, int year);
// Expert scores (0–100) by unit code from a table with a unit column (code or full name) and a
// score column.
std::map<std::string, double> read_expert_scores(const std::string& path,
                                                 const std::vector<evaluate::Unit>& units);

}  // namespace atlas::cli
