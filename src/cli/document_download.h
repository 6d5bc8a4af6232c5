// Writing an attached document out (`application download`, `notice download`): to `out`, to
// standard output for "-", or by default under its own name in the current directory — never
// over a file that exists there.
#pragma once
#include <cstdint>
#include <string>

#include "atlas/app/application_documents.h"
#include "context.h"

namespace atlas::cli {

void write_document(const Context& ctx, const app::DocumentFile& f, const std::string& out);

}  // namespace atlas::cli
