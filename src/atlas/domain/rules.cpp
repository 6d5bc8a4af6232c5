#include "atlas/domain/rules.h"

#include <cmath>

#include <fmt/format.h>

#include "atlas/core/text.h"
#include "atlas/domain/credit_code.h"

namespace atlas::domain {
namespace {

std::optional<std::string> name_problem(const std::string& name, std::string_view what) {
  if (text::trim(name).empty()) return fmt::format("the {} name is empty", what);
  if (!text::is_valid_utf8(name)) return fmt::format("the {} name is not valid UTF-8", what);
  if (text::trim(name) != name) {
    return fmt::format("the {} name '{}' has leading or trailing spaces", what, name);
  }
  return std::nullopt;
}

std::optional<std::string> year_problem(int year) {
  if (year < kFirstYear || year > kLastYear) {
    return fmt::format("year {} is outside {}..{}", year, kFirstYear, kLastYear);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> coordinates_problem(const std::optional<double>& lat,
                                               const std::optional<double>& lon) {
  if (lat.has_value() != lon.has_value()) return "give both latitude and longitude, or neither";
  if (lat && (!std::isfinite(*lat) || *lat < -90 || *lat > 90)) {
    return fmt::format("latitude {} is outside -90..90", *lat);
  }
  if (lon && (!std::isfinite(*lon) || *lon < -180 || *lon > 180)) {
    return fmt::format("longitude {} is outside -180..180", *lon);
  }
  return std::nullopt;
}

std::optional<std::string> zone_rule_problem(const Zone& zone, const std::vector<Cluster>& others) {
  for (const auto& other : others) {
    if (is_active(other.status)) {
      return fmt::format(
          "一区一主导产业 (one zone, one leading industry): zone {} already has the active cluster "
          "{} (id {}, {}); remove it before another cluster can be built in this zone",
          zone.name, other.name, other.id, status_key(other.status));
    }
  }
  return std::nullopt;
}

std::optional<std::string> zone_problem(const Zone& zone) {
  if (auto p = name_problem(zone.name, "zone")) return p;
  if (zone.level != "national" && zone.level != "provincial") {
    return fmt::format("zone level '{}' is neither national nor provincial", zone.level);
  }
  return coordinates_problem(zone.lat, zone.lon);
}

std::optional<std::string> cluster_problem(const Cluster& cluster) {
  if (auto p = name_problem(cluster.name, "cluster")) return p;
  if (cluster.admitted_year) return year_problem(*cluster.admitted_year);
  return std::nullopt;
}

std::optional<std::string> enterprise_problem(const Enterprise& enterprise) {
  if (auto p = credit_code_problem(enterprise.credit_code)) return p;
  if (auto p = name_problem(enterprise.name, "enterprise")) return p;
  return coordinates_problem(enterprise.lat, enterprise.lon);
}

std::optional<std::string> enterprise_year_problem(const EnterpriseYear& row) {
  if (auto p = year_problem(row.year)) return p;
  auto non_negative = [](const std::optional<double>& v,
                         std::string_view field) -> std::optional<std::string> {
    if (v && !std::isfinite(*v)) return fmt::format("{} is not a finite number", field);
    if (v && *v < 0) return fmt::format("{} is negative ({})", field, *v);
    return std::nullopt;
  };
  // Profit may be negative (a loss); everything else may not.
  for (auto [v, field] : {std::pair{&row.revenue, "revenue"},
                          {&row.industrial_output, "industrial output"},
                          {&row.taxes, "taxes"},
                          {&row.exports, "exports"},
                          {&row.rd_expenditure, "R&D expenditure"},
                          {&row.employment, "employment"},
                          {&row.valid_invention_patents, "valid invention patents"},
                          {&row.granted_invention_patents, "granted invention patents"}}) {
    if (auto p = non_negative(*v, field)) return p;
  }
  if (row.profit && !std::isfinite(*row.profit)) return "profit is not a finite number";
  return std::nullopt;
}

std::optional<std::string> platform_problem(const Platform& platform) {
  if (auto p = name_problem(platform.name, "platform")) return p;
  if (platform.level != "national" && platform.level != "provincial") {
    return fmt::format("platform level '{}' is neither national nor provincial", platform.level);
  }
  if (platform.year_established) return year_problem(*platform.year_established);
  return std::nullopt;
}

std::optional<std::string> institution_problem(const ServiceInstitution& institution) {
  if (auto p = name_problem(institution.name, "service institution")) return p;
  int c = static_cast<int>(institution.category);
  if (c < 1 || c > 4) return fmt::format("institution category {} is not one of 1-4 (JQ03)", c);
  return year_problem(institution.year);
}

std::optional<std::string> alliance_problem(const Alliance& alliance) {
  if (auto p = name_problem(alliance.name, "alliance")) return p;
  if (alliance.backbone_members < 0 || alliance.other_members < 0) {
    return "alliance member counts cannot be negative";
  }
  return year_problem(alliance.year);
}

}  // namespace atlas::domain
