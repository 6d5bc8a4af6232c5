#include "server/response_cache.h"

namespace atlas::server {

std::shared_ptr<const std::string> ResponseCache::find(const std::string& key,
                                                       std::int64_t generation) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.generation != generation) return nullptr;
  return it->second.body;
}

void ResponseCache::put(const std::string& key, std::int64_t generation, std::string body) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  // A slower worker must not replace a newer document with the older one it computed.
  if (it != entries_.end() && it->second.generation > generation) return;
  if (it == entries_.end() && entries_.size() >= kMaxEntries) entries_.clear();
  entries_[key] = {generation, std::make_shared<const std::string>(std::move(body))};
}

}  // namespace atlas::server
