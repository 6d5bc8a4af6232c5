// The field catalogue: every field a formula or gate can read when clusters are evaluated from the
// database (`evaluate --year`) — its meaning in Chinese and English, its unit and scale (元,
// persons, counts, or a fraction 0–1), how it is computed, and which imported figures feed it.
// One list, read by system validation ("unknown field … did you mean"), by `systems fields` and
// so by docs/fields.md, which that verb writes: a field added here is documented and accepted at
// once. The import's own header aliases stay in ingest/columns.cpp; `Source` names the ingest
// field, and the shell looks its headers up there.
#pragma once
#include <string_view>
#include <vector>

namespace atlas::metrics {

// What a field's numbers are. Money is in 元 (never 万元), shares are fractions (0.25, which a
// formula may write 25%).
enum class FieldUnit {
  kYuan,           // 元
  kPersons,        // 人
  kCount,          // 个, 家, 件: a number of things
  kFraction,       // 0–1
  kYuanPerPerson,  // 元/人
  kPer10kStaff,    // per 10,000 persons employed
};

// Where a reported figure comes from: an import kind (`clusteratlas import KIND`) and the ingest
// field of that kind (ingest::enterprise_fields(), cluster_report_fields(), …); `detail` says
// which rows or values count, when the field alone does not.
struct FieldSource {
  std::string_view
      import;  // enterprises, clusters (JQ01), platforms, institutions (JQ03), alliances (JQ04)
  std::string_view field;   // the ingest field key, e.g. granted_invention_patents
  std::string_view detail;  // e.g. "国家级 rows"; may be empty
};

struct FieldInfo {
  std::string_view name;  // as formulas write it
  std::string_view name_zh, name_en;
  FieldUnit unit;
  // How it is computed from other fields, e.g. "granted_invention_patents / employment × 10,000";
  // empty for a figure as reported (summed over the cluster's firms, or its own report).
  std::string_view computed;
  std::vector<FieldSource>
      sources;  // the imported figures behind it, directly or through `computed`
};

// Every field of a cluster-year, in a fixed order (figures, then shares and ratios, then the
// counts of platforms, institutions and alliances).
const std::vector<FieldInfo>& field_catalogue();

// The entry for `name`, or nullptr.
const FieldInfo* find_field(std::string_view name);

// "元", "人", "count", "fraction 0–1 (write 4% for 0.04)", … for tables and docs.
std::string_view unit_text(FieldUnit unit);

}  // namespace atlas::metrics
