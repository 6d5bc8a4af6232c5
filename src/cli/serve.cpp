// `clusteratlas serve`: the HTTP API over the same database (src/server/, docs/api.md).
#include <filesystem>
#include <iostream>

#include "atlas/core/error.h"
#include "context.h"
#include "server/openapi.h"
#include "server/routes.h"
#include "server/server.h"

namespace atlas::cli {

void add_serve_commands(CLI::App& app, Context& ctx) {
  struct Flags {
    std::string listen = "127.0.0.1:8080";
    // A browser keeps up to 6 connections open, each holding a worker while it idles: enough
    // for a few people at once on the dashboard.
    int threads = 16;
    std::string access_log;
    bool list_routes = false;
    int max_upload_mib = 256;
    std::string web;
    std::string map;
    std::string map_credit;
  };
  static Flags flags;
  auto* cmd = app.add_subcommand("serve", "Serve the HTTP API (docs/api.md) over the database");
  cmd->add_option("--listen", flags.listen,
                  "ADDRESS:PORT to listen on; port 0 picks a free one (printed on stderr). A "
                  "non-loopback address must be written out, and makes cookies Secure")
      ->capture_default_str();
  cmd->add_option("--threads", flags.threads, "Worker threads, each with its own connection")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--access-log", flags.access_log,
                  "Append the access log (JSON lines) to this file instead of stderr");
  cmd->add_option("--max-upload-mib", flags.max_upload_mib,
                  "Largest uploaded file (an import's CSV or XLSX) in MiB; JSON bodies stay "
                  "at 1 MiB")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  cmd->add_option("--web", flags.web,
                  "The dashboard's built files (default: the web/ folder beside the binary, "
                  "made by scripts/build-web); the API runs without them");
  cmd->add_option("--map", flags.map,
                  "Province boundaries (a GeoJSON FeatureCollection) for the overview map "
                  "instead of the bundled ones: official use in China needs an approved base "
                  "map (标准地图, with its 审图号)");
  cmd->add_option("--map-credit", flags.map_credit,
                  "The source the page credits under the map, e.g. its 审图号 (default: the "
                  "file's name, or the bundled map's source)");
  cmd->add_flag("--list-routes", flags.list_routes,
                "Print every route (method, path, action, resource; tab-separated) and exit");
  cmd->footer(
      "Stops on SIGTERM or SIGINT after the requests in flight; exit 0. Create accounts first\n"
      "with `clusteratlas user add`. The dashboard is at http://ADDRESS:PORT/ (docs/web.md).\n"
      "Examples:\n"
      "  clusteratlas --db office.db serve                      # http://127.0.0.1:8080/\n"
      "  clusteratlas --db office.db serve --listen 127.0.0.1:0 --threads 8\n"
      "  clusteratlas --db office.db serve --listen 0.0.0.0:8080 --access-log access.jsonl\n"
      "  clusteratlas --db office.db serve --map 标准地图.json --map-credit '审图号 GS(2024)0650'\n"
      "  clusteratlas serve --list-routes");
  cmd->callback([&ctx] {
    if (flags.list_routes) {
      std::cout << server::route_list(server::api_routes());
      return;
    }
    server::ServeOptions options;
    options.listen = server::parse_listen(flags.listen);
    options.db_path = ctx.db_path();
    options.threads = flags.threads;
    options.access_log = flags.access_log;
    options.upload_limit = static_cast<std::size_t>(flags.max_upload_mib) << 20;
    options.web_dir = flags.web.empty() ? beside_binary("web") : flags.web;
    options.map_file = flags.map;
    options.map_credit = flags.map_credit;
    server::serve(options);
  });
}

}  // namespace atlas::cli
