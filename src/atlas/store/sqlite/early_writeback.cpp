#include "atlas/store/sqlite/early_writeback.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <utility>

namespace atlas::store::sqlite {
namespace {

// A descriptor of the database file for the hints, opened once per file and never closed:
// closing any descriptor of a file drops every POSIX lock the process holds on it — SQLite's
// own connections' locks included (sqlite.org/howtocorrupt.html, 2.2). Closed after an import,
// it took the importing connection's lock, and in the server the other workers' too, so another
// connection could checkpoint or remove a WAL still in use. SQLite itself keeps such
// descriptors open for the same reason. The WAL carries no lock: its descriptor is closed.
// -1 while the file does not exist.
int database_descriptor(const std::string& path) {
  static std::mutex mutex;
  static std::map<std::pair<dev_t, ino_t>, int> open_files;
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return -1;
  std::lock_guard lock(mutex);
  auto [it, added] = open_files.try_emplace({st.st_dev, st.st_ino}, -1);
  if (added) it->second = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  return it->second;
}

}  // namespace

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
  const std::string wal_path = path_ + "-wal";
  int wal = -1, database = -1;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      if (stop_requested_.wait_for(lock, std::chrono::milliseconds(50), [&] { return stop_; })) {
        break;
      }
    }
    if (wal < 0) wal = ::open(wal_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (database < 0) database = database_descriptor(path_);
    for (int fd : {wal, database}) {
      if (fd >= 0) ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
    }
  }
  if (wal >= 0) ::close(wal);
}

}  // namespace atlas::store::sqlite
