#include "atlas/report/table.h"

#include <gtest/gtest.h>

#include <sstream>

namespace atlas::report {
namespace {

std::string terminal(const Table& t) {
  std::ostringstream out;
  write_table(out, t);
  return out.str();
}

TEST(Table, YearsAndIdsAreNotGroupedButAmountsAre) {
  Table t;
  t.columns = {{"year", "年份", -1, true, 1, false}, {"firms", "企业数", -1, true}};
  t.add_row({std::int64_t{2023}, std::int64_t{12345}});
  std::string text = terminal(t);
  EXPECT_NE(text.find("2023"), std::string::npos) << text;
  EXPECT_EQ(text.find("2,023"), std::string::npos) << text;
  EXPECT_NE(text.find("12,345"), std::string::npos) << text;
}

}  // namespace
}  // namespace atlas::report
