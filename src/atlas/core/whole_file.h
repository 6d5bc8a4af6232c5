// A file that is whole or absent: written beside its place under a temporary name and moved
// there only once every byte is written and the stream reports no error. A failure half-way, a
// full disk or a file-size limit leaves the file that was there before untouched. A device or
// a pipe (/dev/stdout, a FIFO) is written directly: there is nothing to replace.
#pragma once
#include <fstream>
#include <string>

namespace atlas::core {

class WholeFile {
 public:
  // Throws atlas::Error (kBadInput) naming `path` when the file cannot be created.
  explicit WholeFile(std::string path);
  ~WholeFile();  // without commit(): the temporary file is removed
  WholeFile(const WholeFile&) = delete;
  WholeFile& operator=(const WholeFile&) = delete;

  std::ostream& stream() { return file_; }
  // Closes the stream and checks that everything was written; throws atlas::Error (kBadInput)
  // naming the file otherwise. Lets a caller fail before committing other work.
  void finish();
  // Finishes if not yet done and puts the file in its place.
  void commit();

 private:
  [[noreturn]] void fail(const std::string& why);

  std::string path_, partial_;
  std::ofstream file_;
  bool finished_ = false, committed_ = false;
};

}  // namespace atlas::core
