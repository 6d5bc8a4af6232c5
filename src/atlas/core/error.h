// The one error family of ClusterAtlas. The core throws atlas::Error; shells catch it at the
// boundary, print one line a person can act on, and exit with the code of its kind.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

namespace atlas {

enum class ErrorKind {
  kUsage,     // the command line itself is wrong
  kBadInput,  // a file, a value or a code given by the user is invalid
  kNotFound,  // a named province, zone, industry, cluster or enterprise does not exist
  kRule,      // a programme rule forbids the change (一区一主导产业, lifecycle, duplicates)
  kStore,     // the database cannot be opened, read or written
  kInternal,  // a bug: should never reach a user
};

// Where a problem was found; every part is optional and empty when unknown.
struct Where {
  std::string file;
  std::int64_t row = 0;  // 1-based; 0 = unknown
  std::string column;
  std::string field;
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message, Where where = {})
      : std::runtime_error(message), kind_(kind), where_(std::move(where)) {}

  ErrorKind kind() const { return kind_; }
  const Where& where() const { return where_; }
  // "file, row 3, column 营业收入: message" — the one line a shell prints.
  std::string describe() const;

 private:
  ErrorKind kind_;
  Where where_;
};

// Documented process exit codes (docs/cli.md).
int exit_code(ErrorKind kind);

}  // namespace atlas
