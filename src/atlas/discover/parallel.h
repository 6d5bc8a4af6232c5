// A parallel loop for discovery's passes: [0, n) cut into chunks handed out to `threads` workers
// (std::thread) as they finish, so uneven chunks balance. Results must not depend on which worker
// runs a chunk; the first exception a worker throws is rethrown to the caller after all stop.
#pragma once
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace atlas::discover {

// 0 → every hardware thread (at least 1).
inline int thread_count(int requested) {
  if (requested > 0) return requested;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

// Calls body(begin, end) for chunks of [0, n) of `chunk` items each (the last shorter).
template <typename Body>
void parallel_chunks(std::size_t n, std::size_t chunk, int threads, Body&& body) {
  chunk = std::max<std::size_t>(chunk, 1);
  const std::size_t chunks = (n + chunk - 1) / chunk;
  const int workers = static_cast<int>(std::min<std::size_t>(thread_count(threads), chunks));
  if (workers <= 1) {
    for (std::size_t b = 0; b < n; b += chunk) body(b, std::min(n, b + chunk));
    return;
  }
  std::atomic<std::size_t> next{0};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto work = [&] {
    try {
      for (;;) {
        const std::size_t b = next.fetch_add(chunk);
        if (b >= n) return;
        body(b, std::min(n, b + chunk));
      }
    } catch (...) {
      std::lock_guard lock(error_mutex);
      if (!error) error = std::current_exception();
      next.store(n);
    }
  };
  std::vector<std::thread> pool;
  for (int i = 1; i < workers; ++i) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace atlas::discover
