// The selection round of the demo data set (`clusteratlas demo`): an admission round opened on
// `today`, with 40 applications from 20 provinces in zones without an active cluster, each
// province's ranked recommendation within its quota, and an expert pool of 60 whose fields are
// near the applications' industries. Pure and deterministic: the same reference data, active
// zones, seed and today give the same round. Everything in it is marked synthetic (演示).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "atlas/domain/reference.h"
#include "atlas/rounds/application.h"
#include "atlas/rounds/parties.h"
#include "atlas/rounds/round.h"

namespace atlas::demo {

inline constexpr int kRoundApplications = 40;
inline constexpr int kRoundProvinces = 20;
inline constexpr int kRoundExperts = 60;

// Rows refer to each other by index, as DemoDataSet's do, until the store gives them ids.
struct DemoRound {
  // In its first stage (applications); deadlines today + 10, 40, 80, 95 and 110 days; a quota
  // for every applying province.
  rounds::Round round;
  // Provincial zones to add before the applications: "<city>高新区" after a city of
  // data/cities.csv, where a province has too few zones without an active cluster.
  std::vector<domain::Zone> new_zones;
  // Each names its zone in parties.zone_name (a reference zone or one of new_zones); zone_id and
  // round_id are left for the caller; parties.province_code is the zone's.
  std::vector<rounds::Application> applications;
  // Province code → its ranked list; application_id is the index in `applications`.
  std::map<std::string, std::vector<rounds::Recommendation>> recommendations;
  std::vector<rounds::Expert> experts;  // codes E0001…E0060
};

// `active_zones`: the names of the zones that have an active cluster (any status but removed),
// which cannot apply (一区一主导产业). `today` (YYYY-MM-DD) dates the round and its deadlines; it
// is an input so that the generator stays pure. Never fails for want of zones: a province short
// of free zones gets new provincial ones. Fewer than 20 provinces (or 40 applications) only when
// the reference data has fewer provinces in the programme (or cities) to give. Throws
// atlas::Error (kBadInput) when `today` is not a date.
DemoRound generate_round(const domain::ReferenceData& reference,
                         const std::vector<domain::City>& cities,
                         const std::vector<std::string>& active_zones, std::uint64_t seed,
                         const std::string& today);

}  // namespace atlas::demo
