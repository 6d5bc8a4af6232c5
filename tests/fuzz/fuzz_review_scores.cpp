// libFuzzer harness: a review-score table, whatever its bytes, gives one application, expert,
// score and line per row kept — names non-empty, (application, expert) pairs unique, scores from
// 0 to 100 or NaN (not scored), lines increasing — or is refused with atlas::Error. The first
// byte chooses CSV or TSV (bit 0) and the shape (bit 1): one score per row, or one column per
// criterion of a four-criterion form (read_criterion_reviews), whose rows give each criterion
// from 0 to its points, or all NaN, and a header per criterion. A seed of the second shape
// starts with a byte whose bit 1 is set (tests/data/review-scores/criteria.csv: 'B').
#include <unistd.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "atlas/core/error.h"
#include "atlas/ingest/review_scores.h"
#include "atlas/rounds/review_form.h"

namespace {

// The shape of both readers' rows: applications, experts and lines, one per row kept.
template <typename Rows>
void check_rows(const Rows& r, std::size_t n) {
  if (n == 0 || r.applications.size() != n || r.experts.size() != n || r.lines.size() != n)
    std::abort();
  std::set<std::pair<std::string, std::string>> seen;
  for (std::size_t i = 0; i < n; ++i) {
    if (r.applications[i].empty() || r.experts[i].empty()) std::abort();
    if (!seen.insert({r.applications[i], r.experts[i]}).second) std::abort();
    if (i > 0 && !(r.lines[i] > r.lines[i - 1])) std::abort();
  }
}

void check_criteria(const std::string& path) {
  const std::vector<atlas::rounds::Criterion> form = {
      {"创新能力", 30}, {"产业基础", 25}, {"发展潜力", 25}, {"组织管理", 20}};
  auto r = atlas::ingest::read_criterion_reviews(path, form);
  const std::size_t n = r.points.size();
  check_rows(r, n);
  if (r.comments.size() != n || r.criterion_headers.size() != form.size()) std::abort();
  for (const auto& h : r.criterion_headers) {
    if (h.empty()) std::abort();
  }
  for (const auto& points : r.points) {
    if (points.size() != form.size()) std::abort();
    std::size_t blank = 0;
    for (std::size_t c = 0; c < form.size(); ++c) {
      if (std::isnan(points[c])) {
        ++blank;
      } else if (!(points[c] >= 0 && points[c] <= form[c].points)) {
        std::abort();
      }
    }
    if (blank != 0 && blank != form.size()) std::abort();  // all or none
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string path =
      "/tmp/fuzz_review_" + std::to_string(getpid()) + (data[0] % 2 == 0 ? ".csv" : ".tsv");
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
  }
  try {
    if (data[0] & 2) {
      check_criteria(path);
    } else {
      auto r = atlas::ingest::read_review_scores(path);
      const std::size_t n = r.scores.size();
      check_rows(r, n);
      for (double s : r.scores) {
        if (!std::isnan(s) && !(s >= 0 && s <= 100)) std::abort();
      }
    }
  } catch (const atlas::Error&) {
    // refused with a message naming the row and column: fine
  }
  ::unlink(path.c_str());
  return 0;
}
