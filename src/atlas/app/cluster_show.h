// One cluster as `cluster show` and `cluster history` give it: its registry record with the
// figures of a year, and every status change, event and correction in date order. The shell
// finds the cluster (the CLI by what people type, the server by the id in the path).
#pragma once
#include "atlas/app/database.h"
#include "atlas/report/table.h"

namespace atlas::app {

// The record as rows of (field, value). For the terminal (`for_terminal`) the fields are the
// Chinese titles and the figures formatted (亿元, thousands separators, — when missing); for CSV
// and JSON (the API's document) the fields are keys and the values typed: money in 元, counts as
// integers, null when missing, never 0. `year` 0: the latest with figures; without any figures
// the record has no yearly part.
report::Table cluster_record(const Database& db, const domain::Cluster& cluster, int year,
                             bool for_terminal);

// Status changes numbered (no) as `cluster correct --change` counts them, a withdrawn one marked,
// events (renames, re-scopes) and the corrections that withdrew changes, dated the day they were
// recorded; the cluster named in a note.
report::Table cluster_history_table(const Database& db, const domain::Cluster& cluster);

}  // namespace atlas::app
