// The dashboard (web/): its page and its files, and the province boundaries its map draws —
// public like the overview, since the page holds no data: everything it shows comes through the
// API's routes, each with its own policy. The files are the ones read when the server started
// (web_assets.h); a path names one of them or is 404.
#include "server/api_error.h"
#include "server/route_groups.h"
#include "server/web_assets.h"

namespace atlas::server {
namespace {

using Json = nlohmann::ordered_json;
using auth::Action;

ApiError no_such_file() {
  return {404, "not-found", "没有这个文件", "no such file of the dashboard"};
}

// The file, gzipped when it was worth it and the client takes gzip.
Reply file_reply(const Call& call, const WebFile& file, const char* cache_control) {
  Reply reply;
  const bool gzipped =
      !file.gzipped.empty() &&
      call.http.get_header_value("Accept-Encoding").find("gzip") != std::string::npos;
  reply.download = gzipped ? file.gzipped : file.bytes;
  reply.download_type = file.type;
  if (gzipped) reply.headers.emplace_back("Content-Encoding", "gzip");
  if (!file.gzipped.empty()) reply.headers.emplace_back("Vary", "Accept-Encoding");
  reply.headers.emplace_back("Cache-Control", cache_control);
  reply.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return reply;
}

Reply page(Call& call) {
  auto assets = web_assets();
  const WebFile* index = assets ? assets->find("/index.html") : nullptr;
  if (!index) {
    throw ApiError(404, "no-dashboard", "未安装网页界面（scripts/build-web）",
                   "the dashboard is not installed: build it with scripts/build-web, or give "
                   "serve --web DIR");
  }
  Reply reply = file_reply(call, *index, "no-cache");
  // Everything the page loads comes from this server: no CDN, no inline script.
  reply.headers.emplace_back("Content-Security-Policy",
                             "default-src 'self'; img-src 'self' data: blob:; "
                             "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
  return reply;
}

Reply asset(Call& call) {
  auto assets = web_assets();
  const WebFile* file = assets ? assets->find("/assets/" + call.params.at("file")) : nullptr;
  if (!file) throw no_such_file();
  // Vite names every built file by its content's hash: a name never changes its bytes.
  return file_reply(call, *file, "public, max-age=31536000, immutable");
}

Reply province_map(Call& call) {
  auto assets = web_assets();
  if (!assets || assets->map.bytes.empty()) {
    throw ApiError(404, "no-map", "没有底图（serve --map FILE）",
                   "no province boundaries: build the dashboard or give serve --map FILE");
  }
  return file_reply(call, assets->map, "no-cache");
}

}  // namespace

void add_web_routes(RouteTable& t) {
  const Json file = {{"type", "string"}};
  t.add({"GET",
         "/",
         Action::kReadPublicOverview,
         programme_wide(),
         {"The dashboard's page (web/): a single-page app over this API",
          "web",
          "",
          file,
          nullptr,
          {},
          200,
          {},
          {"text/html"}},
         page});
  t.add({"GET",
         "/assets/{file}",
         Action::kReadPublicOverview,
         programme_wide(),
         {"A file of the dashboard (script, style, font), named by its content's hash",
          "web",
          "",
          file,
          nullptr,
          {},
          200,
          {},
          {"application/javascript", "text/css"}},
         asset});
  t.add({"GET",
         "/api/v1/map",
         Action::kReadPublicOverview,
         programme_wide(),
         {"The province boundaries the overview map draws (GeoJSON): the bundled file, or the "
          "approved base map given to serve --map; its credit is the overview's map_credit",
          "web",
          "",
          file,
          nullptr,
          {},
          200,
          {},
          {"application/geo+json"}},
         province_map});
}

}  // namespace atlas::server
