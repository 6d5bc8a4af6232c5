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

CLI::App* add_download_verb(CLI::App* group, const std::string& owner, std::int64_t& owner_id,
                            std::int64_t& document, std::string& out,
                            const std::vector<std::string>& examples) {
  const std::string verb = group->get_name();
  auto* download = group->add_subcommand(
      "download",
      "Write an " + owner + "'s document out as it was attached, checked by its SHA-256");
  download->add_option(owner, owner_id, "The " + owner + "'s id")->required();
  download->add_option("document", document, "Document id (" + verb + " documents lists them)")
      ->required();
  download->add_option("--out", out,
                       "Where to write it; - for standard output (default: its own name here, "
                       "never replacing a file)");
  std::string footer =
      "The bytes are checked against the size and SHA-256 recorded when the document was\n"
      "attached; a copy changed inside the database is refused (exit 4).\n"
      "Examples:";
  for (const auto& e : examples) footer += "\n  clusteratlas " + verb + " download " + e;
  download->footer(footer);
  return download;
}

}  // namespace atlas::cli
