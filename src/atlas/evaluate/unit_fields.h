// The fields one unit offers to formulas, by year: a cluster's metrics over its history (the
// `--year` path) or one row of a `--data` table (a single year). Missing is simply absent.
#pragma once
#include <map>
#include <string>
#include <string_view>

#include "atlas/evaluate/expr.h"

namespace atlas::evaluate {

class UnitFields final : public FieldSource {
 public:
  explicit UnitFields(int year = 0) : year_(year) {}

  // A NaN value is not stored: missing stays missing.
  void set(const std::string& field, int year, double value);
  void set(const std::string& field, double value) { set(field, year_, value); }

  double value(std::string_view field, int years_back) const override;
  // Whether the unit has the field in any year.
  bool has(std::string_view field) const { return values_.find(field) != values_.end(); }
  int year() const { return year_; }

 private:
  int year_;
  std::map<std::string, std::map<int, double>, std::less<>> values_;
};

}  // namespace atlas::evaluate
