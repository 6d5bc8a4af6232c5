#include "atlas/domain/industry.h"

namespace atlas::domain {

std::string division_of(const std::string& code) {
  if (code.size() >= 2 && code[0] >= '0' && code[0] <= '9') return code.substr(0, 2);
  return code;
}

}  // namespace atlas::domain
