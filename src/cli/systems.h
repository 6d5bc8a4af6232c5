// Indicator systems as the verbs find them: a shipped system by name (compiled in from
// data/systems/) or a YAML file.
#pragma once
#include <string>

#include "atlas/evaluate/system.h"
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

}  // namespace atlas::cli
