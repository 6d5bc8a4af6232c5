#include "atlas/app/reference.h"

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/domain/region.h"

namespace atlas::app {

report::Table province_list(const Database& db, const ProvinceListRequest& request) {
  std::optional<domain::Region> region;
  if (!request.region.empty()) {
    region = domain::parse_region(request.region);
    if (!region) {
      throw Error(ErrorKind::kUsage,
                  fmt::format("unknown region '{}': use east, central, west, northeast or none",
                              request.region),
                  {"", 0, "", "region"});
    }
  }
  report::Table t;
  t.columns = {{"code", "代码"},
               {"name_zh", "名称"},
               {"short_zh", "简称"},
               {"name_en", "Name"},
               {"region", "区域"}};
  for (const auto& p : db.store().provinces()) {
    if (region && p.region != *region) continue;
    t.add_row(
        {p.code, p.name_zh, p.short_zh, p.name_en,
         fmt::format("{} {}", domain::region_name_zh(p.region), domain::region_key(p.region))});
  }
  return t;
}

report::Table industry_table(const std::vector<domain::Industry>& industries) {
  report::Table t;
  t.columns = {{"code", "代码"},    {"level", "层级"},   {"parent", "上级"},
               {"name_zh", "名称"}, {"name_en", "Name"}, {"sei", "战略性新兴产业"},
               {"source", "来源"}};
  for (const auto& i : industries) {
    t.add_row({i.code, i.level, i.parent, i.name_zh, i.name_en, i.sei, i.source});
  }
  return t;
}

report::Table industry_list(const Database& db, const IndustryListRequest& request) {
  const auto& l = request.level;
  if (!l.empty() && l != "section" && l != "division" && l != "group" && l != "class") {
    throw Error(ErrorKind::kUsage,
                fmt::format("unknown level '{}': use section, division, group or class", l),
                {"", 0, "", "level"});
  }
  std::vector<domain::Industry> out;
  for (auto& i : db.store().industries()) {
    if (!l.empty() && i.level != l) continue;
    if (!request.parent.empty() && i.parent != request.parent) continue;
    if (request.sei_only && i.sei.empty()) continue;
    out.push_back(std::move(i));
  }
  return industry_table(out);
}

}  // namespace atlas::app
