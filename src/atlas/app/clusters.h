// Clusters as `cluster list` and the public overview give them: the registry filtered as people
// ask (a province, region, status, industry prefix or zone, by what they type), optionally as at
// the end of a year (statuses then, clusters not yet recorded left out).
#pragma once
#include <string>

#include "atlas/app/database.h"
#include "atlas/domain/status.h"
#include "atlas/report/table.h"

namespace atlas::app {

struct ClusterListRequest {
  std::string province;       // code or name; empty: every province
  std::string region;         // east, central, west or northeast
  std::string status;         // current status (or the status at the end of `year`), key or 中文
  std::string industry;       // leading industry code or its prefix, e.g. 39
  std::string zone;           // id or exact name
  int year = 0;               // 0: now
  bool in_programme = false;  // only clusters in the programme (cultivation … warned)
};

report::Table cluster_list(const Database& db, const ClusterListRequest& request);

// A status typed by a person (pilot or 试点); throws kUsage listing the statuses.
domain::ClusterStatus parse_status_or_throw(const std::string& s);
// "试点 pilot"
std::string status_text(domain::ClusterStatus s);
// "3973 集成电路制造"; a code accepted under its division: "3831 (38 电气机械和器材制造业)".
std::string industry_label(store::Store& store, const std::string& code);

}  // namespace atlas::app
