// The reports' charts, read back from a canvas that records what they draw. Expected positions
// and values are worked out by hand in the comments, never by the code under test.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include "atlas/core/error.h"
#include "atlas/report/chart/bar_chart.h"
#include "atlas/report/chart/china_map.h"
#include "atlas/report/chart/choropleth.h"
#include "atlas/report/chart/interval_plot.h"
#include "atlas/report/chart/line_chart.h"
#include "atlas/report/chart/map_projection.h"
#include "atlas/report/chart/palette.h"
#include "atlas/report/chart/radar_chart.h"
#include "atlas/report/chart/ticks.h"

namespace atlas::report::chart {
namespace {

using draw::Color;
using draw::Point;

// Every call a chart makes, as made.
struct Recorder final : draw::Canvas {
  struct Rect {
    double x, y, w, h;
    std::optional<Color> fill;
  };
  struct Line {
    std::vector<Point> points;
    Color color;
  };
  struct Shape {
    std::vector<std::vector<Point>> rings;
    std::optional<Color> fill, stroke;
  };
  struct Text {
    double x, y;
    std::string text;
    draw::Font font;
    draw::Align align;
  };
  std::vector<Rect> rects;
  std::vector<Line> lines;
  std::vector<Shape> shapes;
  std::vector<Text> texts;

