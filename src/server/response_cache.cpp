#include "server/response_cache.h"

namespace atlas::server {

ResponseCache::Body ResponseCache::get(const std::string& key, std::int64_t generation,
                                       const Compute& compute) {
  std::unique_lock lock(mutex_);
  for (;;) {
    auto it = entries_.find(key);
    if (it == entries_.end()) break;
    if (it->second.body && it->second.generation >= generation) return it->second.body;
    if (it->second.computing < generation) break;
    computed_.wait(lock);  // someone computes this generation or a newer one
  }
  if (entries_.size() >= kMaxEntries && !entries_.contains(key)) {
    std::erase_if(entries_, [](const auto& e) { return e.second.computing < 0; });
  }
  entries_[key].computing = generation;
  lock.unlock();

  Body body;
  try {
    body = compute();
  } catch (...) {
    lock.lock();
    auto& entry = entries_[key];
    if (entry.computing == generation) entry.computing = -1;
    computed_.notify_all();
    throw;
  }
  lock.lock();
  auto& entry = entries_[key];
  // A slower worker must not replace a newer document with the older one it computed.
  if (body && generation > entry.generation) {
    entry.generation = generation;
    entry.body = body;
  }
  if (entry.computing == generation) entry.computing = -1;
  computed_.notify_all();
  return body;
}

}  // namespace atlas::server
