#include "atlas/core/suggest.h"

#include <gtest/gtest.h>

namespace atlas::text {
namespace {

TEST(Suggest, EditDistanceCountsCodePoints) {
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);  // the textbook pair
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("Evaluate", "evalute"), 1u);     // case-blind, one deletion
  EXPECT_EQ(edit_distance("营业收入", "营业总收入"), 1u);  // one ideograph inserted, not 3 bytes
  EXPECT_EQ(edit_distance("湖北", "湖南"), 1u);
}

TEST(Suggest, ClosestNamesFirstAndOnlyPlausibleOnes) {
  std::vector<std::string> fields = {"high_tech_share", "high_tech_firms", "revenue", "profit"};
  // hightech_share is one insertion from high_tech_share; high_tech_firms is 6 edits away,
  // beyond a third of its 14 characters.
  EXPECT_EQ(closest_names("hightech_share", fields), std::vector<std::string>{"high_tech_share"});
  EXPECT_EQ(closest_names("revnue", fields), std::vector<std::string>{"revenue"});
  EXPECT_TRUE(closest_names("population", fields).empty());
  EXPECT_TRUE(closest_names("revenue", fields).empty());  // the name itself is no suggestion
}

TEST(Suggest, ContainmentCountsForLongNames) {
  std::vector<std::string> clusters = {"武汉东湖高新区光电子信息创新型产业集群",
                                       "本溪制药创新型产业集群"};
  EXPECT_EQ(closest_names("本溪制药", clusters),
            std::vector<std::string>{"本溪制药创新型产业集群"});
}

TEST(Suggest, MessageTail) {
  EXPECT_EQ(did_you_mean("evalute", {"evaluate", "explain", "export"}),
            " (did you mean 'evaluate'?)");
  EXPECT_EQ(did_you_mean("exprt", {"exports", "explain", "export"}),
            " (did you mean 'export' or 'exports'?)");  // 1 edit, then 2; explain is 4 away
  EXPECT_EQ(did_you_mean("zzzzzz", {"evaluate"}), "");
}

}  // namespace
}  // namespace atlas::text
