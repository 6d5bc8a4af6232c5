#include "atlas/store/postgres/test_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <regex>

#include <gtest/gtest.h>

#include "atlas/core/error.h"

namespace atlas::store::postgres {
namespace {

const char* kScript = ATLAS_SOURCE_DIR "/scripts/pg-test-server";

int port_of(const std::string& uri) {
  std::smatch m;
  static const std::regex kUri(R"(postgresql://atlas@127\.0\.0\.1:(\d+)/atlas)");
  if (!std::regex_match(uri, m, kUri)) return 0;
  return std::stoi(m[1]);
}

bool accepts_connections(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool connected = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return connected;
}

// Two at once, as two test binaries under `ctest -j` would start them: each on its own port and
// socket, each gone when stopped, the other untouched.
TEST(TestServerTest, StartsServersSideBySideAndStopsEachWhole) {
  TestServer a(kScript);
  TestServer b(kScript);
  const int port_a = port_of(a.uri()), port_b = port_of(b.uri());
  ASSERT_NE(port_a, 0) << a.uri();
  ASSERT_NE(port_b, 0) << b.uri();
  EXPECT_NE(port_a, port_b);
  EXPECT_TRUE(std::filesystem::exists(a.dir() / (".s.PGSQL." + std::to_string(port_a))));
  EXPECT_TRUE(accepts_connections(port_a));

  const auto dir_a = a.dir();
  a.stop();
  EXPECT_FALSE(accepts_connections(port_a));
  EXPECT_FALSE(std::filesystem::exists(dir_a));
  EXPECT_TRUE(a.dir().empty());
  a.stop();  // again: nothing to do
  EXPECT_TRUE(accepts_connections(port_b));
}

TEST(TestServerTest, SaysWhatFailedWhenTheScriptCannotRun) {
  // A temporary directory of our own, so that other processes' files do not count.
  std::string temporary = (std::filesystem::temp_directory_path() / "atlas-tmp-XXXXXX").string();
  ASSERT_NE(mkdtemp(temporary.data()), nullptr);
  const char* was = std::getenv("TMPDIR");
  const std::string saved = was ? was : "";
  setenv("TMPDIR", temporary.c_str(), 1);
  try {
    TestServer server("/nonexistent/pg-test-server");
    FAIL() << "started: " << server.uri();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kStore);
    EXPECT_NE(std::string(e.what()).find("/nonexistent/pg-test-server"), std::string::npos)
        << e.what();
  }
  EXPECT_TRUE(std::filesystem::is_empty(temporary)) << "its temporary directory is removed";
  if (was) {
    setenv("TMPDIR", saved.c_str(), 1);
  } else {
    unsetenv("TMPDIR");
  }
  std::filesystem::remove_all(temporary);
}

}  // namespace
}  // namespace atlas::store::postgres
