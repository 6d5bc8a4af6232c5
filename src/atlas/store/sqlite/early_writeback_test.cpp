#include "atlas/store/sqlite/early_writeback.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

namespace atlas::store::sqlite {
namespace {

// Only a hint: it creates no file, changes no byte, and stops promptly when the change is over.
TEST(EarlyWriteback, HintsWithoutCreatingOrChangingFiles) {
  auto dir = std::filesystem::temp_directory_path() /
             ("atlas_early_writeback_test_" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto db = (dir / "atlas.db").string();
  std::ofstream(db, std::ios::binary) << "eight KiB of pages, in short";  // no WAL file yet
  auto start = std::chrono::steady_clock::now();
  {
    EarlyWriteback writeback(db);
    std::this_thread::sleep_for(std::chrono::milliseconds(120));  // two or three hints
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_FALSE(std::filesystem::exists(db + "-wal"));
  std::ifstream in(db, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "eight KiB of pages, in short");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace atlas::store::sqlite
