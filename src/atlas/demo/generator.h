// The synthetic national demo data set behind `clusteratlas demo` and `make run`: clusters over
// real zones with a realistic regional skew, status histories, enterprises with heavy-tailed
// revenue and 5–6 years of figures, support records, and a few missing values and outliers on
// purpose. Pure and deterministic: the same reference data, options and seed give the same set.
// Everything it makes is marked synthetic.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "atlas/domain/cluster.h"
#include "atlas/domain/enterprise.h"
#include "atlas/domain/reference.h"
#include "atlas/domain/support.h"

namespace atlas::demo {

struct DemoOptions {
  std::uint64_t seed = 2013;
  int clusters = 150;  // including the bundled real clusters
  int first_year = 2019;
  int last_year = 2024;
};

// A cluster of the demo, its zone by name; `history` is oldest first and starts with admission.
// `cluster.name` is the name it was admitted under; renames are in `events`.
struct DemoCluster {
  domain::Cluster cluster;
  std::string zone_name;
  bool bundled = false;  // a real cluster from the reference data (only its figures are made up)
  std::vector<domain::StatusChange> history;
  std::vector<domain::ClusterEvent> events;
};

// Rows refer to clusters by their index in DemoDataSet::clusters (cluster_id holds the index).
struct DemoDataSet {
  std::vector<DemoCluster> clusters;
  std::vector<domain::Enterprise> enterprises;
  std::vector<domain::EnterpriseYear> years;
  std::vector<domain::Platform> platforms;
  std::vector<domain::ServiceInstitution> institutions;
  std::vector<domain::Alliance> alliances;
};

// Throws atlas::Error (kUsage) for options it cannot honour (too many clusters for the zones,
// years outside the programme's range).
DemoDataSet generate(const domain::ReferenceData& reference, const DemoOptions& options);

}  // namespace atlas::demo
