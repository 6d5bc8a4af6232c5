#include "atlas/evaluate/coinr.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <map>
#include <optional>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "atlas/core/error.h"

namespace atlas::evaluate {
namespace {

struct Entry {
  std::string code, name, parent, unit, denominator;
  std::string direction, weight, target;
  bool indicator = false;
  int line = 0;
  std::vector<std::size_t> children;
};

bool na(const std::string& v) {
  return v.empty() || v == "NA";
}

std::optional<double> number(const std::string& v) {
  double d = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
  if (ec != std::errc() || end != v.data() + v.size() || !std::isfinite(d)) return std::nullopt;
  return d;
}

}  // namespace

std::string system_from_coinr(const std::vector<std::vector<std::string>>& rows,
                              const std::vector<int>& lines, const std::string& source,
                              const CoinrOptions& options) {
  if (rows.empty()) throw Error(ErrorKind::kBadInput, "the file is empty", {source, 1, "", ""});
  const auto& header = rows[0];
  auto col = [&](const char* name, bool required) -> int {
    auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) {
      if (required) {
        throw Error(ErrorKind::kBadInput,
                    fmt::format("an iMeta table needs a '{}' column (COINr's iMeta layout)", name),
                    {source, lines[0], "", ""});
      }
      return -1;
    }
    return static_cast<int>(it - header.begin());
  };
  int c_code = col("iCode", true), c_type = col("Type", true), c_parent = col("Parent", true);
  int c_name = col("iName", false), c_dir = col("Direction", false),
      c_weight = col("Weight", false);
  int c_unit = col("Unit", false), c_target = col("Target", false),
      c_den = col("Denominator", false);

  std::vector<Entry> entries;
  std::map<std::string, std::size_t> index;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    auto cell = [&](int c) {
      return c >= 0 && c < static_cast<int>(rows[r].size()) ? rows[r][c] : "";
    };
    std::string type = cell(c_type);
    if (type != "Indicator" && type != "Aggregate") continue;  // groups, denominators, others
    Entry e{
        cell(c_code),   cell(c_name),   cell(c_parent),      cell(c_unit), cell(c_den), cell(c_dir),
        cell(c_weight), cell(c_target), type == "Indicator", lines[r],     {}};
    if (na(e.code))
      throw Error(ErrorKind::kBadInput, "iCode is empty", {source, e.line, "iCode", ""});
    if (!index.emplace(e.code, entries.size()).second) {
      throw Error(ErrorKind::kBadInput, fmt::format("iCode '{}' appears twice", e.code),
                  {source, e.line, "iCode", ""});
    }
    entries.push_back(e);
  }
  std::optional<std::size_t> root;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    auto& e = entries[i];
    if (na(e.parent)) {
      if (e.indicator) {
        throw Error(ErrorKind::kBadInput, fmt::format("indicator '{}' has no Parent", e.code),
                    {source, e.line, "Parent", ""});
      }
      if (root) {
        throw Error(ErrorKind::kBadInput,
                    fmt::format("'{}' and '{}' both have no Parent: an index has one root",
                                entries[*root].code, e.code),
                    {source, e.line, "Parent", ""});
      }
      root = i;
      continue;
    }
    auto p = index.find(e.parent);
    if (p == index.end() || entries[p->second].indicator) {
      throw Error(
          ErrorKind::kBadInput,
          fmt::format("Parent '{}' of '{}' is not an aggregate in this table", e.parent, e.code),
          {source, e.line, "Parent", ""});
    }
    entries[p->second].children.push_back(i);
  }
  if (!root)
    throw Error(ErrorKind::kBadInput, "no aggregate without a Parent: no index",
                {source, 0, "", ""});

  YAML::Emitter y;
  y.SetDoublePrecision(15);  // 4.11803135, not 4.1180313499999999
  y << YAML::BeginMap;
  y << YAML::Key << "id" << YAML::Value << options.id;
  y << YAML::Key << "name_en" << YAML::Value << entries[*root].name;
  y << YAML::Key << "description" << YAML::Value
    << fmt::format("Converted from COINr's iMeta table {}{}", source,
                   options.denominate ? ", indicators divided by their denominators" : "");
  y << YAML::Key << "methods" << YAML::Value << YAML::BeginMap << YAML::Key << "normalise"
    << YAML::Value << "minmax" << YAML::Key << "aggregate" << YAML::Value << "arithmetic"
    << YAML::EndMap;
  std::vector<bool> reached(entries.size());
  std::function<void(std::size_t)> emit = [&](std::size_t i) {
    const auto& e = entries[i];
    reached[i] = true;
    y << YAML::BeginMap;
    y << YAML::Key << "id" << YAML::Value << e.code;
    y << YAML::Key << "name_en" << YAML::Value << (na(e.name) ? e.code : e.name);
    if (!na(e.weight)) {
      auto w = number(e.weight);
      if (!w || *w <= 0) {
        throw Error(ErrorKind::kBadInput, fmt::format("'{}' is not a positive weight", e.weight),
                    {source, e.line, "Weight", ""});
      }
      y << YAML::Key << "weight" << YAML::Value << *w;
    }
    if (!na(e.direction)) {
      auto d = number(e.direction);
      if (!d || (*d != 1 && *d != -1)) {
        throw Error(ErrorKind::kBadInput,
                    fmt::format("Direction '{}' is neither 1 nor -1", e.direction),
                    {source, e.line, "Direction", ""});
      }
      if (*d == -1) y << YAML::Key << "polarity" << YAML::Value << "negative";
    }
    if (e.indicator) {
      if (!na(e.unit)) y << YAML::Key << "unit" << YAML::Value << e.unit;
      if (!na(e.target)) {
        auto t = number(e.target);
        if (!t) {
          throw Error(ErrorKind::kBadInput, fmt::format("Target '{}' is not a number", e.target),
                      {source, e.line, "Target", ""});
        }
        y << YAML::Key << "target" << YAML::Value << *t;
      }
      if (options.denominate && !na(e.denominator)) {
        y << YAML::Key << "formula" << YAML::Value << fmt::format("{} / {}", e.code, e.denominator);
      }
    } else {
      if (e.children.empty()) {
        throw Error(ErrorKind::kBadInput, fmt::format("aggregate '{}' has no children", e.code),
                    {source, e.line, "iCode", ""});
      }
      y << YAML::Key << "weights" << YAML::Value << "relative";
      y << YAML::Key << "children" << YAML::Value << YAML::BeginSeq;
      for (auto c : e.children) emit(c);
      y << YAML::EndSeq;
    }
    y << YAML::EndMap;
  };
  y << YAML::Key << "index" << YAML::Value;
  emit(*root);
  y << YAML::EndMap;
  // Each entry has one parent, so one the index does not reach hangs in a loop of Parent links.
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (!reached[i]) {
      throw Error(ErrorKind::kBadInput,
                  fmt::format("'{}' does not lead up to the index: its Parent links form a loop",
                              entries[i].code),
                  {source, entries[i].line, "Parent", ""});
    }
  }
  return std::string(y.c_str()) + "\n";
}

}  // namespace atlas::evaluate
