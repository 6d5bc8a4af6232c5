#include "atlas/discover/cities.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <set>
#include <string>

#include "atlas/core/error.h"
#include "atlas/core/resources.h"
#include "atlas/discover/geo.h"
#include "atlas/ingest/reference_data.h"

namespace atlas::discover {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The definition, by brute force: the lowest index of minimum great-circle distance, if that
// distance is ≤ max_km.
std::int32_t brute_nearest(const std::vector<City>& cities, double max_km, double lat, double lon) {
  std::int32_t best = -1;
  double best_km = kInf;
  for (std::size_t i = 0; i < cities.size(); ++i) {
    const double km = great_circle_km(lat, lon, cities[i].lat, cities[i].lon);
    if (km < best_km) {
      best_km = km;
      best = static_cast<std::int32_t>(i);
    }
  }
  return best >= 0 && best_km <= max_km ? best : -1;
}

City at(double lat, double lon) {
  return {"", "", "", lat, lon};
}

// Cities with the awkward cases in them: a dense cluster (like eastern China), scattered ones
// over the globe, some at and near the poles and on both sides of the antimeridian, exact
// duplicates, and points on integer degrees (cell corners).
std::vector<City> synthetic_cities(std::mt19937_64& rng, int n) {
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<City> c;
  while (static_cast<int>(c.size()) < n) {
    const double kind = u(rng);
    if (kind < 0.4) {
      c.push_back(at(22 + 18 * u(rng), 100 + 22 * u(rng)));
    } else if (kind < 0.6) {
      c.push_back(at(-90 + 180 * u(rng), -180 + 360 * u(rng)));
    } else if (kind < 0.7) {
      const double lat = (u(rng) < 0.5 ? -1 : 1) * (88 + 2 * u(rng));
      c.push_back(at(u(rng) < 0.1 ? std::copysign(90.0, lat) : lat, -180 + 360 * u(rng)));
    } else if (kind < 0.8) {
      const double lon = u(rng) < 0.15 ? 180.0 : 178 + 2 * u(rng);
      c.push_back(at(-80 + 160 * u(rng), u(rng) < 0.5 ? lon : -lon));
    } else if (kind < 0.9) {
      c.push_back(at(std::floor(-89 + 178 * u(rng)), std::floor(-180 + 360 * u(rng))));
    } else if (!c.empty()) {
      c.push_back(c[static_cast<std::size_t>(u(rng) * c.size()) % c.size()]);  // duplicate
    }
  }
  return c;
}

// Query points, the same mix plus points right at or very near cities, on cell edges, and at
// the midpoints of pairs of cities.
std::vector<std::array<double, 2>> queries(std::mt19937_64& rng, const std::vector<City>& c,
                                           int n) {
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<std::array<double, 2>> q;
  auto pick = [&]() -> const City& {
    return c[static_cast<std::size_t>(u(rng) * c.size()) % c.size()];
  };
  auto clamp_lat = [](double a) { return std::clamp(a, -90.0, 90.0); };
  auto wrap_lon = [](double o) { return o > 180 ? o - 360 : o < -180 ? o + 360 : o; };
  while (static_cast<int>(q.size()) < n) {
    const double kind = u(rng);
    if (kind < 0.25) {
      q.push_back({22 + 18 * u(rng), 100 + 22 * u(rng)});
    } else if (kind < 0.4) {
      q.push_back({-90 + 180 * u(rng), -180 + 360 * u(rng)});
    } else if (kind < 0.5) {
      const double lat = (u(rng) < 0.5 ? -1 : 1) * (87 + 3 * u(rng));
      q.push_back({u(rng) < 0.1 ? std::copysign(90.0, lat) : lat, -180 + 360 * u(rng)});
    } else if (kind < 0.6) {
      const double lon = u(rng) < 0.15 ? 180.0 : 178 + 2 * u(rng);
      q.push_back({-85 + 170 * u(rng), u(rng) < 0.5 ? lon : -lon});
    } else if (kind < 0.7) {
      q.push_back({std::floor(-90 + 180 * u(rng)), std::floor(-180 + 360 * u(rng))});
    } else if (kind < 0.8) {
      const City& a = pick();
      q.push_back({a.lat, a.lon});
    } else if (kind < 0.9) {
      const City& a = pick();
      const double s = std::pow(10.0, -6 * u(rng));  // from 1e-6 to 1 degree away
      q.push_back(
          {clamp_lat(a.lat + s * (2 * u(rng) - 1)), wrap_lon(a.lon + s * (2 * u(rng) - 1))});
    } else {
      const City& a = pick();
      const City& b = pick();
      if (std::abs(a.lon - b.lon) < 180) q.push_back({(a.lat + b.lat) / 2, (a.lon + b.lon) / 2});
    }
  }
  return q;
}

void expect_brute_force_answers(const CityIndex& index, const std::vector<City>& cities,
                                double max_km, const std::vector<std::array<double, 2>>& points,
                                std::uint64_t seed) {
  for (const auto& p : points) {
    ASSERT_EQ(index.nearest(p[0], p[1]), brute_nearest(cities, max_km, p[0], p[1]))
        << "seed " << seed << ", max_km " << max_km << ", point (" << p[0] << ", " << p[1] << ")";
  }
}

TEST(CityIndex, AgreesWithBruteForceOnRandomPoints) {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    std::mt19937_64 rng(seed);
    const auto cities = synthetic_cities(rng, seed % 3 == 0 ? 8 : 60 + 12 * static_cast<int>(seed));
    const auto points = queries(rng, cities, 2000);
    for (double max_km : {0.0, 1.0, 40.0, 300.0, 2500.0, 19000.0, kInf}) {
      const CityIndex index(cities, max_km);
      expect_brute_force_answers(index, cities, max_km, points, seed);
    }
  }
}

