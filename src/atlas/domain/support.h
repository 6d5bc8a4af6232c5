// The innovation support around a cluster, as the Torch survey forms record it: R&D platforms,
// service institutions (JQ03, four categories) and alliances (JQ04).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace atlas::domain {

struct Platform {
  std::int64_t cluster_id = 0;
  std::string name;
  std::string level;  // national | provincial
  std::string kind;   // 重点实验室, 工程技术研究中心, 企业技术中心, …
  std::optional<int> year_established;
};

// JQ03 categories: 1 innovation services, 2 R&D, 3 financial, 4 other.
enum class InstitutionCategory { kInnovationServices = 1, kRnD = 2, kFinancial = 3, kOther = 4 };

// "1"–"4", or the category's name: 创新服务 / 研发 / 金融 / 其他 (with or without 机构, 类), or
// innovation_services / rnd / financial / other.
std::optional<InstitutionCategory> parse_category(std::string_view text);

// "national" or "provincial" for 国家级 / 省级 (or the English words).
std::optional<std::string> parse_platform_level(std::string_view text);

struct ServiceInstitution {
  std::int64_t cluster_id = 0;
  int year = 0;
  std::string name;
  std::string legal_representative;
  bool national = false;
  InstitutionCategory category = InstitutionCategory::kOther;
  std::string main_services;
};

struct Alliance {
  std::int64_t cluster_id = 0;
  int year = 0;
  std::string name;
  int backbone_members = 0;
  int other_members = 0;
};

}  // namespace atlas::domain