  void rect(double x, double y, double w, double h, std::optional<Color> fill, std::optional<Color>,
            double) override {
    rects.push_back({x, y, w, h, fill});
  }
  void polyline(const std::vector<Point>& points, Color stroke, double) override {
    lines.push_back({points, stroke});
  }
  void polygon(const std::vector<std::vector<Point>>& rings, std::optional<Color> fill,
               std::optional<Color> stroke, double) override {
    shapes.push_back({rings, fill, stroke});
  }
  void text(double x, double y, std::string_view utf8, const draw::Font& font, draw::Align align,
            Color) override {
    texts.push_back({x, y, std::string(utf8), font, align});
  }
  bool has_text(const std::string& s) const {
    return std::any_of(texts.begin(), texts.end(), [&](const Text& t) { return t.text == s; });
  }
};

// Every text's measured box, and every mark, within 0..width × 0..height.
// The first text or mark outside 0..width × 0..height, described; "" when all are inside.
std::string first_outside(const Recorder& r, double width, double height) {
  constexpr double e = 1e-6;
  auto in = [&](const Point& p) {
    return p.x >= -e && p.x <= width + e && p.y >= -e && p.y <= height + e;
  };
  for (const auto& t : r.texts) {
    draw::TextBox box = draw::measure(t.text, t.font);
    double left = t.align == draw::Align::kLeft     ? t.x
                  : t.align == draw::Align::kCenter ? t.x - box.width / 2
                                                    : t.x - box.width;
    if (!in({left, t.y}) || !in({left + box.width, t.y + box.height})) {
      return fmt::format("text '{}' at {:.2f},{:.2f} size {:.2f}×{:.2f}", t.text, left, t.y,
                         box.width, box.height);
    }
  }
  for (const auto& l : r.lines) {
    for (const auto& p : l.points) {
      if (!in(p)) return fmt::format("line point {:.2f},{:.2f}", p.x, p.y);
    }
  }
  for (const auto& s : r.shapes) {
    for (const auto& ring : s.rings) {
      for (const auto& p : ring) {
        if (!in(p)) return fmt::format("polygon point {:.2f},{:.2f}", p.x, p.y);
      }
    }
  }
  for (const auto& q : r.rects) {
    if (!in({q.x, q.y}) || !in({q.x + q.w, q.y + q.h})) {
      return fmt::format("rect {:.2f},{:.2f} {:.2f}×{:.2f}", q.x, q.y, q.w, q.h);
    }
  }
  return {};
}

void expect_inside(const Recorder& r, double width, double height) {
  EXPECT_EQ(first_outside(r, width, height), "") << "in a box " << width << " × " << height;
}

// A bar row; GCC warns of aggregates initialised in part, even by designators.
BarRow bar(std::string label, std::optional<double> value,
           std::optional<std::string> text = std::nullopt,
           std::optional<double> reference = std::nullopt) {
  BarRow row;
  row.label = std::move(label);
  row.value = value;
  row.value_text = std::move(text);
  row.reference = reference;
  return row;
}

const std::string kLongLabel = "武汉东湖新技术开发区光电子信息产业集群（国家级）";
const double kNaN = std::numeric_limits<double>::quiet_NaN();

void expect_ticks(const std::vector<double>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-9) << i;
}

TEST(ChartTicks, AreOneTwoOrFiveTimesAPowerOfTen) {
  // 87 / 5 = 17.4 → the next of 10, 20, 50 is 20.
  EXPECT_DOUBLE_EQ(nice_step(87, 5), 20);
  EXPECT_DOUBLE_EQ(nice_step(1000, 5), 200);
  EXPECT_DOUBLE_EQ(nice_step(7, 10), 1);     // 0.7 → 1
  EXPECT_DOUBLE_EQ(nice_step(0.3, 3), 0.1);  // 0.1 exactly
  expect_ticks(nice_ticks(0, 87), {0, 20, 40, 60, 80, 100});
  expect_ticks(nice_ticks(0, 0.87), {0, 0.2, 0.4, 0.6, 0.8, 1.0});
  expect_ticks(nice_ticks(3, 7, 4), {3, 4, 5, 6, 7});
  // 61 / 5 = 12.2 → 20: from -20 (the multiple below -13) to 60 (above 48).
  expect_ticks(nice_ticks(-13, 48), {-20, 0, 20, 40, 60});
  // 1 to 7 in steps of 1 is six intervals, one too many for five: steps of 2 from 0 to 8.
  expect_ticks(nice_ticks(1, 7, 5), {0, 2, 4, 6, 8});
  // A single value 5 gets 2.5 either side; steps of 1 from 2 to 8 are too many, so 2 apart.
  expect_ticks(nice_ticks(5, 5), {2, 4, 6, 8});
  // One interval cannot hold -1 to 1 (no multiple of a round step below -1 and above 1 is one
  // step apart): two of 2.
  expect_ticks(nice_ticks(-1, 1, 1), {-2, 0, 2});
  expect_ticks(nice_ticks(0, 87, 1), {0, 100});
}

TEST(ChartBar, BarsAreProportionalAndAMissingValueIsADash) {
  Recorder r;
  BarChart chart;
  chart.rows = {bar("甲", 100.0), bar("乙", 50.0), bar("丙", std::nullopt), bar("丁", kNaN)};
  draw_bar_chart(r, 300, 120, chart);
  // Two bars: 100 and 50. No bar for the missing and the NaN value.
  ASSERT_EQ(r.rects.size(), 2u);
  double full = r.rects[0].w;
  EXPECT_GT(full, 100);
  EXPECT_NEAR(r.rects[1].w, full / 2, 1e-9);     // 50 of 100: half the longest bar
  EXPECT_DOUBLE_EQ(r.rects[1].x, r.rects[0].x);  // both start at zero
  EXPECT_TRUE(r.has_text("100.0"));
  EXPECT_TRUE(r.has_text("50.0"));
  // Rows of 120 / 4 = 30 pt: the third and fourth rows' value labels are dashes.
  int dashes = 0;
  for (const auto& t : r.texts) {
    if (t.text == "—") {
      ++dashes;
      EXPECT_GE(t.y, 60);
    }
  }
  EXPECT_EQ(dashes, 2);
  expect_inside(r, 300, 120);
}

TEST(ChartBar, TheReferenceTickSitsAtItsValue) {
  Recorder r;
  BarChart chart;
  chart.rows = {bar("甲", 100.0, "一百", 50.0)};
  chart.first_name = "本集群";
  chart.reference_name = "全国中位数";
  draw_bar_chart(r, 300, 200, chart);
  // Two rects: the legend's swatch and the bar, the wider.
  ASSERT_EQ(r.rects.size(), 2u);
  const auto& bar = r.rects[0].w > r.rects[1].w ? r.rects[0] : r.rects[1];
  EXPECT_TRUE(r.has_text("一百"));  // the caller's own text
  EXPECT_TRUE(r.has_text("全国中位数"));
  // The longest vertical line is the row's tick (the legend's is a line high): at 50 of 100,
  // halfway along the bar of 100.
  const Recorder::Line* tick = nullptr;
  for (const auto& l : r.lines) {
    if (!tick ||
        l.points.back().y - l.points.front().y > tick->points.back().y - tick->points.front().y) {
      tick = &l;
    }
  }
  ASSERT_NE(tick, nullptr);
  EXPECT_DOUBLE_EQ(tick->points.front().x, tick->points.back().x);
  EXPECT_NEAR(tick->points.front().x, bar.x + bar.w / 2, 1e-9);
  expect_inside(r, 300, 200);
}

TEST(ChartBar, LongChineseLabelsAreCutToStayInANarrowBox) {
  Recorder r;
  BarChart chart;
  chart.rows = {bar(kLongLabel, 12345.678), bar(kLongLabel, std::nullopt), bar("短", 3.0, "3 家")};
  chart.decimals = 2;
  draw_bar_chart(r, 140, 45, chart);
  ASSERT_FALSE(r.texts.empty());
  bool cut = false;
  for (const auto& t : r.texts) cut |= t.text.ends_with("…");
  EXPECT_TRUE(cut);
  expect_inside(r, 140, 45);
}

TEST(ChartBar, RowsTooLowForAnyFontDrawBarsWithoutLabels) {
  Recorder r;
  BarChart chart;
  for (int i = 0; i < 40; ++i) chart.rows.push_back(bar(kLongLabel, double(i)));
  draw_bar_chart(r, 200, 40, chart);  // 1 pt a row
  EXPECT_TRUE(r.texts.empty());
  // Bars of 0 to 39: the i-th is i/39 of the longest.
  ASSERT_EQ(r.rects.size(), 40u);
  EXPECT_DOUBLE_EQ(r.rects[0].w, 0);
  EXPECT_NEAR(r.rects[13].w, r.rects[39].w / 3, 1e-9);
  expect_inside(r, 200, 40);
}

TEST(ChartHistogram, BarHeightsFollowCountsAndAMissingBinIsADash) {
  Recorder r;
  Histogram h;
  h.edges = {0, 20, 40, 60, 80, 100};
  h.counts = {2.0, 4.0, std::nullopt, 1.0, 0.0};
  draw_histogram(r, 300, 150, h);
  // Bars for 2, 4 and 1; none for the missing bin nor for 0.
  ASSERT_EQ(r.rects.size(), 3u);
  EXPECT_NEAR(r.rects[0].h, r.rects[1].h / 2, 1e-9);
  EXPECT_NEAR(r.rects[2].h, r.rects[1].h / 4, 1e-9);
  // All bars stand on the same line.
  EXPECT_NEAR(r.rects[0].y + r.rects[0].h, r.rects[2].y + r.rects[2].h, 1e-9);
  EXPECT_TRUE(r.has_text("—"));
  EXPECT_TRUE(r.has_text("100"));
  expect_inside(r, 300, 150);
  EXPECT_THROW(draw_histogram(r, 300, 150, Histogram{{0, 1}, {1.0, 2.0}}), std::invalid_argument);
}

TEST(ChartLine, AMissingValueIsAGapNotAZero) {
  Recorder r;
  LineChart chart;
  chart.x_labels = {"2020", "2021", "2022", "2023", "2024", "2025"};
  chart.series = {{"营业收入", {1.0, 2.0, std::nullopt, 4.0, 5.0, kNaN}, palette::kSeries[0]},
                  {"专利", {kNaN, 3.0, kNaN, kNaN, kNaN, kNaN}, palette::kSeries[1]}};
  draw_line_chart(r, 300, 160, chart);
  // The first series' lines: in its colour and sloping (the legend's key in that colour is
  // level; the grid is in the grid's grey).
  std::vector<const Recorder::Line*> data;
  for (const auto& l : r.lines) {
    if (l.color == palette::kSeries[0] && l.points.front().y != l.points.back().y) {
      data.push_back(&l);
    }
  }
  // 2020–2021 and 2023–2024: two runs of two points, nothing for 2022 and 2025.
  ASSERT_EQ(data.size(), 2u);
  EXPECT_EQ(data[0]->points.size(), 2u);
  EXPECT_EQ(data[1]->points.size(), 2u);
  // Years are equally spaced: the 2023 point is three steps from 2020, the 2021 point one.
  double step = data[0]->points[1].x - data[0]->points[0].x;
  EXPECT_NEAR(data[1]->points[0].x - data[0]->points[0].x, 3 * step, 1e-9);
  // y: 1, 2, 4, 5 (and 3) on ticks 0…6 (nice_ticks(1, 5)): 1 → 2 rises by as much as 4 → 5.
  EXPECT_NEAR(data[0]->points[0].y - data[0]->points[1].y,
              data[1]->points[0].y - data[1]->points[1].y, 1e-9);
  // The second series' lone 3.0 is a dot, not a line.
  int dots = 0;
  for (const auto& s : r.shapes) dots += s.fill && *s.fill == palette::kSeries[1];
  EXPECT_EQ(dots, 1);
  EXPECT_TRUE(r.has_text("营业收入"));  // two series: a legend
  expect_inside(r, 300, 160);
}

TEST(ChartLine, LabelsStayInsideANarrowBox) {
  Recorder r;
  LineChart chart;
  chart.x_labels = {"2015年", "2016年", "2017年", "2018年", "2019年",
                    "2020年", "2021年", "2022年", "2023年", "2024年"};
  chart.series = {
      {kLongLabel, {1e6, 2e6, 3e6, 2.5e6, 4e6, 1e6, 2e6, 3e6, 2.5e6, 4e6}, palette::kSeries[0]},
      {kLongLabel, {2e6, 1e6, 3e6, 2.5e6, 4e6, 1e6, 2e6, 3e6, 2.5e6, 4e6}, palette::kSeries[1]}};
  draw_line_chart(r, 120, 80, chart);
  expect_inside(r, 120, 80);
}

TEST(ChartSparkline, OneValueIsAPointAndTheLastValueIsMarked) {
  {
    Recorder r;
    draw_sparkline(r, 60, 16, {std::nullopt, 7.0, kNaN});
    EXPECT_TRUE(r.lines.empty());
    ASSERT_FALSE(r.shapes.empty());
    expect_inside(r, 60, 16);
  }
  {
    Recorder r;
    draw_sparkline(r, 60, 16, {1.0, 3.0, 2.0, 5.0, 4.0});
    ASSERT_EQ(r.lines.size(), 1u);
    const auto& pts = r.lines[0].points;
    ASSERT_EQ(pts.size(), 5u);
    // Left to right evenly; 5 (the highest) at the top, 1 (the lowest) at the bottom.
    EXPECT_NEAR(pts[1].x - pts[0].x, pts[4].x - pts[3].x, 1e-9);
    EXPECT_LT(pts[3].y, pts[1].y);
    EXPECT_GT(pts[0].y, pts[2].y);
    // The mark's centre (the mean of a regular polygon's vertices) is the last point.
    ASSERT_EQ(r.shapes.size(), 1u);
    Point c{0, 0};
    for (const auto& p : r.shapes[0].rings[0]) c.x += p.x, c.y += p.y;
    c.x /= r.shapes[0].rings[0].size(), c.y /= r.shapes[0].rings[0].size();
    EXPECT_NEAR(c.x, pts[4].x, 1e-9);
    EXPECT_NEAR(c.y, pts[4].y, 1e-9);
    expect_inside(r, 60, 16);
  }
  Recorder none;
  draw_sparkline(none, 60, 16, {std::nullopt, kNaN});
  EXPECT_TRUE(none.lines.empty() && none.shapes.empty());
}

TEST(ChartInterval, SegmentAndPointSitOnTheRankAxis) {
  Recorder r;
  IntervalPlot plot;
  plot.rank_count = 21;
  plot.rows = {{"甲", 1.0, 21.0, 11.0}, {kLongLabel, 3.0, std::nullopt, 6.0}};
  plot.interval_name = "5%–95% 分位";
  plot.point_name = "中位名次";
  draw_interval_plot(r, 260, 90, plot);
  // The segment 1..21 spans the axis; rank 11 is its middle.
  const Recorder::Line* seg = nullptr;
  for (const auto& l : r.lines) {
    if (l.color == palette::kSeries[2] && l.points[0].y == l.points[1].y &&
        (!seg || l.points[1].x - l.points[0].x > seg->points[1].x - seg->points[0].x)) {
      seg = &l;
    }
  }
  ASSERT_NE(seg, nullptr);
  // Dots: rank 11 of the first row and 6 of the second (no segment: its high is missing).
  std::vector<Point> centres;
  for (const auto& s : r.shapes) {
    if (!(s.fill && *s.fill == palette::kSeries[0]) || s.rings[0].size() < 16) continue;
    Point c{0, 0};
    for (const auto& p : s.rings[0]) c.x += p.x / s.rings[0].size(), c.y += p.y / s.rings[0].size();
    centres.push_back(c);
  }
  ASSERT_EQ(centres.size(), 2u);
  double x1 = seg->points[0].x, x21 = seg->points[1].x;
  EXPECT_NEAR(centres[0].x, (x1 + x21) / 2, 1e-9);
  // Rank 6 is 5 of the 20 steps from rank 1.
  EXPECT_NEAR(centres[1].x, x1 + (x21 - x1) * 5 / 20, 1e-9);
  EXPECT_TRUE(r.has_text("1"));
  EXPECT_TRUE(r.has_text("20"));
  expect_inside(r, 260, 90);
}

TEST(ChartRadar, LabelsStayInsideTheBox) {
  for (auto [w, h] : {std::pair{220.0, 160.0}, {120.0, 120.0}, {300.0, 90.0}}) {
    Recorder r;
    RadarChart chart;
    chart.axes = {"创新能力", kLongLabel, "产业规模", "开放合作", "人才集聚", "绿色发展"};
    chart.values = {80.0, 60.0, 90.0, 40.0, 70.0, 55.0};
    chart.reference = {50.0, 50.0, 50.0, 50.0, 50.0, 50.0};
    chart.value_name = "本集群";
    chart.reference_name = "全国中位数";
    draw_radar_chart(r, w, h, chart);
    EXPECT_FALSE(r.texts.empty());
    expect_inside(r, w, h);
  }
}

TEST(ChartRadar, AMissingScoreBreaksTheOutline) {
  Recorder r;
  RadarChart chart;
  chart.axes = {"甲", "乙", "丙", "丁"};
  chart.values = {100.0, std::nullopt, 100.0, 100.0};
  draw_radar_chart(r, 200, 200, chart);
  // No filled shape for the unit; its lines join 丙–丁 and 丁–甲 only.
  for (const auto& s : r.shapes) EXPECT_FALSE(s.fill && s.rings[0].size() == 4);
  int joins = 0;
  for (const auto& l : r.lines) joins += l.color == palette::kSeries[0];
  EXPECT_EQ(joins, 2);
  // The value 100 of 甲 (top axis) sits on the outer ring, straight above the centre: the
  // outer grid ring's first vertex.
  const Recorder::Shape* outer = nullptr;
  for (const auto& s : r.shapes) {
    if (!s.fill && s.stroke && *s.stroke == palette::kGrid) outer = &s;  // drawn last of the rings
  }
  ASSERT_NE(outer, nullptr);
  bool found = false;
  for (const auto& l : r.lines) {
    if (l.color == palette::kSeries[0]) {
      for (const auto& p : l.points) {
        found |= std::abs(p.x - outer->rings[0][0].x) < 1e-9 &&
                 std::abs(p.y - outer->rings[0][0].y) < 1e-9;
      }
    }
  }
  EXPECT_TRUE(found);
}

// Any box, any labels, any values: nothing leaves the box.
RC_GTEST_PROP(ChartProperties, EveryTextAndMarkStaysInItsBox, ()) {
  const double width = *rc::gen::inRange(20, 600);
  const double height = *rc::gen::inRange(12, 400);
  const std::vector<std::string> words{"甲", "苏州纳米技术", kLongLabel, "2024",
                                       "An English label that goes on"};
  auto label = [&] { return words[*rc::gen::inRange<std::size_t>(0, words.size())]; };
  auto value = [&]() -> std::optional<double> {
    int pick = *rc::gen::inRange(0, 10);
    if (pick == 0) return std::nullopt;
    if (pick == 1) return kNaN;
    return *rc::gen::inRange(-50, 100000) / 7.0;
  };
  const auto n = *rc::gen::inRange<std::size_t>(1, 25);

  Recorder bars, hist, lines, spark, intervals, radar;
  BarChart b;
  b.first_name = label(), b.reference_name = label();
  for (std::size_t i = 0; i < n; ++i)
    b.rows.push_back(bar(label(), value(), std::nullopt, value()));
  draw_bar_chart(bars, width, height, b);

  Histogram h;
  for (std::size_t i = 0; i <= n; ++i) h.edges.push_back(10.0 * static_cast<double>(i));
  for (std::size_t i = 0; i < n; ++i) h.counts.push_back(std::abs(value().value_or(1)));
  draw_histogram(hist, width, height, h);

  LineChart l;
  l.series = {{label(), {}, palette::kSeries[0]}, {label(), {}, palette::kSeries[1]}};
  std::vector<std::optional<double>> values;
  for (std::size_t i = 0; i < n; ++i) {
    l.x_labels.push_back(label());
    l.series[0].values.push_back(value());
    l.series[1].values.push_back(value());
    values.push_back(value());
  }
  draw_line_chart(lines, width, height, l);
  draw_sparkline(spark, width, height, values);

  IntervalPlot p;
  p.rank_count = static_cast<int>(n) + 5;
  p.interval_name = label(), p.point_name = label();
  for (std::size_t i = 0; i < n; ++i) {
    p.rows.push_back(
        {label(), 1.0 + static_cast<double>(i), 5.0 + static_cast<double>(i), value()});
  }
  draw_interval_plot(intervals, width, height, p);

  RadarChart rc;
  for (std::size_t i = 0; i < std::max<std::size_t>(n, 3); ++i) {
    rc.axes.push_back(label());
    rc.values.push_back(value());
    rc.reference.push_back(value());
  }
  rc.value_name = label(), rc.reference_name = label();
  draw_radar_chart(radar, width, height, rc);

  for (const auto& [name, r] : {std::pair<const char*, const Recorder*>{"bars", &bars},
                                {"histogram", &hist},
                                {"lines", &lines},
                                {"sparkline", &spark},
                                {"intervals", &intervals},
                                {"radar", &radar}}) {
    std::string why = first_outside(*r, width, height);
    if (!why.empty()) RC_FAIL(fmt::format("{}: {}", name, why));
  }
}

// ---- the map ----

TEST(ChinaMapDecode, AHandMadeRingGivesHandComputedPoints) {
  // 'F' = 70 → 6 → zig-zag +3; 'C' = 67 → 3 → -2. 'Ĉ' = U+0108 = 264 → 200 → +100;
  // 'ć' = U+0107 = 263 → 199 → -100. From (102400, 30720): (102403, 30718), then
  // (102503, 30618); divided by 1024: 100 + 3/1024, 30 - 2/1024; 100 + 103/1024, 30 - 102/1024.
  auto ring = decode_ring("FCĈć", 102400, 30720);
  ASSERT_EQ(ring.size(), 2u);
  EXPECT_DOUBLE_EQ(ring[0].x, 100.0029296875);
  EXPECT_DOUBLE_EQ(ring[0].y, 29.998046875);
  EXPECT_DOUBLE_EQ(ring[1].x, 100.1005859375);
  EXPECT_DOUBLE_EQ(ring[1].y, 29.900390625);
  // '@' = 64 → 0: no step.
  auto still = decode_ring("@@@@", 1024, 2048);
  ASSERT_EQ(still.size(), 2u);
  EXPECT_DOUBLE_EQ(still[1].x, 1);
  EXPECT_DOUBLE_EQ(still[1].y, 2);
  EXPECT_THROW(decode_ring("FCF", 0, 0), Error);
}

TEST(ChinaMapCodes, TwoAndSixDigitCodesNameTheSameProvince) {
  EXPECT_EQ(province_code("42"), "42");
  EXPECT_EQ(province_code("420000"), "42");
  for (const char* bad : {"4", "420100", "4200", "湖北", "", "02", "00000"}) {
    try {
      province_code(bad);
      ADD_FAILURE() << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
    }
  }
}

TEST(ChinaMapLoad, APlainFeatureCollectionAndBadInput) {
  const std::string plain = R"({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"adcode": 420000, "name": "湖北省"},
     "geometry": {"type": "Polygon", "coordinates": [[[108, 29], [116, 29], [116, 33], [108, 29]]]}},
    {"type": "Feature", "properties": {"code": "11", "name": "北京"},
     "geometry": {"type": "MultiPolygon", "coordinates": [[[[116, 39], [117, 39], [117, 41], [116, 39]]],
                                                          [[[115, 40], [115.5, 40], [115, 40.5], [115, 40]]]]}},
    {"type": "Feature", "properties": {"adcode": "100000_JD", "name": ""},
     "geometry": {"type": "MultiPolygon", "coordinates": [[[[110, 10], [111, 10], [111, 11], [110, 10]]]]}}]})";
  ChinaMap map = load_china_map(plain);
  ASSERT_EQ(map.provinces.size(), 3u);
  EXPECT_EQ(map.provinces[0].code, "42");
  EXPECT_EQ(map.provinces[0].name, "湖北省");
  EXPECT_EQ(map.provinces[1].code, "11");
  EXPECT_EQ(map.provinces[1].polygons.size(), 2u);
  EXPECT_EQ(map.provinces[2].code, "");  // kept, drawn as an outline
  EXPECT_DOUBLE_EQ(map.provinces[0].polygons[0][0][1].x, 116);
  EXPECT_EQ(map.find("110000"), &map.provinces[1]);
  GeoBounds b = map.bounds();
  EXPECT_DOUBLE_EQ(b.west, 108);
  EXPECT_DOUBLE_EQ(b.south, 10);
  EXPECT_DOUBLE_EQ(b.north, 41);

  for (
      const std::string bad :
      {"not json", "{}", R"({"type": "FeatureCollection", "features": []})",
       R"({"type": "FeatureCollection", "features": [{"geometry": {"type": "Point", "coordinates": [1, 2]}}]})",
       R"({"type": "FeatureCollection", "UTF8Encoding": true, "features": [{"properties": {"id": "42"},
            "geometry": {"type": "Polygon", "coordinates": ["@@"]}}]})",
       // Found by fuzz_china_map's author: a type that is not text, an offset no map has.
       R"({"type": 1})",
       R"({"type": "FeatureCollection", "features": [{"geometry": {"type": 7, "coordinates": []}}]})",
       R"({"type": "FeatureCollection", "UTF8Encoding": true, "features": [{"geometry":
            {"type": "Polygon", "coordinates": [">>"], "encodeOffsets": [[1e300, 0]]}}]})"}) {
    try {
      load_china_map(bad);
      ADD_FAILURE() << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kBadInput) << bad;
      EXPECT_NE(std::string(e.what()).find("china map"), std::string::npos);
    }
  }
}

