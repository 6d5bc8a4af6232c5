// Work shared out over threads so that results never depend on how many there are: job q always
// runs on thread q mod threads, and each job writes only what belongs to q (or to its thread).
// Used by the analyses that repeat one computation many times (replications, permutations).
#pragma once
#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace atlas::core {

// `wanted` threads (0 = the machine's cores), at least 1 and never more than `jobs`.
inline unsigned thread_count(int wanted, std::size_t jobs) {
  unsigned t = wanted > 0 ? static_cast<unsigned>(wanted)
                          : std::max(1u, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(t, jobs)));
}

// Runs job(q, thread) for q = 0 … count − 1, q on thread q mod threads (thread 0 is the
// caller's); rethrows the first thread's error once all have stopped.
template <typename Job>
void in_parallel(std::size_t count, unsigned threads, Job job) {
  std::vector<std::exception_ptr> errors(threads);
  auto work = [&](unsigned t) {
    try {
      for (std::size_t q = t; q < count; q += threads) job(q, t);
    } catch (...) {
      errors[t] = std::current_exception();
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

}  // namespace atlas::core
