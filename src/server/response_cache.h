// The documents of `cached` routes (RouteDoc::cached), kept until the data changes: an
// aggregate listing takes milliseconds to compute and is asked for far more often than the data
// changes. A document computed at one value of Store::latest_change() — the newest audit entry,
// which every change of the data adds, in this process or any other (a CLI import) — serves
// every request that read that value or an older one, so a reader never gets a document older
// than the data it could read itself. Who may read it is still decided on every request, before
// the cache is looked at. Shared by the workers.
//
// Each document is computed once per generation: the workers that want it while one computes
// it wait for that one, instead of all computing it at once — under a steady stream of writes
// every write makes the document stale, and the readers all recomputing it would take far more
// CPU than the machine has.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace atlas::server {

class ResponseCache {
 public:
  // At most this many documents (distinct paths and queries); a full cache drops the ones not
  // being computed.
  static constexpr std::size_t kMaxEntries = 512;

  using Body = std::shared_ptr<const std::string>;
  // Computes the document; nullptr when it must not be kept (the reply was an error).
  using Compute = std::function<Body()>;

  // The document for `key` at `generation` or newer: the one kept, the one another worker is
  // computing, or else compute()'s (whose exception reaches the caller; a waiting worker then
  // computes it itself).
  Body get(const std::string& key, std::int64_t generation, const Compute& compute);

 private:
  struct Entry {
    std::int64_t generation = -1;  // of `body`
    Body body;
    std::int64_t computing = -1;  // the generation a worker is computing, -1 when none is
  };
  std::mutex mutex_;
  std::condition_variable computed_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace atlas::server
