#include "document_download.h"

#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "atlas/core/error.h"

namespace atlas::cli {

void write_document(const Context& ctx, const app::DocumentFile& f, const std::string& out) {
  std::string path = out.empty() ? f.document.name : out == "-" ? "" : out;
  if (out.empty() && std::filesystem::exists(path)) {
    throw Error(ErrorKind::kBadInput,
                fmt::format("{} exists already: give --out to say where to write document {}", path,
                            f.document.id));
  }
  Output file(path);
  file.stream().write(f.content.data(), static_cast<std::streamsize>(f.content.size()));
  file.close();
  if (!ctx.quiet && !path.empty()) {
    std::cout << fmt::format("{} written ({} bytes, sha256 {})\n", path, f.document.size,
                             f.document.sha256);
  }
}

}  // namespace atlas::cli
