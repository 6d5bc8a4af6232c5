// The documents of `cached` routes (RouteDoc::cached), kept until the data changes: an
// aggregate listing takes milliseconds to compute and is asked for far more often than the data
// changes. An entry is valid for one value of Store::latest_change() — the newest audit entry,
// which every change of the data adds, in this process or any other (a CLI import) — so a
// reader never gets a document older than the data it could read itself. Who may read it is
// still decided on every request, before the cache is looked at. Shared by the workers.
#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace atlas::server {

class ResponseCache {
 public:
  // At most this many documents (distinct paths and queries); a full cache starts again empty.
  static constexpr std::size_t kMaxEntries = 512;

  // The body kept for `key` at `generation`, if any.
  std::shared_ptr<const std::string> find(const std::string& key, std::int64_t generation);
  void put(const std::string& key, std::int64_t generation, std::string body);

 private:
  struct Entry {
    std::int64_t generation;
    std::shared_ptr<const std::string> body;
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace atlas::server
