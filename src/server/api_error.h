// The API's one error shape: {"error": {"code", "message": {"zh", "en"}, "file"/"row"/"column"/
// "field" when known}}. A handler throws atlas::Error as the CLI's verbs do (its kind gives the
// HTTP status, as it gives the CLI's exit code) or ApiError for what only HTTP has (401, 403,
// 405, 413, 415, 429 …). The codes are stable: clients branch on them, people read the message.
#pragma once
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "atlas/core/error.h"

namespace atlas::server {

class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string code, std::string zh, const std::string& en, Where where = {})
      : std::runtime_error(en),
        status_(status),
        code_(std::move(code)),
        zh_(std::move(zh)),
        where_(std::move(where)) {}

  int status() const { return status_; }
  const std::string& code() const { return code_; }
  const std::string& zh() const { return zh_; }
  const Where& where() const { return where_; }

 private:
  int status_;
  std::string code_, zh_;
  Where where_;
};

// The HTTP status and code of an error of the core, the store or a use case: usage 400
// (bad-request), bad input 422 (invalid-input), not found 404, programme rule 409
// (rule-violated), store 503 (store-unavailable), a bug 500 (internal). The English message is
// the CLI's; the Chinese one names the kind of problem before it.
ApiError from_error(const Error& e);

// The body of `e`.
nlohmann::ordered_json error_body(const ApiError& e);

// The error httplib reports by status alone (its own 400, 404, 413, 414 …), when no handler
// wrote a body.
ApiError from_status(int status);

}  // namespace atlas::server
