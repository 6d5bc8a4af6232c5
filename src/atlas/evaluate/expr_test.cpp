#include "atlas/evaluate/expr.h"

#include <cmath>
#include <map>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace atlas::evaluate {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A cluster's fields by year: values[field][k] is the value k years before the evaluation year.
struct Series : FieldSource {
  std::map<std::string, std::vector<double>, std::less<>> values;
  double value(std::string_view field, int years_back) const override {
    auto it = values.find(field);
    if (it == values.end() || years_back >= static_cast<int>(it->second.size())) return NAN;
    return it->second[years_back];
  }
};

double eval(std::string_view text, const Series& s = {}) {
  return Formula::parse(text).evaluate(s);
}

TEST(FormulaTest, ArithmeticPrecedenceAndUnicodeOperators) {
  EXPECT_DOUBLE_EQ(eval("1 + 2 * 3"), 7);
  EXPECT_DOUBLE_EQ(eval("(1 + 2) × 3"), 9);
  EXPECT_DOUBLE_EQ(eval("10 ÷ 4 − 1"), 1.5);
  EXPECT_DOUBLE_EQ(eval("-2 * -3"), 6);
  EXPECT_DOUBLE_EQ(eval("8 - 2 - 1"), 5);  // left to right: (8 − 2) − 1
  EXPECT_DOUBLE_EQ(eval("1e3 / 8"), 125);
}

TEST(FormulaTest, NumbersCarryChineseUnits) {
  EXPECT_DOUBLE_EQ(eval("300亿"), 3e10);
  EXPECT_DOUBLE_EQ(eval("300亿元"), 3e10);
  EXPECT_DOUBLE_EQ(eval("1.5万"), 15000);
  EXPECT_DOUBLE_EQ(eval("2千元"), 2000);
  EXPECT_DOUBLE_EQ(eval("4%"), 0.04);
}

TEST(FormulaTest, ComparisonsAndThreeValuedLogic) {
  Series s;
  s.values["revenue"] = {3.2e10};
  s.values["rd"] = {NAN};
  EXPECT_EQ(eval("revenue >= 300亿", s), 1);
  EXPECT_EQ(eval("revenue ≥ 400亿", s), 0);
  EXPECT_EQ(eval("revenue != 0 and not (revenue < 1)", s), 1);
  // rd is missing: a comparison with it is missing; false and missing is false; true or missing
  // is true.
  EXPECT_TRUE(std::isnan(eval("rd > 0", s)));
  EXPECT_EQ(eval("revenue < 0 and rd > 0", s), 0);
  EXPECT_EQ(eval("revenue > 0 or rd > 0", s), 1);
  EXPECT_TRUE(std::isnan(eval("revenue > 0 and rd > 0", s)));
  EXPECT_EQ(eval("1 < 2 且 2 < 3"), 1);
}

TEST(FormulaTest, MissingPropagatesAndDivisionByZeroIsMissing) {
  Series s;
  s.values["a"] = {5};
  s.values["zero"] = {0};
  EXPECT_TRUE(std::isnan(eval("a + unknown_field", s)));
  EXPECT_TRUE(std::isnan(eval("a / zero", s)));
  EXPECT_TRUE(std::isnan(eval("share(a, zero)", s)));
  EXPECT_TRUE(std::isnan(eval("sum(a, unknown_field)", s)));
  EXPECT_DOUBLE_EQ(eval("coalesce(unknown_field, a, 7)", s), 5);
  EXPECT_TRUE(std::isnan(eval("1e308 * 10")));  // overflow is no usable value
}

TEST(FormulaTest, FunctionsOverYears) {
  Series s;
  // revenue this year 120, then 100, 80, 60 (years back 0..3); staff 400.
  s.values["revenue"] = {120, 100, 80, 60};
  s.values["staff"] = {400};
  s.values["patents"] = {30};
  // (120 + 100 + 80) / 3 = 100.
  EXPECT_DOUBLE_EQ(eval("mean_last(revenue, 3)", s), 100);
  // Five years reach past the data: missing, not a mean of what is there.
  EXPECT_TRUE(std::isnan(eval("mean_last(revenue, 5)", s)));
  // 120 / 100 − 1 = 0.2.
  EXPECT_DOUBLE_EQ(eval("growth(revenue)", s), 0.2);
  // (120 / 60)^(1/3) − 1 = 2^(1/3) − 1 = 0.259921…
  EXPECT_NEAR(eval("cagr(revenue, 3)", s), 0.2599210498948732, 1e-12);
  // 30 / 400 × 10,000 = 750.
  EXPECT_DOUBLE_EQ(eval("per_10k(patents, staff)", s), 750);
  EXPECT_DOUBLE_EQ(eval("share(patents, staff)", s), 0.075);
  // A shifted expression: mean of (revenue / staff) needs staff in earlier years too.
  EXPECT_TRUE(std::isnan(eval("mean_last(revenue / staff, 2)", s)));
  EXPECT_DOUBLE_EQ(eval("mean_last(growth(revenue), 2)", s), (0.2 + 0.25) / 2);
}

