#include "atlas/evaluate/system_fields.h"

#include <algorithm>

#include <fmt/format.h>

#include "atlas/core/suggest.h"
#include "atlas/evaluate/expr.h"

namespace atlas::evaluate {
namespace {

void add_reads(const std::string& text, TextPlace at, const std::string& where,
               std::vector<FieldRead>& out) {
  try {
    auto formula = Formula::parse(text);
    for (const auto& use : formula.field_uses()) {
      out.push_back({use.name, place_in_file(at, use.line, use.column), where});
    }
  } catch (const FormulaError&) {
    // parse_system has placed the mistake already
  }
}

}  // namespace

std::vector<FieldRead> fields_read(const IndicatorSystem& system) {
  std::vector<FieldRead> out;
  for (const auto* n : system.indicators()) {
    add_reads(n->formula.empty() ? n->id : n->formula, n->formula_at,
              fmt::format("{} of '{}'", n->formula.empty() ? "indicator" : "formula", n->id), out);
  }
  for (const auto& g : system.gates) {
    add_reads(g.rule, g.rule_at, fmt::format("rule of gate '{}'", g.id), out);
  }
  return out;
}

std::vector<SystemProblem> unknown_fields(const IndicatorSystem& system,
                                          const std::vector<std::string>& known) {
  std::vector<SystemProblem> out;
  for (const auto& read : fields_read(system)) {
    if (std::find(known.begin(), known.end(), read.field) != known.end()) continue;
    out.push_back({read.at.line, read.at.column,
                   fmt::format("unknown field '{}' in the {}{}", read.field, read.where,
                               text::did_you_mean(read.field, known))});
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::pair(a.line, a.column) < std::pair(b.line, b.column);
  });
  return out;
}

}  // namespace atlas::evaluate
