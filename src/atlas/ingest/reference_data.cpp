#include "atlas/ingest/reference_data.h"

#include <charconv>
#include <cmath>
#include <functional>
#include <sstream>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/resources.h"
#include "atlas/ingest/csv.h"

namespace atlas::ingest {
namespace {

// One row of a bundled CSV, with its fields looked up by header name.
class Row {
 public:
  Row(const CsvHeader& header, const std::vector<std::string>& fields, const CsvReader& reader)
      : header_(header), fields_(fields), reader_(reader) {}

  const std::string& operator[](const std::string& column) const {
    int i = header_.require(column, reader_.source());
    if (static_cast<std::size_t>(i) >= fields_.size()) fail(column, "the field is missing");
    return fields_[i];
  }

  std::optional<double> number(const std::string& column) const {
    const std::string& s = (*this)[column];
    if (s.empty()) return std::nullopt;
    double v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size())
      fail(column, "'" + s + "' is not a number");
    return v;
  }

  [[noreturn]] void fail(const std::string& column, const std::string& what) const {
    throw Error(ErrorKind::kInternal, "bundled reference data: " + what,
                {reader_.source(), reader_.line(), column, ""});
  }

 private:
  const CsvHeader& header_;
  const std::vector<std::string>& fields_;
  const CsvReader& reader_;
};

void read_bundled(const std::string& name, const std::function<void(const Row&)>& on_row) {
  auto bytes = find_resource(name);
  if (!bytes) throw Error(ErrorKind::kInternal, "bundled file missing from the binary: " + name);
  std::istringstream in{std::string(*bytes)};
  CsvReader reader(in, name);
  std::vector<std::string> fields;
  if (!reader.next(fields)) return;
  CsvHeader header(fields);
  while (reader.next(fields)) {
    if (fields.size() == 1 && fields[0].empty()) continue;  // blank line
    on_row(Row(header, fields, reader));
  }
}

}  // namespace

domain::ReferenceData bundled_reference_data() {
  domain::ReferenceData data;
  read_bundled("data/provinces.csv", [&](const Row& r) {
    auto region = domain::parse_region(r["region"]);
    if (!region) r.fail("region", "unknown region '" + r["region"] + "'");
    data.provinces.push_back({r["code"], r["name_zh"], r["short_zh"], r["name_en"], *region});
  });
  read_bundled("data/industries.csv", [&](const Row& r) {
    data.industries.push_back(
        {r["code"], r["level"], r["parent"], r["name_zh"], r["name_en"], r["sei"]});
  });
  read_bundled("data/zones.csv", [&](const Row& r) {
    data.zones.push_back({0, r["name"], r["level"], r["province_code"], r["city"], r.number("lat"),
                          r.number("lon")});
  });
  read_bundled("data/clusters-2013.csv", [&](const Row& r) {
    auto status = domain::parse_status(r["status"]);
    if (!status) r.fail("status", "unknown status '" + r["status"] + "'");
    domain::StatusChange admission{*status, r["date"], r["doc_no"], "首批创新型产业集群试点",
                                   "",      ""};
    data.clusters.push_back(
        {r["name"], r["zone"], r["industry_code"], r["province_code"], admission});
  });
  return data;
}

std::vector<domain::City> bundled_cities() {
  std::vector<domain::City> cities;
  read_bundled("data/cities.csv", [&](const Row& r) {
    const auto lat = r.number("lat"), lon = r.number("lon");
    if (r["name_zh"].empty()) r.fail("name_zh", "a city has no name");
    if (!lat || !lon || !(std::abs(*lat) <= 90) || !(std::abs(*lon) <= 180)) {
      r.fail("lat", "the seat is not a point on the Earth");
    }
    cities.push_back({r["name_zh"], r["name_en"], r["province_code"], *lat, *lon});
  });
  return cities;
}

}  // namespace atlas::ingest