// ECharts' china.json: where scripts/build-web's `npm ci` installs it, or CLUSTERATLAS_CHINA_JSON.
std::string china_json() {
  std::filesystem::path path = std::getenv("CLUSTERATLAS_CHINA_JSON")
                                   ? std::getenv("CLUSTERATLAS_CHINA_JSON")
                                   : std::filesystem::path(ATLAS_SOURCE_DIR) /
                                         "web/node_modules/echarts-map-data/map/json/china.json";
  std::ifstream in(path);
  if (!in) {
    ADD_FAILURE() << "the province map " << path
                  << " is missing: run scripts/build-web (its `npm ci` installs it) or set "
                     "CLUSTERATLAS_CHINA_JSON to ECharts 4.9.0's map/json/china.json";
    return {};
  }
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(ChinaMapLoad, EchartsChinaJsonHasTheProvincesWhereTheyAre) {
  std::string text = china_json();
  ASSERT_FALSE(text.empty());
  ChinaMap map = load_china_map(text);
  // 34 provincial divisions: 23 provinces, 5 autonomous regions, 4 municipalities, 2 SARs.
  ASSERT_EQ(map.provinces.size(), 34u);
  std::set<std::string> codes;
  for (const auto& p : map.provinces) codes.insert(p.code);
  EXPECT_EQ(codes.size(), 34u);
  EXPECT_FALSE(codes.contains(""));
  const Province* hubei = map.find("42");
  ASSERT_NE(hubei, nullptr);
  EXPECT_EQ(hubei->name, "湖北");
  EXPECT_EQ(map.find("420000"), hubei);
  GeoBounds b = hubei->bounds();
  EXPECT_TRUE(b.contains(114.3, 30.6))
      << b.west << " " << b.south << " " << b.east << " " << b.north;  // Wuhan
  EXPECT_FALSE(b.contains(116.4, 39.9));                               // Beijing
  EXPECT_TRUE(map.find("11")->bounds().contains(116.4, 39.9));
  // China's extremes: the Pamirs near 73.5°E, the Wusuli near 134.8°E, Mohe near 53.5°N.
  GeoBounds all = map.bounds();
  EXPECT_NEAR(all.west, 73.5, 0.5);
  EXPECT_NEAR(all.east, 134.8, 0.5);
  EXPECT_NEAR(all.north, 53.5, 0.5);
}

TEST(ChinaMapProjection, AlbersIsCentredOn105E35N) {
  // At the centre: θ = 0 and ρ = ρ0, so x = 0 and y = ρ0 − ρ0 = 0.
  Point c = MapProjection::albers(105, 35);
  EXPECT_NEAR(c.x, 0, 1e-12);
  EXPECT_NEAR(c.y, 0, 1e-12);
  // East is right, north is up (y grows north before the flip); symmetric about 105°E.
  EXPECT_GT(MapProjection::albers(115, 35).x, 0);
  EXPECT_GT(MapProjection::albers(105, 45).y, 0);
  EXPECT_NEAR(MapProjection::albers(95, 30).x, -MapProjection::albers(115, 30).x, 1e-12);
}

TEST(ChoroplethClasses, NiceIntervalsAndQuantiles) {
  // min 10, max 90: nice_ticks(10, 90, 5) → steps of 20 from 0 to 100.
  expect_ticks(class_breaks({10, 90, kNaN, 50}, 5, Classing::kNiceIntervals),
               {0, 20, 40, 60, 80, 100});
  // 1..5 in four classes: the quantiles at 0, 1/4, … of five sorted values are the values.
  expect_ticks(class_breaks({5, 3, 1, 2, 4}, 4, Classing::kQuantiles), {1, 2, 3, 4, 5});
  // {1, 1, 1, 10}, two classes: quantiles at positions 0, 1.5 and 3 → 1, 1, 10; merged.
  expect_ticks(class_breaks({1, 1, 1, 10}, 2, Classing::kQuantiles), {1, 10});
  expect_ticks(class_breaks({7}, 5, Classing::kQuantiles), {7, 7});
  EXPECT_TRUE(class_breaks({}, 5, Classing::kQuantiles).empty());
  std::vector<double> e{0, 20, 40, 60, 80, 100};
  EXPECT_EQ(class_of(10, e), 0u);
  EXPECT_EQ(class_of(20, e), 1u);   // a limit opens the upper class
  EXPECT_EQ(class_of(100, e), 4u);  // the top is in the last class
  EXPECT_EQ(class_of(-5, e), 0u);
  // Five classes of seven greens: 0, 1.5, 3, 4.5, 6 rounded → 0, 2, 3, 5, 6 (half away from 0).
  EXPECT_TRUE(class_color(0, 5) == palette::kSequential[0]);
  EXPECT_TRUE(class_color(1, 5) == palette::kSequential[2]);
  EXPECT_TRUE(class_color(4, 5) == palette::kSequential[6]);
}

TEST(ChoroplethMap, ProvincesAreFilledByClassAndGreyWithoutAValue) {
  std::string text = china_json();
  ASSERT_FALSE(text.empty());
  ChinaMap map = load_china_map(text);
  Choropleth chart;
  chart.values = {{"42", 10.0}, {"440000", 90.0}, {"11", std::nullopt}, {"31", kNaN}};
  chart.points = {{114.3, 30.6}};
  chart.points_label = "集群";
  Recorder r;
  draw_choropleth(r, 400, 300, map, chart);
  // A province is the drawn shape whose rings have its points' counts.
  auto ring_sizes = [](const std::vector<std::vector<Point>>& rings) {
    std::vector<std::size_t> n;
    for (const auto& ring : rings) n.push_back(ring.size());
    return n;
  };
  auto fill_of = [&](const char* code) -> std::optional<Color> {
    std::vector<std::size_t> want;
    for (const auto& poly : map.find(code)->polygons) {
      auto n = ring_sizes(poly);
      want.insert(want.end(), n.begin(), n.end());
    }
    for (const auto& s : r.shapes) {
      if (ring_sizes(s.rings) == want) return s.fill;
    }
    ADD_FAILURE() << "no shape for " << code;
    return std::nullopt;
  };
  // 10 and 90 in classes 0–20 … 80–100: the lightest and the darkest green.
  EXPECT_TRUE(fill_of("42") == palette::kSequential[0]);
  EXPECT_TRUE(fill_of("44") == palette::kSequential[6]);
  EXPECT_TRUE(fill_of("11") == palette::kMissing);
  EXPECT_TRUE(fill_of("31") == palette::kMissing);
  int grey = 0;
  for (const auto& s : r.shapes) grey += s.fill && *s.fill == palette::kMissing;
  EXPECT_EQ(grey, 32);
  EXPECT_TRUE(r.has_text("0–20"));
  EXPECT_TRUE(r.has_text("80–100"));
  EXPECT_TRUE(r.has_text("— 无数据"));
  EXPECT_TRUE(r.has_text("集群"));
  // The point at Wuhan is drawn inside Hubei's projected box.
  std::vector<std::size_t> hubei_sizes;
  for (const auto& poly : map.find("42")->polygons) {
    for (const auto& ring : poly) hubei_sizes.push_back(ring.size());
  }
  double west = 1e9, east = -1e9, north = 1e9, south = -1e9;
  for (const auto& s : r.shapes) {
    if (ring_sizes(s.rings) != hubei_sizes) continue;
    for (const auto& ring : s.rings) {
      for (const auto& p : ring) {
        west = std::min(west, p.x), east = std::max(east, p.x);
        north = std::min(north, p.y), south = std::max(south, p.y);
      }
    }
  }
  int in_hubei = 0;
  for (const auto& s : r.shapes) {
    if (!(s.fill && *s.fill == palette::kPoint) || s.rings[0].size() != 12) continue;
    Point c{0, 0};
    for (const auto& p : s.rings[0]) c.x += p.x / 12, c.y += p.y / 12;
    in_hubei += c.x > west && c.x < east && c.y > north && c.y < south;
  }
  EXPECT_EQ(in_hubei, 1);
  expect_inside(r, 400, 300);

  chart.values = {{"湖北", 1.0}};
  EXPECT_THROW(draw_choropleth(r, 400, 300, map, chart), Error);
}

TEST(ChoroplethMap, StaysInsideNarrowAndFlatBoxes) {
  std::string text = china_json();
  ASSERT_FALSE(text.empty());
  ChinaMap map = load_china_map(text);
  Choropleth chart;
  chart.classes = 7;
  chart.classing = Classing::kQuantiles;
  chart.decimals = 2;
  for (const auto& p : map.provinces) chart.values[p.code + "0000"] = p.polygons.size() * 1.37;
  chart.values["11"] = std::nullopt;
  chart.points = {{114.3, 30.6}, {0, 0}};  // the second far off the map: not drawn
  chart.points_label = kLongLabel;
  chart.missing_label = kLongLabel;
  for (auto [w, h] : {std::pair{80.0, 60.0}, {200.0, 400.0}, {600.0, 120.0}, {30.0, 20.0}}) {
    Recorder r;
    draw_choropleth(r, w, h, map, chart);
    expect_inside(r, w, h);
  }
}

}  // namespace
}  // namespace atlas::report::chart
