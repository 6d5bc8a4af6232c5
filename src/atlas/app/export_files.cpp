#include "atlas/app/export_files.h"

#include <algorithm>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "atlas/core/error.h"
#include "atlas/core/suggest.h"
#include "atlas/report/xlsx.h"

namespace atlas::app {
namespace {

// Checks the kind and format, and finds the year, before anything is written.
ExportFile begin(const Database& db, const ExportRequest& r) {
  const auto& kinds = export_kinds();
  if (std::find(kinds.begin(), kinds.end(), r.what) == kinds.end()) {
    throw Error(ErrorKind::kUsage,
                fmt::format("no export '{}'{}; the kinds: {}", r.what,
                            text::did_you_mean(r.what, kinds), fmt::join(kinds, ", ")),
                {"", 0, "", "kind"});
  }
  const auto& formats = export_formats();
  if (std::find(formats.begin(), formats.end(), r.format) == formats.end()) {
    throw Error(ErrorKind::kUsage,
                fmt::format("no export format '{}': use {}", r.format, fmt::join(formats, ", ")),
                {"", 0, "", "format"});
  }
  ExportFile f;
  // Platform lists carry no year: a database with only platforms can still export them.
  bool yearly = r.what != "platforms";
  f.year = yearly ? db.year_with_data(r.year) : 0;
  f.title = yearly ? fmt::format("{} {}", r.what, f.year) : r.what;
  f.notice = db.synthetic_notice();
  return f;
}

}  // namespace

const std::vector<std::string>& export_formats() {
  static const std::vector<std::string> formats = {"csv", "json", "xlsx"};
  return formats;
}

ExportFile write_export(const Database& db, const ExportRequest& request, std::ostream& out) {
  ExportFile f = begin(db, request);
  if (request.format == "xlsx") {
    throw Error(ErrorKind::kUsage, "an XLSX export is written to a file (--out FILE.xlsx)");
  }
  auto format = report::parse_format(request.format);
  std::optional<report::RowWriter> w;
  f.rows = each_export_row(
      db, request.what, f.year,
      [&](const std::vector<report::Column>& columns) {
        w.emplace(out, columns, format, request.bom);
      },
      [&](const std::vector<report::Cell>& cells) { w->row(cells); }, request.scope);
  std::vector<std::string> notes;
  if (f.notice && format == report::Format::kJson) notes.push_back(*f.notice);
  w->finish(notes);
  return f;
}

ExportFile write_export_xlsx(const Database& db, const ExportRequest& request,
                             const std::string& path) {
  ExportFile f = begin(db, request);
  report::XlsxWriter w(path);
  f.rows = each_export_row(
      db, request.what, f.year,
      [&](const std::vector<report::Column>& columns) { w.sheet(f.title, columns); },
      [&](const std::vector<report::Cell>& cells) { w.row(cells); }, request.scope);
  w.notes({});
  if (f.notice) {  // on a sheet of its own: below the data, `import` would read it as a row
    w.sheet("说明", {{"note", "说明"}});
    w.row({*f.notice});
    w.notes({});
  }
  w.close();
  return f;
}

}  // namespace atlas::app
