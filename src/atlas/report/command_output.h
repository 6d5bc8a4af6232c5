#pragma once
// For the reports' tests: what an independent tool prints (poppler's pdftotext, pdfinfo,
// pdffonts; a Python reader), read from a shell command's standard output.
#include <array>
#include <cstdio>
#include <memory>
#include <string>

namespace atlas::report {

inline std::string command_output(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::string out;
  std::array<char, 4096> buffer{};
  while (pipe && fgets(buffer.data(), buffer.size(), pipe.get())) out += buffer.data();
  return out;
}

}  // namespace atlas::report
