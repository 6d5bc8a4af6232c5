// libFuzzer harness: the formula parser and evaluator never crash on any text; a formula either
// parses, and then evaluates to a number or missing, or is refused with a FormulaError whose line
// and column lie inside the text.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "atlas/evaluate/expr.h"

namespace {

// Every field has values for two years; further back is missing, as in real data.
struct Fields : atlas::evaluate::FieldSource {
  double value(std::string_view field, int years_back) const override {
    if (years_back > 1) return NAN;
    return static_cast<double>(field.size()) - years_back;  // zero for some: exercises ÷ 0
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    auto formula = atlas::evaluate::Formula::parse(text);
    double v = formula.evaluate(Fields{});
    if (std::isinf(v)) std::abort();  // infinities are reported as missing
  } catch (const atlas::evaluate::FormulaError& e) {
    int lines = 1;
    for (char c : text) lines += c == '\n';
    if (e.line() < 1 || e.line() > lines || e.column() < 1) std::abort();
  }
  return 0;
}
