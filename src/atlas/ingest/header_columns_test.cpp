#include "atlas/ingest/header_columns.h"

#include <gtest/gtest.h>

#include "atlas/ingest/columns.h"

namespace atlas::ingest {
namespace {

bool is_expert(const std::string& h) {
  return header_is(h, {"expert", "专家", "专家编号"});
}
bool is_score(const std::string& h) {
  return header_is(h, {"score", "评分", "专家评分"});
}
// Accepts what both of the above accept, and more.
bool is_anything(const std::string& h) {
  return !h.empty();
}

TEST(HeaderColumns, EachColumnToTheFirstTestWithRoom) {
  EXPECT_EQ(pick_columns({"备注", "Score", "Expert"}, {is_expert, is_score}),
            (std::vector<int>{2, 1}));
  // The first of two expert columns is the expert; the second falls through to the next test.
  EXPECT_EQ(pick_columns({"专家", "专家编号", "评分"}, {is_expert, is_anything, is_score}),
            (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(pick_columns({"专家", "评分"}, {is_anything, is_expert, is_score}),
            (std::vector<int>{0, -1, 1}));
  EXPECT_EQ(pick_columns({}, {is_expert}), (std::vector<int>{-1}));
}

TEST(HeaderColumns, CellsTrimmedAndShortRows) {
  const std::vector<std::string> row = {" 张三\u3000", "85", ""};
  EXPECT_EQ(cell_at(row, 0), "张三");
  EXPECT_EQ(cell_at(row, 1), "85");
  EXPECT_EQ(cell_at(row, 2), "");
  EXPECT_EQ(cell_at(row, 3), "");
  EXPECT_EQ(cell_at(row, -1), "");
}

}  // namespace
}  // namespace atlas::ingest
