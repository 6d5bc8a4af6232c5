#include "discover_points.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <unordered_map>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "atlas/ingest/columns.h"
#include "atlas/ingest/file_rows.h"

namespace atlas::cli {
namespace {

enum Field { kId, kLat, kLon, kWeight, kKind, kIndustry, kTech, kYear, kFields };

const char* const kFieldNames[kFields] = {"id",   "lat",      "lon",  "weight",
                                          "kind", "industry", "tech", "year"};

int field_of(const std::string& header, bool geographic) {
  const std::string k = ingest::header_key(header);
  auto is = [&](std::initializer_list<const char*> names) {
    return std::any_of(names.begin(), names.end(),
                       [&](const char* n) { return k == ingest::header_key(n); });
  };
  if (is({"id", "编号", "标识"})) return kId;
  if (geographic ? is({"lat", "latitude", "纬度"}) : is({"x"})) return kLat;
  if (geographic ? is({"lon", "lng", "long", "longitude", "经度"}) : is({"y"})) return kLon;
  if (is({"weight", "w", "权重"})) return kWeight;
  if (is({"kind", "type", "类型", "类别"})) return kKind;
  if (is({"industry", "行业"})) return kIndustry;
  if (is({"tech", "technology", "ipc", "技术领域"})) return kTech;
  if (is({"year", "年份"})) return kYear;
  return -1;
}

// The three kinds WIPO counts, whatever language the file uses.
std::string kind_name(std::string_view cell) {
  const std::string k = ingest::header_key(cell);
  if (k == "patent" || k == "patents" || k == "专利") return "patent";
  if (k == "publication" || k == "publications" || k == "paper" || k == "article" || k == "论文" ||
      k == "文献") {
    return "publication";
  }
  if (k == "firm" || k == "firms" || k == "enterprise" || k == "company" || k == "企业") {
    return "firm";
  }
  return std::string(cell);
}

class Interner {
 public:
  explicit Interner(Category& c) : c_(c) {}
  std::int32_t code(const std::string& name) {
    auto [it, fresh] = index_.try_emplace(name, static_cast<std::int32_t>(c_.names.size()));
    if (fresh) c_.names.push_back(name);
    return it->second;
  }

 private:
  Category& c_;
  std::unordered_map<std::string, std::int32_t> index_;
};

}  // namespace

PointSet read_points(const std::string& path, bool geographic) {
  ingest::FileRows file(path, "", std::nullopt);
  auto& rows = file.rows();
  PointSet out;
  out.source = rows.source();
  out.geographic = geographic;
  std::vector<std::string> cells;
  if (!rows.next(cells))
    throw Error(ErrorKind::kBadInput, "the file is empty", {out.source, 1, "", ""});

  int column[kFields];
  std::fill(std::begin(column), std::end(column), -1);
  std::string header[kFields];
  for (int c = 0; c < static_cast<int>(cells.size()); ++c) {
    const std::string h = text::trim(cells[c]);
    const int f = h.empty() ? -1 : field_of(h, geographic);
    if (f < 0) continue;
    if (column[f] >= 0) {
      throw Error(ErrorKind::kBadInput,
                  fmt::format("two columns mean {}: '{}' and '{}'", kFieldNames[f], header[f], h),
                  {out.source, rows.line(), h, ""});
    }
    column[f] = c;
    header[f] = h;
  }
  const char* a_name = geographic ? "lat" : "x";
  const char* b_name = geographic ? "lon" : "y";
  for (int f : {kId, kLat, kLon}) {
    if (column[f] >= 0) continue;
    throw Error(ErrorKind::kBadInput,
                fmt::format("no {} column: the points file needs columns id, {}, {} (optional: "
                            "weight, kind, industry, tech, year)",
                            f == kId ? "id" : (f == kLat ? a_name : b_name), a_name, b_name),
                {out.source, rows.line(), "", ""});
  }
  Interner kinds(out.kind), industries(out.industry), techs(out.tech);

  while (rows.next(cells)) {
    if (std::all_of(cells.begin(), cells.end(),
                    [](const auto& c) { return text::trim_view(c).empty(); })) {
      continue;  // a blank line, e.g. at the end of a sheet
    }
    const std::int64_t line = rows.line();
    auto cell = [&](int f) -> std::string_view {
      const int c = column[f];
      return c < static_cast<int>(cells.size()) ? text::trim_view(cells[c]) : std::string_view();
    };
    auto fail = [&](int f, const std::string& message) {
      return Error(ErrorKind::kBadInput, message, {out.source, line, header[f], ""});
    };
    auto number = [&](int f, const char* name) {
      const auto v = cell(f);
      if (ingest::is_missing_text(v)) throw fail(f, fmt::format("{} is missing", name));
      const auto x = ingest::parse_plain_number(v);
      if (!x) throw fail(f, fmt::format("{} '{}' is not a number", name, v));
      return *x;
    };

    const auto id = cell(kId);
    if (ingest::is_missing_text(id)) throw fail(kId, "id is missing");
    const double a = number(kLat, a_name), b = number(kLon, b_name);
    if (geographic && std::abs(a) > 90) {
      throw fail(kLat, fmt::format("latitude {} is outside −90…90", a));
    }
    if (geographic && std::abs(b) > 180) {
      throw fail(kLon, fmt::format("longitude {} is outside −180…180", b));
    }
    out.id_text.append(id);
    out.id_end.push_back(out.id_text.size());
    out.a.push_back(a);
    out.b.push_back(b);
    out.row.push_back(line);
    if (column[kWeight] >= 0) {
      const double w = number(kWeight, "weight");
      if (w < 0) throw fail(kWeight, fmt::format("weight {} is negative", w));
      out.weight.push_back(w);
    }
    auto category = [&](int f, Category& c, Interner& in, bool is_kind) {
      if (column[f] < 0) return;
      const auto v = cell(f);
      c.code.push_back(
          ingest::is_missing_text(v) ? -1 : in.code(is_kind ? kind_name(v) : std::string(v)));
    };
    category(kKind, out.kind, kinds, true);
    category(kIndustry, out.industry, industries, false);
    category(kTech, out.tech, techs, false);
    if (column[kYear] >= 0) {
      const auto v = cell(kYear);
      int y = 0;
      if (!ingest::is_missing_text(v)) {
        auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), y);
        if (ec != std::errc() || end != v.data() + v.size() || y < 1000 || y > 9999) {
          throw fail(kYear, fmt::format("year '{}' is not a four-digit year", v));
        }
      }
      out.year.push_back(y);
    }
  }
  return out;
}

}  // namespace atlas::cli
