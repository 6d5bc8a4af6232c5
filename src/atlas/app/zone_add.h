// Recording a high-tech zone, as `zone add` and `POST /api/v1/zones` do.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "atlas/app/database.h"

namespace atlas::app {

struct ZoneAddRequest {
  std::string name;
  std::string province;  // code or name
  std::string city;
  std::string level = "national";  // or provincial
  std::optional<double> lat, lon;  // WGS 84, both or neither
};

// The new zone's id. Throws kNotFound for an unknown province, kBadInput for a bad name, level
// or coordinates, kRule for a name already taken.
std::int64_t add_zone(const Database& db, const ZoneAddRequest& request, const store::Actor& actor);

}  // namespace atlas::app
