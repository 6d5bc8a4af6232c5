#include "server/response_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

namespace atlas::server {
namespace {

ResponseCache::Body text(const std::string& s) {
  return std::make_shared<const std::string>(s);
}

TEST(ResponseCache, KeepsADocumentUntilTheDataChanges) {
  ResponseCache cache;
  int computed = 0;
  auto compute = [&] { return text("zones v" + std::to_string(++computed)); };
  EXPECT_EQ(*cache.get("/api/v1/zones", 7, compute), "zones v1");
  EXPECT_EQ(*cache.get("/api/v1/zones", 7, compute), "zones v1");
  EXPECT_EQ(*cache.get("/api/v1/zones", 8, compute), "zones v2");  // a change came in
  EXPECT_EQ(computed, 2);
}

TEST(ResponseCache, ANewerDocumentServesAReaderOfAnOlderGeneration) {
  // A worker that read generation 7 before another worker stored 9's document gets 9's: it is
  // at least as new as what that worker could read itself.
  ResponseCache cache;
  cache.get("/api/v1/overview", 9, [] { return text("at 9"); });
  EXPECT_EQ(*cache.get("/api/v1/overview", 7, [] { return text("at 7"); }), "at 9");
}

TEST(ResponseCache, AnOlderDocumentNeverReplacesANewerOne) {
  ResponseCache cache;
  cache.get("/api/v1/zones", 9, [] { return text("at 9"); });
  // A slow worker finishing generation 8 after 9 was stored: its document is its own reply,
  // but not kept.
  EXPECT_EQ(*cache.get("/api/v1/zones", 10,
                       [&] {
                         EXPECT_EQ(*cache.get("/api/v1/zones", 8, [] { return text("at 8"); }),
                                   "at 9");
                         return text("at 10");
                       }),
            "at 10");
  EXPECT_EQ(*cache.get("/api/v1/zones", 10, [] { return text("again"); }), "at 10");
}

TEST(ResponseCache, AnErrorIsNotKept) {
  ResponseCache cache;
  EXPECT_EQ(cache.get("/api/v1/zones?province=99", 3, [] { return nullptr; }), nullptr);
  EXPECT_EQ(*cache.get("/api/v1/zones?province=99", 3, [] { return text("later"); }), "later");
}

TEST(ResponseCache, EachPathAndQueryIsItsOwnDocument) {
  ResponseCache cache;
  cache.get("/api/v1/zones?province=33", 1, [] { return text("zhejiang"); });
  EXPECT_EQ(*cache.get("/api/v1/zones?province=44", 1, [] { return text("guangdong"); }),
            "guangdong");
  EXPECT_EQ(*cache.get("/api/v1/zones?province=33", 1, [] { return text("x"); }), "zhejiang");
}

TEST(ResponseCache, WorkersAskingAtOnceComputeTheDocumentOnce) {
  // Eight workers want the same stale document; the first computes it (slowly), the others
  // wait for it rather than computing it again. Whatever the threads' timing, a second
  // computation can only come from workers that did not wait.
  ResponseCache cache;
  std::atomic<int> computed = 0;
  std::vector<std::thread> workers;
  std::vector<std::string> got(8);
  for (int i = 0; i < 8; ++i) {
    workers.emplace_back([&, i] {
      got[i] = *cache.get("/api/v1/zones", 42, [&] {
        ++computed;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        return text("the zones");
      });
    });
  }
  for (auto& w : workers) w.join();
  EXPECT_EQ(computed, 1);
  for (const auto& g : got) EXPECT_EQ(g, "the zones");
}

TEST(ResponseCache, AWaitingWorkerComputesTheDocumentWhenTheComputingOneFails) {
  ResponseCache cache;
  std::atomic<bool> started = false;
  std::thread failing([&] {
    EXPECT_THROW(cache.get("/api/v1/overview", 5,
                           [&]() -> ResponseCache::Body {
                             started = true;
                             std::this_thread::sleep_for(std::chrono::milliseconds(100));
                             throw std::runtime_error("database is locked");
                           }),
                 std::runtime_error);
  });
  while (!started) std::this_thread::yield();
  EXPECT_EQ(*cache.get("/api/v1/overview", 5, [] { return text("computed here"); }),
            "computed here");
  failing.join();
}

TEST(ResponseCache, AFullCacheStartsAgain) {
  ResponseCache cache;
  for (std::size_t i = 0; i < ResponseCache::kMaxEntries; ++i) {
    cache.get("/p" + std::to_string(i), 1, [&] { return text(std::to_string(i)); });
  }
  cache.get("/one-more", 1, [] { return text("kept"); });
  int recomputed = 0;
  cache.get("/p0", 1, [&] {
    ++recomputed;
    return text("0");
  });
  EXPECT_EQ(recomputed, 1);
  EXPECT_EQ(*cache.get("/one-more", 1, [] { return text("lost"); }), "kept");
}

}  // namespace
}  // namespace atlas::server
