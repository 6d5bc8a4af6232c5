#include "atlas/domain/credit_code.h"

#include <gtest/gtest.h>

namespace atlas::domain {
namespace {

TEST(CreditCode, CheckCharacterComputedByHand) {
  // 9·1 + 1·3 + 1·9 + 1·27 + 1·20 (9th character, weight 3^8 mod 31 = 20) = 68;
  // 68 mod 31 = 6; 31 − 6 = 25 → alphabet[25] = 'R'.
  EXPECT_EQ(credit_code_check_char("91110000100000000"), 'R');
  // All zeros: sum 0 → (31 − 0) mod 31 = 0 → '0'.
  EXPECT_EQ(credit_code_check_char("00000000000000000"), '0');
}

TEST(CreditCode, AcceptsPublishedCodes) {
  // Huawei Technologies Co., Ltd., as printed on its business licence.
  EXPECT_EQ(credit_code_problem("914403001922038216"), std::nullopt);
  EXPECT_EQ(credit_code_problem("91110000100000000R"), std::nullopt);
}

TEST(CreditCode, RejectsWrongCheckCharacter) {
  auto problem = credit_code_problem("914403001922038217");
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("should be '6'"), std::string::npos) << *problem;
}

TEST(CreditCode, RejectsBadShape) {
  EXPECT_TRUE(credit_code_problem("91440300192203821"));    // 17 characters
  EXPECT_TRUE(credit_code_problem("9144030019220382166"));  // 19 characters
  EXPECT_TRUE(credit_code_problem("91440300I92203821X"));   // I is not in the alphabet
  EXPECT_TRUE(credit_code_problem("914403001922038z16"));   // lower case
  EXPECT_TRUE(credit_code_problem("91A403001922038216"));   // division code not digits
  EXPECT_TRUE(credit_code_problem(""));
}

TEST(CreditCode, EveryByteOutsideTheAlphabetIsRefusedAnywhere) {
  // The alphabet of GB 32100-2015, written out here rather than taken from the code under test.
  const std::string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  for (int b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    const bool allowed = alphabet.find(c) != std::string::npos;
    // In the registration body (character 9), which any alphabet character may fill: the check
    // character is recomputed so that only the byte itself can make the code wrong.
    std::string first17 = "91440300" + std::string(1, c) + "22038216";
    auto check = credit_code_check_char(first17);
    EXPECT_EQ(check.has_value(), allowed) << b;
    if (check) {
      EXPECT_EQ(credit_code_problem(first17 + *check), std::nullopt) << b;
    } else {
      EXPECT_TRUE(credit_code_problem(first17 + "0")) << b;
    }
  }
}

}  // namespace
}  // namespace atlas::domain
