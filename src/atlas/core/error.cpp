#include "atlas/core/error.h"

namespace atlas {

std::string Error::describe() const {
  std::string out;
  auto add = [&out](const std::string& part) {
    if (part.empty()) return;
    if (!out.empty()) out += ", ";
    out += part;
  };
  add(where_.file);
  if (where_.row > 0) add("row " + std::to_string(where_.row));
  if (!where_.column.empty()) add("column " + where_.column);
  if (!where_.field.empty()) add("field " + where_.field);
  return out.empty() ? what() : out + ": " + what();
}

int exit_code(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUsage: return 1;
    case ErrorKind::kBadInput: return 2;
    case ErrorKind::kNotFound: return 2;
    case ErrorKind::kRule: return 3;
    case ErrorKind::kStore: return 4;
    case ErrorKind::kInternal: return 70;
  }
  return 70;
}

}  // namespace atlas
