#include "atlas/core/whole_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "atlas/core/error.h"

namespace atlas::core {

WholeFile::WholeFile(std::string path)
    : path_(std::move(path)), partial_(fmt::format("{}.{}.part", path_, ::getpid())) {
  file_.open(partial_, std::ios::binary | std::ios::trunc);
  if (!file_) {
    throw Error(ErrorKind::kBadInput,
                fmt::format("cannot write the file: {}", std::strerror(errno)), {path_, 0, "", ""});
  }
}

WholeFile::~WholeFile() {
  if (committed_) return;
  file_.close();
  std::remove(partial_.c_str());
}

void WholeFile::finish() {
  if (finished_) return;
  finished_ = true;
  file_.close();
  // The stream keeps no error code; errno is that of the write that failed, if any since.
  if (file_.fail()) fail(errno ? std::strerror(errno) : "not everything could be written");
}

void WholeFile::commit() {
  finish();
  if (std::rename(partial_.c_str(), path_.c_str()) != 0) fail(std::strerror(errno));
  committed_ = true;
}

void WholeFile::fail(const std::string& why) {
  std::remove(partial_.c_str());
  throw Error(ErrorKind::kBadInput, fmt::format("cannot write the file: {}", why),
              {path_, 0, "", ""});
}

}  // namespace atlas::core
