// Files compiled into the binary: bundled reference data (data/*.csv) and store migrations.
// Names are paths relative to the repository root, e.g. "data/provinces.csv".
#pragma once
#include <optional>
#include <string_view>

namespace atlas {

// The bytes of an embedded file, or nullopt when no file of that name was embedded.
std::optional<std::string_view> find_resource(std::string_view name);

}  // namespace atlas
