#include "atlas/domain/support.h"

#include <map>

namespace atlas::domain {

std::optional<InstitutionCategory> parse_category(std::string_view text) {
  using C = InstitutionCategory;
  static const std::map<std::string, C, std::less<>> kNames = {
      {"1", C::kInnovationServices},
      {"创新服务", C::kInnovationServices},
      {"innovation_services", C::kInnovationServices},
      {"2", C::kRnD},
      {"研发", C::kRnD},
      {"rnd", C::kRnD},
      {"r&d", C::kRnD},
      {"3", C::kFinancial},
      {"金融", C::kFinancial},
      {"financial", C::kFinancial},
      {"4", C::kOther},
      {"其他", C::kOther},
      {"other", C::kOther}};
  std::string key(text);
  for (std::string_view suffix : {"机构", "类"}) {
    if (key.size() > suffix.size() && key.ends_with(suffix)) {
      key.resize(key.size() - suffix.size());
    }
  }
  auto it = kNames.find(key);
  if (it == kNames.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> parse_platform_level(std::string_view text) {
  if (text == "国家级" || text == "国家" || text == "national") return "national";
  if (text == "省级" || text == "省" || text == "provincial") return "provincial";
  return std::nullopt;
}

}  // namespace atlas::domain
