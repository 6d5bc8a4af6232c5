// Writing an attached document out (`application download`, `notice download`): to `out`, to
// standard output for "-", or by default under its own name in the current directory — never
// over a file that exists there.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "atlas/app/application_documents.h"
#include "context.h"

namespace atlas::cli {

void write_document(const Context& ctx, const app::DocumentFile& f, const std::string& out);

// The `download` verb of `group` ("application", "notice"): OWNER DOCUMENT [--out FILE] into
// `owner_id`, `document` and `out`, documented with `examples` (lines of "OWNER DOC [--out …]").
// The caller sets its callback.
CLI::App* add_download_verb(CLI::App* group, const std::string& owner, std::int64_t& owner_id,
                            std::int64_t& document, std::string& out,
                            const std::vector<std::string>& examples);

}  // namespace atlas::cli
