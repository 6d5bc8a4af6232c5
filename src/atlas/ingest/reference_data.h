// Reads the reference data bundled in the binary (data/*.csv, see data/README.md) into domain
// records. A malformed bundled file is a build defect; errors still name the file and row.
#pragma once
#include "atlas/domain/reference.h"

namespace atlas::ingest {

domain::ReferenceData bundled_reference_data();

// data/cities.csv in file order, each seat checked to be a point on the Earth.
std::vector<domain::City> bundled_cities();

}  // namespace atlas::ingest
