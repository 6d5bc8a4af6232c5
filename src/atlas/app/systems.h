// Indicator systems as the use cases find them: a shipped system by name (compiled in from
// data/systems/) or a YAML file; and the listings about systems — the shipped ones, a system's
// tree with its weights, the field catalogue — and the check of a system's fields. No printing:
// a system with problems is an InvalidSystem error that carries each problem's line.
#pragma once
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "atlas/core/error.h"
#include "atlas/evaluate/system.h"
#include "atlas/metrics/fields.h"
#include "atlas/report/table.h"

namespace atlas::app {

struct LoadedSystem {
  evaluate::IndicatorSystem system;
  std::string sha256;  // of the file's bytes, kept with each run
  std::string source;  // the file, or data/systems/NAME.yaml
};

// A system file that does not parse: `problems` holds one "FILE:LINE:COLUMN: message" each, which
// a shell shows before the error's own line ("N problems").
class InvalidSystem : public Error {
 public:
  InvalidSystem(std::vector<std::string> problems, const std::string& source);
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

// Throws kNotFound for neither a shipped name nor a file, InvalidSystem for one with problems.
LoadedSystem load_system(const std::string& name_or_file);
// Whether `name` is a shipped system's (the server takes only these: a name it is given is never
// a path on its disk).
bool is_shipped_system(const std::string& name);
// The shipped system `name`; throws kNotFound (field "system") for any other name, never reading
// a file.
LoadedSystem load_shipped_system(const std::string& name);

// The fields a `--year` evaluation supplies: the names of metrics::field_catalogue().
std::vector<std::string> catalogue_names();

// The imported columns behind a catalogue field, by import — "import enterprises: 发明专利授权,
// 从业人员; import clusters (JQ01): 发明专利授权, 从业人员" — with the header names the import
// itself reads (ingest's field lists), so that the two cannot disagree.
std::string import_columns(const metrics::FieldInfo& field);

// The fields `loaded` reads that `known` lacks, each "FILE:LINE:COLUMN: unknown field … (did you
// mean …)", in the order of the file; empty when every field is known.
std::vector<std::string> unknown_field_lines(const LoadedSystem& loaded,
                                             const std::vector<std::string>& known);

// `systems list`: each shipped system, its indicator count and what it is for.
report::Table shipped_systems_table();
// `systems show`: the tree with weights as written, within the parent and effective; the methods,
// gates, grades and composite as notes.
report::Table system_tree_table(const evaluate::IndicatorSystem& s);
// `systems fields`: the field catalogue — meaning, unit, how computed, imported columns.
report::Table fields_table();
// docs/fields.md, whole, from fields_table(): the page is this output, so it cannot drift.
void write_fields_markdown(std::ostream& out, const report::Table& t);

// `systems validate`, and the API's check of a YAML body: the system parsed, then the fields it
// reads checked against the cluster-year fields, or with `data` the columns of that table.
struct SystemValidation {
  std::optional<LoadedSystem> loaded;  // set when it parses
  std::string source;                  // the file, data/systems/NAME.yaml, or "body"
  std::string against;                 // "the columns of x.csv", for messages
  // The parse problems, or when it parses the unknown fields, each at its line; empty when valid.
  std::vector<evaluate::SystemProblem> problems;
  std::size_t levels = 0;  // depth of the tree, the index being level 1

  // Each problem as "FILE:LINE:COLUMN: message".
  std::vector<std::string> problem_lines() const;
  // `systems validate --format json`, the API's answer: what a valid system holds, or
  // "valid": false with every problem at its line and column.
  nlohmann::ordered_json document() const;
};
// Throws kNotFound for neither a shipped name nor a file; problems are in the result.
SystemValidation validate_system(const std::string& name_or_file, const std::string& data = "");
// A system's YAML handed over as text (a request body), never a path, checked against the
// cluster-year fields.
SystemValidation validate_system_text(const std::string& yaml, const std::string& source);

}  // namespace atlas::app
