#include "atlas/core/whole_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "atlas/core/error.h"

namespace atlas::core {

WholeFile::WholeFile(std::string path) : path_(std::move(path)) {
  // A device or a pipe (/dev/stdout, /dev/null, a FIFO) is written as it is: it cannot be
  // replaced, and holds no earlier content to keep.
  struct stat st;
  bool special = ::stat(path_.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
  partial_ = special ? path_ : fmt::format("{}.{}.part", path_, ::getpid());
  file_.open(partial_, std::ios::binary | std::ios::trunc);
  if (!file_) {
    throw Error(ErrorKind::kBadInput,
                fmt::format("cannot write the file: {}", std::strerror(errno)), {path_, 0, "", ""});
  }
}

WholeFile::~WholeFile() {
  if (committed_) return;
  file_.close();
  if (partial_ != path_) std::remove(partial_.c_str());
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
  if (partial_ != path_ && std::rename(partial_.c_str(), path_.c_str()) != 0) {
    fail(std::strerror(errno));
  }
  committed_ = true;
}

void WholeFile::fail(const std::string& why) {
  if (partial_ != path_) std::remove(partial_.c_str());
  throw Error(ErrorKind::kBadInput, fmt::format("cannot write the file: {}", why),
              {path_, 0, "", ""});
}

}  // namespace atlas::core
