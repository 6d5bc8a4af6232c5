// The dashboard's files (web/, built by scripts/build-web into build/web) as the server sends
// them: read once when the server starts, kept in memory, found by their path. A request's path
// is only ever looked up among the files read — never joined to a directory — so no request can
// reach a file outside the dashboard. Also the province boundaries the overview map draws: the
// bundled file, or one the user supplies (an approved base map, 标准地图 with its 审图号).
#pragma once
#include <map>
#include <memory>
#include <string>

namespace atlas::server {

struct WebFile {
  std::string bytes;
  std::string type;  // the Content-Type
  // The bytes gzipped once at load, for a client that accepts gzip; empty when not worth it.
  // Made only for types httplib does not compress itself (see web_content_type()): it would
  // compress every answer again, with Brotli at its slowest quality for a browser — 5 s for
  // the dashboard's script on this machine.
  std::string gzipped;
};

struct WebAssets {
  std::map<std::string, WebFile> files;  // "/index.html", "/assets/index-3f2a.js", …
  WebFile map;                           // the province boundaries (GeoJSON); empty: none
  std::string map_credit;                // the source the page credits under the map

  // The files under `dir` (none when it does not exist: the API still runs without its pages),
  // the map from `map_file` when given, else `dir`/map/china.json with its bundled credit.
  // Throws kUsage when `map_file` cannot be read or is not a GeoJSON FeatureCollection.
  static WebAssets load(const std::string& dir, const std::string& map_file,
                        const std::string& map_credit);

  const WebFile* find(const std::string& path) const;
};

// The content type of a file by its extension; application/octet-stream when unknown. Scripts
// are application/javascript with a charset, a type httplib leaves as it is.
std::string web_content_type(const std::string& path);

// `bytes` in gzip's format at its best compression.
std::string gzip(const std::string& bytes);

// The server's assets, set while it serves (as the job runner is, jobs.h); outside a server the
// routes find none and answer 404.
void set_web_assets(std::shared_ptr<const WebAssets> assets);
std::shared_ptr<const WebAssets> web_assets();

}  // namespace atlas::server
