// Column headers as offices write them, mapped to the fields ClusterAtlas knows: Chinese or
// English names, with the unit in the header however it is written — 营业收入(万元), 营业收入万元,
// 营业收入/万元, 2024年营业收入（万元), revenue_yuan (header_text.h takes a header apart) — turned
// into a field and a factor to its canonical unit (元 for money, persons, counts); and the header
// row found among a file's first rows, under a title. docs/data-formats.md lists every header.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace atlas::ingest {

enum class FieldType {
  kText,        // free text (a name)
  kCreditCode,  // 统一社会信用代码
  kCluster,     // a cluster's id or name
  kYear,
  kChoice,  // one of a few words, read by the importer (role 龙头/骨干/其他, level, category)
  kFlag,    // 是/否, Y/N, 1/0, true/false
  kAmount,  // money: the header must say its unit
  kCount,   // persons, patents: an optional unit (人, 万人, 件)
  kWholeCount,  // firms, institutions, members: a whole number
  kCoordinate,  // degrees
};

struct FieldSpec {
  std::string key;  // canonical name, e.g. "revenue"
  FieldType type;
  bool required;
  std::vector<std::string> aliases;  // recognised names, without units, compared case-blind
};

// A header as matching compares it: lower-case ASCII without spaces, tabs, line breaks or
// underscores, so "Credit Code" and "credit_code" meet.
std::string header_key(std::string_view header);
// Whether `header` is one of `names`, compared by header_key.
bool header_is(std::string_view header, std::initializer_list<const char*> names);

// Fields every kind of row can carry: the cluster (id or name) and the year.
const FieldSpec& cluster_field();
const FieldSpec& year_field();
// The money and count figures an enterprise or a whole cluster reports for a year.
const std::vector<FieldSpec>& figure_fields();
// The fields of an enterprise-year row.
const std::vector<FieldSpec>& enterprise_fields();
// The fields of a cluster's own yearly totals (JQ01 and the survey's cluster figures).
const std::vector<FieldSpec>& cluster_report_fields();
// The fields of an R&D platform, a JQ03 service institution, a JQ04 alliance.
const std::vector<FieldSpec>& platform_fields();
const std::vector<FieldSpec>& institution_fields();
const std::vector<FieldSpec>& alliance_fields();

// A file column bound to a field.
struct ColumnBinding {
  int column;  // 0-based
  const FieldSpec* field;
  double factor;       // multiply a value by this to reach the canonical unit
  std::string header;  // as written in the file, for messages
  int year = 0;        // the year its header names (2024年营业收入), or 0
};

// A user's own layout (--mapping FILE, YAML): header text → field key and optional unit.
struct CustomMapping {
  struct Target {
    std::string field;
    std::string unit;  // empty: from the header or the field's default
  };
  std::map<std::string, Target> columns;
};

// Reads a YAML mapping:
//   columns:
//     企业营收: {field: revenue, unit: 万元}
//     编码: credit_code
// Throws atlas::Error (kBadInput) naming the file, line and column of a problem.
CustomMapping load_mapping(const std::string& path);

struct HeaderMapping {
  std::vector<ColumnBinding> bindings;
  std::vector<std::string> ignored;  // headers no field claimed
  const ColumnBinding* find(const std::string& key) const;
};

// Maps a header row (row `line` of the file). A column whose header names a year other than
// `year` (the import's --year) is left out, as one that no field claims. Throws atlas::Error
// (kBadInput) naming `source` and `line` and listing every problem at once: required fields
// missing, two columns for one field, a money column without a unit, a unit that is unknown or of
// the wrong kind (万元 for staff), a money column with a currency it does not know
// (营业收入万美元).
HeaderMapping map_header(const std::vector<std::string>& header,
                         const std::vector<FieldSpec>& fields, const CustomMapping* custom,
                         const std::string& source, std::int64_t line = 1,
                         std::optional<int> year = std::nullopt);

// How many header rows are looked for among the first rows of a file.
inline constexpr std::size_t kHeaderSearchRows = 10;

// Which of `rows` (a file's first non-blank rows) is the header: the one that names the most
// fields, preferring rows that name every required field; the first of equals; 0 when no row
// names any (map_header then reports what is missing).
std::size_t find_header_row(const std::vector<std::vector<std::string>>& rows,
                            const std::vector<FieldSpec>& fields, const CustomMapping* custom);

// The note that says where a header under a title was found: "f.csv: header found on row 3;
// rows 1–2 skipped (title)", `first` being the first row read.
std::string header_found_note(const std::string& source, std::int64_t first,
                              std::int64_t header_line);

// Multiplier of a unit written in a header or a mapping ("万元" → 1e4), or nullopt when unknown.
std::optional<double> unit_factor(const std::string& unit);

}  // namespace atlas::ingest
