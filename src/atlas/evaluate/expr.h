// The formula language of indicators and gates (docs/indicator-systems.md): arithmetic,
// comparisons and and/or/not over a cluster-year's fields, numbers with Chinese units (300亿, 4%),
// and a fixed set of functions (sum, count, share, mean_last, growth, cagr, per_10k, min, max, if,
// coalesce). A formula is data, never code: it can only read fields and compute. Missing values
// propagate (NaN), division by zero gives missing, and a bad formula is an error naming its line
// and column.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "atlas/core/error.h"

namespace atlas::evaluate {

// Where the values come from: a field of the unit being evaluated, `years_back` years before the
// evaluation year (0 = that year). NaN when the field has no value then.
class FieldSource {
 public:
  virtual ~FieldSource() = default;
  virtual double value(std::string_view field, int years_back) const = 0;
};

// A formula that does not parse: the message, with the 1-based line and column (in characters)
// of the formula's text where it went wrong.
class FormulaError : public Error {
 public:
  FormulaError(int line, int column, const std::string& message)
      : Error(ErrorKind::kBadInput, message), line_(line), column_(column) {}
  int line() const { return line_; }
  int column() const { return column_; }

 private:
  int line_, column_;
};

class Formula {
 public:
  // Throws FormulaError.
  static Formula parse(std::string_view text);

  // Every field the formula reads, once each, in order of first use.
  const std::vector<std::string>& fields() const { return fields_; }
  // Every place a field is read, in order: its name and the 1-based line and column (in
  // characters) where it starts in the formula's text, for messages that point at it.
  struct FieldUse {
    std::string name;
    int line = 1, column = 1;
  };
  const std::vector<FieldUse>& field_uses() const { return uses_; }
  // The value for one unit: a number, 1 / 0 for a condition, NaN when missing.
  double evaluate(const FieldSource& source) const;
  const std::string& text() const { return text_; }

  struct Node;

 private:
  std::string text_;
  std::shared_ptr<const Node> root_;
  std::vector<std::string> fields_;
  std::vector<FieldUse> uses_;
};

// The functions a formula may call, with their argument counts, for messages and docs.
const std::vector<std::string>& formula_functions();

}  // namespace atlas::evaluate