TEST(CityIndex, CitiesInOneRegionAndQueriesEverywhere) {
  // The cells far from the cities' region are left empty without a chord computed; the answers
  // must not change at any distance.
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<City> cities;
    for (int i = 0; i < 80; ++i) cities.push_back(at(22 + 18 * u(rng), 100 + 22 * u(rng)));
    const auto points = queries(rng, cities, 3000);
    for (double max_km : {0.0, 50.0, 300.0, 2500.0, kInf}) {
      const CityIndex index(cities, max_km);
      expect_brute_force_answers(index, cities, max_km, points, seed);
    }
  }
}

TEST(CityIndex, BuiltForSomePointsAnswersEveryPointTheSame) {
  // Built for the labelled half of the points only: those are answered from the grid, and every
  // other point, asked or not, by the scan — the same answers as the full index.
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    std::mt19937_64 rng(seed);
    const auto cities = synthetic_cities(rng, 60 + 10 * static_cast<int>(seed));
    const auto points = queries(rng, cities, 2000);
    std::vector<double> lat, lon;
    std::vector<std::int32_t> labels;
    for (std::size_t i = 0; i < points.size(); ++i) {
      lat.push_back(points[i][0]);
      lon.push_back(points[i][1]);
      labels.push_back(i % 2 == 0 ? 0 : -1);
    }
    for (double max_km : {0.0, 40.0, 2500.0, kInf}) {
      const CityIndex full(cities, max_km);
      const CityIndex some(cities, max_km, lat, lon, labels);
      EXPECT_LE(some.candidate_entries(), full.candidate_entries());
      if (max_km == kInf) {
        EXPECT_LT(some.candidate_entries(), full.candidate_entries());
      }
      expect_brute_force_answers(some, cities, max_km, points, seed);
    }
  }
  const std::vector<City> one{at(0, 0)};
  const double lat[] = {0, 1}, lon[] = {0, 1};
  EXPECT_THROW(CityIndex(one, 10, lat, std::span<const double>(lon, 1)), Error);
}

TEST(CityIndex, ExactTiesGoToTheLowerIndex) {
  // Mirror images across the equator and across a meridian: haversine gives exactly the same
  // distance to both (sin² of opposite angles, the same cosines), so the brute force sees a tie.
  const std::vector<City> cities = {at(10, 20),  at(-10, 20), at(30, 99),
                                    at(30, 101), at(45, 179), at(45, -179)};
  const CityIndex index(cities, kInf);
  for (double lon : {5.0, 20.0, 23.5, 40.0}) {
    ASSERT_EQ(great_circle_km(0, lon, 10, 20), great_circle_km(0, lon, -10, 20));
    EXPECT_EQ(index.nearest(0, lon), 0) << lon;
  }
  for (double lat : {25.0, 30.0, 31.25, 36.0}) {
    ASSERT_EQ(great_circle_km(lat, 100, 30, 99), great_circle_km(lat, 100, 30, 101));
    EXPECT_EQ(index.nearest(lat, 100), 2) << lat;
  }
  // Across the antimeridian (lat, ±180) is as far from lon 179 as from lon −179 in exact
  // arithmetic, but haversine takes sin(0.5°) on one side and sin(179.5°) on the other, which
  // may differ in the last bit: whichever the brute force sees is the answer.
  for (double lat : {40.0, 45.0, 50.0})
    for (double lon : {180.0, -180.0}) {
      const std::int32_t want = brute_nearest(cities, kInf, lat, lon);
      EXPECT_TRUE(want == 4 || want == 5);
      EXPECT_EQ(index.nearest(lat, lon), want) << lat << ", " << lon;
    }
  // Swapped order: the lower index is now the other city.
  const std::vector<City> swapped = {at(-10, 20), at(10, 20)};
  EXPECT_EQ(CityIndex(swapped, kInf).nearest(0, 20), 0);
  // Duplicates: the first.
  const std::vector<City> dup = {at(1, 1), at(5, 5), at(5, 5), at(5, 5)};
  EXPECT_EQ(CityIndex(dup, 100).nearest(5, 5), 1);
  EXPECT_EQ(CityIndex(dup, 1000).nearest(5.5, 5.5), 1);
}

