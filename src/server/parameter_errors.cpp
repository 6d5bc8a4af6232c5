#include "server/parameter_errors.h"

namespace atlas::server {

void invalid_input(const std::string& field, const std::string& problem) {
  throw ApiError(422, "invalid-input", "字段 " + field + " 无效：" + problem,
                 field + ": " + problem, {"", 0, "", field});
}

bool flag_query(const Call& call, const std::string& name) {
  std::string text = call.query(name);
  if (!text.empty() && text != "true" && text != "false") {
    invalid_input(name, "must be true or false, not '" + text + "'");
  }
  return text == "true";
}

}  // namespace atlas::server
