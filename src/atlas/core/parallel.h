// Work shared out over threads so that results never depend on how many there are. in_parallel:
// job q always runs on thread q mod threads, for analyses that repeat one computation many times
// (replications, permutations). parallel_chunks: a range cut into chunks handed to whichever
// worker is free, for passes over many points whose chunks take uneven time.
#pragma once
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <limits>
#include <mutex>
#include <thread>
#include <vector>

namespace atlas::core {

// `wanted` threads (0 = the machine's cores), at least 1 and never more than `jobs`.
inline unsigned thread_count(int wanted,
                             std::size_t jobs = std::numeric_limits<std::size_t>::max()) {
  unsigned t = wanted > 0 ? static_cast<unsigned>(wanted)
                          : std::max(1u, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(t, jobs)));
}

// Runs job(q, thread) for q = 0 … count − 1, q on thread q mod threads (thread 0 is the
// caller's); after an error (a cancelled job's progress report throws) the others stop at their
// next job, and the first thread's error is rethrown once all have stopped.
template <typename Job>
void in_parallel(std::size_t count, unsigned threads, Job job) {
  std::vector<std::exception_ptr> errors(threads);
  std::atomic<bool> failed{false};
  auto work = [&](unsigned t) {
    try {
      for (std::size_t q = t; q < count && !failed.load(std::memory_order_relaxed); q += threads) {
        job(q, t);
      }
    } catch (...) {
      errors[t] = std::current_exception();
      failed = true;
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
  for (auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

// Calls body(begin, end) for chunks of [0, n) of `chunk` items each (the last shorter), on up to
// `threads` workers (0 = the machine's cores) taking the next chunk as they finish; the first
// exception is rethrown once all have stopped. Results must not depend on which worker ran what.
template <typename Body>
void parallel_chunks(std::size_t n, std::size_t chunk, int threads, Body&& body) {
  chunk = std::max<std::size_t>(chunk, 1);
  const std::size_t chunks = (n + chunk - 1) / chunk;
  const unsigned workers = chunks == 0 ? 1 : thread_count(threads, chunks);
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
  for (unsigned i = 1; i < workers; ++i) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace atlas::core
