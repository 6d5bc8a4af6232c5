#include "server/web_assets.h"

#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include <zlib.h>

#include "atlas/core/error.h"

namespace atlas::server {
namespace {

namespace fs = std::filesystem;

// Where the bundled boundaries come from (web/scripts/copy-map.mjs copies the file at build).
constexpr const char* kBundledMapCredit =
    "底图：Apache ECharts 4.9.0 map/json/china.json（Apache-2.0），非标准地图 / "
    "Base map: Apache ECharts 4.9.0 map/json/china.json (Apache-2.0), not an approved map";

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::mutex assets_mutex;
std::shared_ptr<const WebAssets> current_assets;

}  // namespace

std::string web_content_type(const std::string& path) {
  static const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"},
      {".js", "application/javascript; charset=utf-8"},
      {".mjs", "application/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"}};
  auto found = types.find(fs::path(path).extension().string());
  return found == types.end() ? "application/octet-stream" : found->second;
}

WebAssets WebAssets::load(const std::string& dir, const std::string& map_file,
                          const std::string& map_credit) {
  WebAssets assets;
  std::error_code ec;
  if (!dir.empty() && fs::is_directory(dir, ec)) {
    for (const auto& entry : fs::recursive_directory_iterator(dir, ec)) {
      if (!entry.is_regular_file()) continue;
      std::string path = "/" + fs::relative(entry.path(), dir).generic_string();
      WebFile file{read_all(entry.path()), web_content_type(path), {}};
      // httplib compresses text/* itself (small here: the page, its style); scripts are ours.
      if (file.bytes.size() > 1024 && file.type.rfind("text/", 0) != 0) {
        file.gzipped = gzip(file.bytes);
        if (file.gzipped.size() >= file.bytes.size()) file.gzipped.clear();
      }
      assets.files[path] = std::move(file);
    }
  }
  if (!map_file.empty()) {
    if (!fs::is_regular_file(map_file, ec)) {
      throw Error(ErrorKind::kUsage, "--map: no file at " + map_file);
    }
    std::string bytes = read_all(map_file);
    auto parsed = nlohmann::json::parse(bytes, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object() ||
        parsed.value("type", "") != "FeatureCollection") {
      throw Error(ErrorKind::kUsage,
                  "--map: " + map_file + " is not a GeoJSON FeatureCollection of provinces");
    }
    assets.map = {std::move(bytes), "application/geo+json", {}};
    assets.map.gzipped = gzip(assets.map.bytes);
    assets.map_credit = map_credit.empty()
                            ? "底图 / Base map: " + fs::path(map_file).filename().string()
                            : map_credit;
  } else if (auto bundled = assets.files.find("/map/china.json"); bundled != assets.files.end()) {
    assets.map = {bundled->second.bytes, "application/geo+json", bundled->second.gzipped};
    assets.map_credit = map_credit.empty() ? kBundledMapCredit : map_credit;
  }
  return assets;
}

std::string gzip(const std::string& bytes) {
  z_stream z{};
  // 15 + 16: a gzip header and trailer around the deflate stream.
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
    return {};
  }
  std::string out(deflateBound(&z, bytes.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const bool done = deflate(&z, Z_FINISH) == Z_STREAM_END;
  out.resize(z.total_out);
  deflateEnd(&z);
  return done ? out : std::string();
}

const WebFile* WebAssets::find(const std::string& path) const {
  auto found = files.find(path);
  return found == files.end() ? nullptr : &found->second;
}

void set_web_assets(std::shared_ptr<const WebAssets> assets) {
  std::lock_guard lock(assets_mutex);
  current_assets = std::move(assets);
}

std::shared_ptr<const WebAssets> web_assets() {
  std::lock_guard lock(assets_mutex);
  return current_assets;
}

}  // namespace atlas::server
