// The units an evaluation scores and the expert scores beside them: the rows of a `--data` table,
// or the clusters in the programme at the end of a year with their metrics over every year up to
// it (so mean_last, growth and cagr can look back).
#pragma once
#include <map>
#include <string>
#include <vector>

#include "atlas/app/database.h"
#include "atlas/evaluate/pipeline.h"
#include "atlas/ingest/unit_data.h"

namespace atlas::app {

// One unit per row of a `--data` table; its numeric columns are its fields.
std::vector<evaluate::Unit> units_from_data(const ingest::UnitData& data);
// The clusters in the programme at the end of `year` that have figures for it — of one province
// when `province_code` is given — with the metrics and the platform, institution and alliance
// counts of every year up to it with figures as fields; code = cluster id. Throws kNotFound when
// there are none.
std::vector<evaluate::Unit> units_from_store(const Database& db, int year,
                                             const ClusterHistory& history,
                                             const std::string& province_code = "");
// Expert scores (0–100) by unit code from a table naming each unit by its code or full name
// (ingest::read_expert_scores). A unit that is not evaluated is an error with the closest names.
std::map<std::string, double> read_expert_scores(const std::string& path,
                                                 const std::vector<evaluate::Unit>& units);

}  // namespace atlas::app
