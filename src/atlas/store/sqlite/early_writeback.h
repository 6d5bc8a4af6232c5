// Starts the kernel writing a database's WAL and main file to disk while a large change is still
// running, so that the fdatasync calls of its checkpoint find most pages already written instead
// of flushing a hundred megabytes at the end. Only a hint to the kernel (sync_file_range with
// SYNC_FILE_RANGE_WRITE, from a helper thread, every 50 ms): what is durable when, and every
// sync SQLite makes, stay as they are. Internal to store/sqlite/.
#pragma once
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace atlas::store::sqlite {

class EarlyWriteback {
 public:
  // `db_path` names the database file; its WAL is `db_path` + "-wal".
  explicit EarlyWriteback(std::string db_path);
  ~EarlyWriteback();
  EarlyWriteback(const EarlyWriteback&) = delete;
  EarlyWriteback& operator=(const EarlyWriteback&) = delete;

 private:
  void run();

  std::string path_;
  std::mutex mutex_;
  std::condition_variable stop_requested_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace atlas::store::sqlite
