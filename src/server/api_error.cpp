#include "server/api_error.h"

namespace atlas::server {

ApiError from_error(const Error& e) {
  switch (e.kind()) {
    case ErrorKind::kUsage:
      return {400, "bad-request", std::string("请求有误：") + e.what(), e.what(), e.where()};
    case ErrorKind::kBadInput:
      return {422, "invalid-input", std::string("输入无效：") + e.what(), e.what(), e.where()};
    case ErrorKind::kNotFound:
      return {404, "not-found", std::string("未找到：") + e.what(), e.what(), e.where()};
    case ErrorKind::kRule:
      return {409, "rule-violated", std::string("不符合项目规则：") + e.what(), e.what(),
              e.where()};
    case ErrorKind::kStore:
      return {503, "store-unavailable", std::string("数据库不可用：") + e.what(), e.what(),
              e.where()};
    case ErrorKind::kInternal: break;
  }
  return {500, "internal", std::string("服务器内部错误：") + e.what(), e.what(), e.where()};
}

nlohmann::ordered_json error_body(const ApiError& e) {
  nlohmann::ordered_json inner;
  inner["code"] = e.code();
  inner["message"] = {{"zh", e.zh()}, {"en", e.what()}};
  const Where& w = e.where();
  if (!w.file.empty()) inner["file"] = w.file;
  if (w.row != 0) inner["row"] = w.row;
  if (!w.column.empty()) inner["column"] = w.column;
  if (!w.field.empty()) inner["field"] = w.field;
  return {{"error", inner}};
}

ApiError from_status(int status) {
  switch (status) {
    case 400: return {400, "bad-request", "请求格式有误", "malformed HTTP request"};
    case 404: return {404, "no-such-route", "没有这个地址", "no such route"};
    case 413:
      return {413, "body-too-large", "请求体过大（上限见 API 文档）",
              "request body too large (see the limits in docs/api.md)"};
    case 414: return {414, "uri-too-long", "请求地址过长", "request URI too long"};
    case 416: return {416, "bad-range", "请求范围无效", "range not satisfiable"};
    default: break;
  }
  if (status >= 500) return {status, "internal", "服务器内部错误", "internal server error"};
  return {status, "bad-request", "请求有误", "bad request"};
}

}  // namespace atlas::server
