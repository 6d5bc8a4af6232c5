#include "atlas/store/sqlite/early_writeback.h"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>

namespace atlas::store::sqlite {

EarlyWriteback::EarlyWriteback(std::string db_path) : path_(std::move(db_path)) {
  thread_ = std::thread([this] { run(); });
}

EarlyWriteback::~EarlyWriteback() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  stop_requested_.notify_all();
  thread_.join();
}

void EarlyWriteback::run() {
  // Opened read-only and only when they exist (the WAL appears with the first write): a file
  // that cannot be opened, or a file system without sync_file_range, just gets no hint.
  const std::string paths[] = {path_ + "-wal", path_};
  int fds[] = {-1, -1};
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      if (stop_requested_.wait_for(lock, std::chrono::milliseconds(50), [&] { return stop_; })) {
        break;
      }
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i] < 0) fds[i] = ::open(paths[i].c_str(), O_RDONLY | O_CLOEXEC);
      if (fds[i] >= 0) ::sync_file_range(fds[i], 0, 0, SYNC_FILE_RANGE_WRITE);
    }
  }
  for (int fd : fds) {
    if (fd >= 0) ::close(fd);
  }
}

}  // namespace atlas::store::sqlite
