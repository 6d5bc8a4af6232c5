#include "atlas/demo/weights.h"

#include <map>

namespace atlas::demo {

double province_weight(const domain::Province& p) {
  double w = 1.0;
  switch (p.region) {
    case domain::Region::kEast: w = 3.0; break;
    case domain::Region::kCentral: w = 2.0; break;
    case domain::Region::kWest: w = 1.0; break;
    case domain::Region::kNortheast: w = 1.0; break;
    case domain::Region::kNone: return 0.0;  // outside the programme
  }
  if (p.code == "440000" || p.code == "320000" || p.code == "370000") w *= 2.5;
  if (p.code == "420000") w *= 3.0;
  return w;
}

double sei_weight(const std::string& sei) {
  static const std::map<std::string, double> kWeights = {
      {"next_gen_it", 3.0},   {"high_end_equipment", 3.0}, {"biotech", 2.5},
      {"new_materials", 1.5}, {"new_energy", 1.5},         {"new_energy_vehicles", 1.0},
      {"energy_saving", 0.7}, {"digital_creative", 0.5},   {"related_services", 0.5}};
  auto it = kWeights.find(sei);
  return it == kWeights.end() ? 0.0 : it->second;
}

std::string strip_suffix(std::string s, std::string_view suffix) {
  if (s.size() > suffix.size() && s.ends_with(suffix)) s.resize(s.size() - suffix.size());
  return s;
}

}  // namespace atlas::demo