TEST(CityIndex, MaxDistanceIsInclusiveAndFarPointsGetNone) {
  const std::vector<City> cities = {at(0, 0)};
  const double one_degree = great_circle_km(0, 0, 0, 1);  // ≈ 111.195 km
  EXPECT_EQ(CityIndex(cities, one_degree).nearest(0, 1), 0);
  EXPECT_EQ(CityIndex(cities, std::nextafter(one_degree, 0.0)).nearest(0, 1), -1);
  EXPECT_EQ(CityIndex(cities, 0).nearest(0, 0), 0);
  EXPECT_EQ(CityIndex(cities, 0).nearest(0, 1e-9), -1);
  EXPECT_EQ(CityIndex(cities, 112).nearest(0, 1), 0);
  EXPECT_EQ(CityIndex(cities, 110).nearest(0, 1), -1);
  // The antipode is πR away, within an infinite distance and within 20,100 km but not 20,000.
  EXPECT_EQ(CityIndex(cities, kInf).nearest(0, 180), 0);
  EXPECT_EQ(CityIndex(cities, 20100).nearest(0, -180), 0);
  EXPECT_EQ(CityIndex(cities, 20000).nearest(0, 180), -1);
  // Cities in China only: the Atlantic, Antarctica and the Pacific have none within 500 km.
  const std::vector<City> china = {at(39.9, 116.4), at(31.2, 121.5), at(30.6, 114.3)};
  const CityIndex index(china, 500);
  EXPECT_EQ(index.nearest(0, -30), -1);
  EXPECT_EQ(index.nearest(-90, 0), -1);
  EXPECT_EQ(index.nearest(90, 116.4), -1);
  EXPECT_EQ(index.nearest(20, -160), -1);
  EXPECT_EQ(index.nearest(31.0, 121.0), 1);
  // No cities at all.
  EXPECT_EQ(CityIndex(std::vector<City>{}, kInf).nearest(10, 10), -1);
}

TEST(CityIndex, PolesAndTheAntimeridian) {
  // Cities on both sides of the antimeridian and around the north pole.
  const std::vector<City> cities = {at(60, 179.9), at(60, -179.7), at(89.5, 0),
                                    at(89.5, 120), at(90, 45),     at(-89.9, -90)};
  const CityIndex index(cities, 1000);
  EXPECT_EQ(index.nearest(60, -179.95), 0);  // 0.15° east of city 0, 0.25° west of city 1
  EXPECT_EQ(index.nearest(60, 179.8), 0);
  EXPECT_EQ(index.nearest(60, -179.75), 1);
  EXPECT_EQ(index.nearest(90, -100), 4);   // at the pole, where city 4 is
  EXPECT_EQ(index.nearest(89.9, 120), 4);  // 0.1° from the pole, 0.4° from city 3
  EXPECT_EQ(index.nearest(89.4, 120), 3);
  EXPECT_EQ(index.nearest(89.4, 0), 2);
  EXPECT_EQ(index.nearest(-90, 135), 5);
  EXPECT_EQ(index.nearest(-80, 0), -1);  // about 1,100 km from the south pole city
  // Out-of-range input goes to the full scan: lon 190 is lon −170; NaN has no nearest city.
  EXPECT_EQ(index.nearest(60, 360 + 179.9), brute_nearest(cities, 1000, 60, 360 + 179.9));
  EXPECT_EQ(index.nearest(60, 360 + 179.9), 0);
  EXPECT_EQ(index.nearest(std::nan(""), 0), -1);
  EXPECT_EQ(index.nearest(0, std::nan("")), -1);
}

TEST(CityIndex, RejectsBadArguments) {
  const std::vector<City> ok = {at(0, 0)};
  EXPECT_THROW(CityIndex(ok, -1), Error);
  EXPECT_THROW(CityIndex(ok, std::nan("")), Error);
  EXPECT_THROW(CityIndex(std::vector<City>{at(91, 0)}, 10), Error);
  EXPECT_THROW(CityIndex(std::vector<City>{at(0, 181)}, 10), Error);
  EXPECT_THROW(CityIndex(std::vector<City>{at(0, kInf)}, 10), Error);
}

// ---- the bundled file -------------------------------------------------------------------------

