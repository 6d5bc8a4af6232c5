#include "atlas/evaluate/unit_fields.h"

#include <cmath>

#include "atlas/evaluate/matrix.h"

namespace atlas::evaluate {

void UnitFields::set(const std::string& field, int year, double value) {
  if (!std::isnan(value)) values_[field][year] = value;
}

double UnitFields::value(std::string_view field, int years_back) const {
  auto f = values_.find(field);
  if (f == values_.end()) return kMissing;
  auto y = f->second.find(year_ - years_back);
  return y == f->second.end() ? kMissing : y->second;
}

}  // namespace atlas::evaluate
