// The programme's rules on registry records, as pure checks. Each returns why a record or a
// change is not allowed (a message a programme officer can act on), or nullopt when it is.
// The store runs them inside the transaction that writes, so nothing is written when one fails.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "atlas/domain/cluster.h"
#include "atlas/domain/enterprise.h"
#include "atlas/domain/support.h"
#include "atlas/domain/zone.h"

namespace atlas::domain {

// 一区一主导产业: at most one active (non-removed) cluster per zone. `others` are the zone's
// other clusters, with their current status.
std::optional<std::string> zone_rule_problem(const Zone& zone, const std::vector<Cluster>& others);

std::optional<std::string> zone_problem(const Zone& zone);
std::optional<std::string> cluster_problem(const Cluster& cluster);
std::optional<std::string> enterprise_problem(const Enterprise& enterprise);
std::optional<std::string> enterprise_year_problem(const EnterpriseYear& row);
std::optional<std::string> platform_problem(const Platform& platform);
std::optional<std::string> institution_problem(const ServiceInstitution& institution);
std::optional<std::string> alliance_problem(const Alliance& alliance);

// Why a pair of coordinates is unusable (one without the other, out of range), or nullopt.
std::optional<std::string> coordinates_problem(const std::optional<double>& lat,
                                               const std::optional<double>& lon);

// Years the programme's statistics can refer to.
inline constexpr int kFirstYear = 2000;
inline constexpr int kLastYear = 2100;

}  // namespace atlas::domain