std::int32_t find(const std::vector<City>& cities, const std::string& name_zh) {
  for (std::size_t i = 0; i < cities.size(); ++i)
    if (cities[i].name_zh == name_zh) return static_cast<std::int32_t>(i);
  return -1;
}

TEST(BundledCities, HasEveryPrefectureAndKnownFacts) {
  const auto cities = ingest::bundled_cities();
  EXPECT_GE(cities.size(), 330u);

  // Province codes: the first column of data/provinces.csv.
  const auto provinces_csv = find_resource("data/provinces.csv");
  ASSERT_TRUE(provinces_csv.has_value());
  std::set<std::string> codes;
  std::string_view text = *provinces_csv;
  text.remove_prefix(text.find('\n') + 1);  // header
  while (!text.empty()) {
    const auto line = text.substr(0, text.find('\n'));
    if (!line.empty()) codes.insert(std::string(line.substr(0, line.find(','))));
    text.remove_prefix(std::min(text.size(), line.size() + 1));
  }
  ASSERT_EQ(codes.size(), 34u);
  std::set<std::string> names, with_city;
  for (const City& c : cities) {
    EXPECT_TRUE(codes.count(c.province_code)) << c.name_zh << " " << c.province_code;
    EXPECT_TRUE(names.insert(c.name_zh).second) << "duplicate " << c.name_zh;
    EXPECT_FALSE(c.name_en.empty()) << c.name_zh;
    // China, Hong Kong, Macao and Taiwan (Sansha, on Yongxing Island, is the southernmost).
    EXPECT_TRUE(c.lat > 16 && c.lat < 54 && c.lon > 73 && c.lon < 136) << c.name_zh;
    with_city.insert(c.province_code);
  }
  EXPECT_EQ(with_city, codes);  // every province has at least one city

  const std::int32_t wuhan = find(cities, "武汉市");
  ASSERT_GE(wuhan, 0);
  EXPECT_EQ(cities[wuhan].name_en, "Wuhan");
  EXPECT_EQ(cities[wuhan].province_code, "420000");
  for (const char* name : {"北京市", "天津市", "上海市", "重庆市", "恩施土家族苗族自治州",
                           "延边朝鲜族自治州", "大兴安岭地区", "阿拉善盟", "三沙市", "儋州市",
                           "香港特别行政区", "澳门特别行政区", "台北市"})
    EXPECT_GE(find(cities, name), 0) << name;
  // Merged or renamed long ago: not in the list.
  for (const char* name : {"莱芜市", "巢湖市", "襄樊市", "思茅市"})
    EXPECT_EQ(find(cities, name), -1) << name;
}

TEST(BundledCities, NearestNamesTheCityAroundAPoint) {
  const auto cities = ingest::bundled_cities();
  const CityIndex index(cities, 100);
  auto name_at = [&](double lat, double lon) -> std::string {
    const std::int32_t i = index.nearest(lat, lon);
    return i < 0 ? "" : cities[i].name_zh;
  };
  EXPECT_EQ(name_at(30.583, 114.280), "武汉市");          // Jianghan, central Wuhan
  EXPECT_EQ(name_at(30.506, 114.420), "武汉市");          // Optics Valley
  EXPECT_EQ(name_at(31.235, 121.506), "上海市");          // Lujiazui, Pudong
  EXPECT_EQ(name_at(31.200, 121.600), "上海市");          // Zhangjiang, Pudong
  EXPECT_EQ(name_at(39.990, 116.310), "北京市");          // Zhongguancun
  EXPECT_EQ(name_at(22.540, 114.050), "深圳市");          // Futian
  EXPECT_EQ(name_at(22.282, 114.158), "香港特别行政区");  // Central
  EXPECT_EQ(name_at(30.659, 104.063), "成都市");          // Tianfu Square
  EXPECT_EQ(name_at(43.800, 87.600), "乌鲁木齐市");
  EXPECT_EQ(name_at(29.657, 91.117), "拉萨市");                 // the Potala Palace
  EXPECT_EQ(name_at(30.300, 109.480), "恩施土家族苗族自治州");  // Enshi city
  EXPECT_EQ(name_at(0, -150), "");                              // the Pacific
  EXPECT_EQ(name_at(35.0, 85.0), "");  // the Tibetan plateau's empty north-west
  // And the index agrees with the brute force over the bundled file on random points in China.
  std::mt19937_64 rng(2024);
  std::uniform_real_distribution<double> lat(18, 54), lon(73, 136);
  for (int i = 0; i < 5000; ++i) {
    const double a = lat(rng), o = lon(rng);
    ASSERT_EQ(index.nearest(a, o), brute_nearest(cities, 100, a, o)) << a << ", " << o;
  }
}

}  // namespace
}  // namespace atlas::discover