// One convention with metrics::cagr (indicators_test.cpp): the start above 0, the end 0 or above.
TEST(FormulaTest, CagrFromAPositiveStartToAnyEndNotBelowZero) {
  Series s;
  s.values["revenue"] = {20, -10, 0, 80};                              // years back 0..3
  EXPECT_DOUBLE_EQ(eval("cagr(revenue, 3)", s), std::cbrt(0.25) - 1);  // (20 / 80)^(1/3) − 1
  Series fell;
  fell.values["revenue"] = {0, 80};
  EXPECT_DOUBLE_EQ(eval("cagr(revenue, 1)", fell), -1);  // (0 / 80) − 1
  EXPECT_TRUE(std::isnan(eval("cagr(revenue, 1)", s)));  // from a negative value
  EXPECT_TRUE(std::isnan(eval("cagr(revenue, 2)", s)));  // from 0
  Series negative;
  negative.values["revenue"] = {-10, 80};
  EXPECT_TRUE(std::isnan(eval("cagr(revenue, 1)", negative)));  // to a negative value
}

TEST(FormulaTest, CountMinMaxIfSum) {
  Series s;
  s.values["a"] = {3};
  s.values["b"] = {7};
  EXPECT_DOUBLE_EQ(eval("count(a > 1, b > 10, a < b)", s), 2);
  EXPECT_DOUBLE_EQ(eval("min(a, b, 5)", s), 3);
  EXPECT_DOUBLE_EQ(eval("max(a, b, 5)", s), 7);
  EXPECT_DOUBLE_EQ(eval("if(a > b, 1, 2)", s), 2);
  EXPECT_DOUBLE_EQ(eval("sum(a, b, 1)", s), 11);
}

TEST(FormulaTest, FieldsAreListedOnceInOrder) {
  auto f = Formula::parse("share(rd_expenditure, revenue) >= 4% and revenue >= 300亿");
  EXPECT_THAT(f.fields(), ElementsAre("rd_expenditure", "revenue"));
}

// Validation points at each field a formula reads, so every use is listed where it is:
// "×" is one character, and the second line starts again at column 1.
TEST(FormulaTest, FieldUsesCarryTheirLineAndColumn) {
  auto f = Formula::parse("revenue × 2 >= rd\n  and revenue > 0");
  ASSERT_EQ(f.field_uses().size(), 3u);
  EXPECT_EQ(f.field_uses()[0].name, "revenue");
  EXPECT_EQ(f.field_uses()[0].column, 1);
  EXPECT_EQ(f.field_uses()[1].name, "rd");
  EXPECT_EQ(f.field_uses()[1].line, 1);
  EXPECT_EQ(f.field_uses()[1].column, 16);
  EXPECT_EQ(f.field_uses()[2].line, 2);
  EXPECT_EQ(f.field_uses()[2].column, 7);
}

struct Bad {
  const char* text;
  int line, column;
  const char* message;
};

TEST(FormulaTest, ErrorsNameLineAndColumn) {
  const Bad cases[] = {
      {"revenue >", 1, 10, "ends where a value is expected"},
      {"(1 + 2", 1, 7, "')' expected"},
      {"frobnicate(1)", 1, 1, "unknown function 'frobnicate'"},
      {"share(1)", 1, 1, "share takes share(part, whole)"},
      {"mean_last(revenue, n)", 1, 1, "N must be a whole number"},
      {"mean_last(revenue, 2.5)", 1, 1, "N must be a whole number"},
      {"1 < 2 < 3", 1, 7, "do not chain"},
      {"revenue = 3", 1, 9, "use == to compare"},
      // Columns count characters: 营业收入 is four.
      {"营业收入 > 1", 1, 1, "unexpected '营'"},
      {"revenue >= 1\n  and @", 2, 7, "unexpected '@'"},
      {"1 2", 1, 3, "unexpected '2'"},
      {"1.2.3", 1, 1, "not a number"},
  };
  for (const auto& c : cases) {
    try {
      Formula::parse(c.text);
      ADD_FAILURE() << "no error for " << c.text;
    } catch (const FormulaError& e) {
      EXPECT_EQ(e.line(), c.line) << c.text;
      EXPECT_EQ(e.column(), c.column) << c.text;
      EXPECT_THAT(e.what(), HasSubstr(c.message)) << c.text;
    }
  }
}

TEST(FormulaTest, HostileInputIsAnErrorNotACrash) {
  EXPECT_THROW(Formula::parse(std::string(5000, '(') + "1"), FormulaError);
  EXPECT_THROW(Formula::parse(std::string(2000, '-') + "1"), FormulaError);
  std::string long_sum = "1";
  for (int i = 0; i < 3000; ++i) long_sum += "+1";
  EXPECT_THROW(Formula::parse(long_sum), FormulaError);  // over 4096 bytes
  std::string sum = "1";
  for (int i = 0; i < 2000; ++i) sum += "+1";
  EXPECT_DOUBLE_EQ(eval(sum), 2001);
}

}  // namespace
}  // namespace atlas::evaluate
