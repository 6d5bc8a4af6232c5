#include "atlas/domain/enterprise.h"

namespace atlas::domain {

std::string_view role_key(Role r) {
  switch (r) {
    case Role::kLeader: return "leader";
    case Role::kBackbone: return "backbone";
    case Role::kOther: return "other";
  }
  return "other";
}

std::optional<Role> parse_role(std::string_view s) {
  if (s == "leader" || s == "龙头") return Role::kLeader;
  if (s == "backbone" || s == "骨干") return Role::kBackbone;
  if (s == "other" || s == "其他") return Role::kOther;
  return std::nullopt;
}

}  // namespace atlas::domain
