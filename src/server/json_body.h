// Reading a request's JSON body: the content type must be application/json (charset utf-8 or
// none), the text must parse and be an object. Each problem is one ApiError: 415
// (unsupported-media-type), 400 (malformed-json, body-not-object). Pure, for the fuzz harness.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "server/api_error.h"

namespace atlas::server {

nlohmann::json parse_json_body(std::string_view content_type, std::string_view body);

// A field of an object body: the string at `key`; throws ApiError 422 (invalid-input) naming the
// field when it is missing (and `required`) or not a string.
std::string string_field(const nlohmann::json& body, const std::string& key, bool required);
// An integer field; nullopt when absent and not required.
std::optional<long long> integer_field(const nlohmann::json& body, const std::string& key,
                                       bool required);
// A number field; nullopt when absent or null.
std::optional<double> number_field(const nlohmann::json& body, const std::string& key);

// The 422 (invalid-input) naming a field of the body and what is wrong with it, in both languages.
ApiError field_error(const std::string& key, const std::string& zh, const std::string& en);

}  // namespace atlas::server
