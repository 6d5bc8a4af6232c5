// The nine money and count figures that an enterprise's year and a cluster's own report both
// carry, in one order: the order of their columns in the store and in exports, and of the staged
// rows of an import. Each with its name (the indicator's, the column's, the export's) and its
// member in both records, so code that goes over every figure names none of them itself.
#pragma once
#include <array>
#include <optional>

#include "atlas/domain/cluster_report.h"
#include "atlas/domain/enterprise.h"

namespace atlas::domain {

struct Figure {
  const char* name;
  std::optional<double> EnterpriseYear::*of_enterprise;
  std::optional<double> ClusterReport::*of_cluster;
};

inline constexpr std::array<Figure, 9> kFigures = {{
    {"revenue", &EnterpriseYear::revenue, &ClusterReport::revenue},
    {"industrial_output", &EnterpriseYear::industrial_output, &ClusterReport::industrial_output},
    {"profit", &EnterpriseYear::profit, &ClusterReport::profit},
    {"taxes", &EnterpriseYear::taxes, &ClusterReport::taxes},
    {"exports", &EnterpriseYear::exports, &ClusterReport::exports},
    {"rd_expenditure", &EnterpriseYear::rd_expenditure, &ClusterReport::rd_expenditure},
    {"employment", &EnterpriseYear::employment, &ClusterReport::employment},
    {"valid_invention_patents", &EnterpriseYear::valid_invention_patents,
     &ClusterReport::valid_invention_patents},
    {"granted_invention_patents", &EnterpriseYear::granted_invention_patents,
     &ClusterReport::granted_invention_patents},
}};

// A figure's value in either record.
inline const std::optional<double>& figure_value(const Figure& f, const EnterpriseYear& y) {
  return y.*f.of_enterprise;
}
inline const std::optional<double>& figure_value(const Figure& f, const ClusterReport& r) {
  return r.*f.of_cluster;
}

}  // namespace atlas::domain
