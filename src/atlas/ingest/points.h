// The points file of `clusteratlas discover`: one row per geocoded item (a patent's inventor
// address, a paper's author address, a firm), read from CSV, TSV or XLSX through FileRows and
// checked row by row; a bad row is refused with its row number, never skipped (a title above the
// header and the rows of totals under the points are no rows of data).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace atlas::ingest {

// A text column stored once per distinct value (industries repeat across millions of rows).
struct Category {
  std::vector<std::string> names;
  std::vector<std::int32_t> code;  // per point: index into names, −1 when missing
  bool present() const { return !code.empty(); }
};

struct PointSet {
  std::string source;
  bool geographic = true;  // columns lat, lon (else x, y)
  std::string id_text;     // ids end to end: id i is [id_end[i−1], id_end[i])
  std::vector<std::uint64_t> id_end;
  std::vector<double> a, b;    // lat and lon in degrees, or x and y
  std::vector<double> weight;  // empty when the file has no weight column (every weight 1)
  Category kind, industry, tech;
  std::vector<int> year;           // empty when there is no year column; 0 where a cell is empty
  std::vector<std::string> notes;  // a title skipped above the header, total rows skipped

  std::size_t size() const { return a.size(); }
  std::string_view id(std::size_t i) const {
    const std::uint64_t begin = i == 0 ? 0 : id_end[i - 1];
    return std::string_view(id_text).substr(begin, id_end[i] - begin);
  }
};

// Columns (headers matched case- and underscore-blind): id (or 编号), lat/latitude/纬度 and
// lon/lng/longitude/经度 — or x and y when `geographic` is false — and optionally weight (权重),
// kind (类型: patent/专利, publication/论文, firm/企业, or any other word), industry (行业),
// tech (技术领域, ipc) and year (年份). Other columns are ignored. The header may stand under a
// title (the first row naming id and both coordinates among the first 10); a row of totals
// (合计, 小计 … first or as the id) without coordinates is skipped, and `notes` says so — a
// row with coordinates is a point whatever its id. Throws atlas::Error (kBadInput) naming the
// file, row and column for a missing required column, an empty or non-numeric coordinate,
// |lat| > 90 or |lon| > 180, a missing, negative or non-numeric weight, or a year that is not a
// whole number.
PointSet read_points(const std::string& path, bool geographic);

}  // namespace atlas::ingest
