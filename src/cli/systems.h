// Indicator systems as the verbs find them: a shipped system by name (compiled in from
// data/systems/) or a YAML file.
#pragma once
#include <string>
#include <vector>

#include "atlas/evaluate/system.h"
#include "atlas/metrics/fields.h"
#include "context.h"

namespace atlas::cli {

struct LoadedSystem {
  evaluate::IndicatorSystem system;
  std::string sha256;  // of the file's bytes, kept with each run
  std::string source;  // the file, or data/systems/NAME.yaml
};

// Throws kNotFound for neither a shipped name nor a file; for a system with problems prints
// each as FILE:LINE:COLUMN: message on stdout and throws kBadInput.
LoadedSystem load_system(const std::string& name_or_file);

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

}  // namespace atlas::cli
