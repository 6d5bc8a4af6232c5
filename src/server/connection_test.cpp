#include "server/connection.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <thread>

#include <gtest/gtest.h>

namespace atlas::server {
namespace {

// A connected pair: the server's end (served by a ConnectionStream) and the client's.
class ConnectionStreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    int fds[2];
    ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    server_ = fds[0];
    client_ = fds[1];
  }
  void TearDown() override {
    if (server_ >= 0) close(server_);
    if (client_ >= 0) close(client_);
  }
  // What the client can read without waiting.
  std::string client_reads_now() {
    std::string out;
    char buf[65536];
    for (;;) {
      ssize_t n = recv(client_, buf, sizeof(buf), MSG_DONTWAIT);
      if (n <= 0) break;
      out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
  }
  void client_sends(const std::string& bytes) {
    ASSERT_EQ(send(client_, bytes.data(), bytes.size(), 0), static_cast<ssize_t>(bytes.size()));
  }

  int server_ = -1, client_ = -1;
  StreamTimeouts timeouts_{30, 0, 30, 0};  // generous: no test waits for one to pass
};

TEST_F(ConnectionStreamTest, ARepliesHeadersAndBodyGoOutTogetherWhenFlushed) {
  ConnectionStream s(server_, timeouts_);
  EXPECT_EQ(s.write("HTTP/1.1 200 OK\r\n\r\n", 19), 19);
  EXPECT_EQ(s.write("{}", 2), 2);
  EXPECT_EQ(client_reads_now(), "");  // kept until the response is complete
  EXPECT_TRUE(s.flush());
  EXPECT_EQ(client_reads_now(), "HTTP/1.1 200 OK\r\n\r\n{}");
}

TEST_F(ConnectionStreamTest, KeptOutputIsSentBeforeReading) {
  // "100 Continue": the client sends its body only once it has the interim response.
  ConnectionStream s(server_, timeouts_);
  s.write("HTTP/1.1 100 Continue\r\n\r\n", 25);
  std::thread client([&] {
    char buf[64];
    ssize_t n = recv(client_, buf, sizeof(buf), 0);
    EXPECT_EQ(std::string(buf, static_cast<std::size_t>(std::max<ssize_t>(n, 0))),
              "HTTP/1.1 100 Continue\r\n\r\n");
    send(client_, "body", 4, 0);
  });
  char got[4];
  std::size_t have = 0;
  while (have < 4) {
    ssize_t n = s.read(got + have, 4 - have);
    ASSERT_GT(n, 0);
    have += static_cast<std::size_t>(n);
  }
  client.join();
  EXPECT_EQ(std::string(got, 4), "body");
}

TEST_F(ConnectionStreamTest, ALargeWriteFollowsWhatWasKeptInOrder) {
  ConnectionStream s(server_, timeouts_);
  std::string large(ConnectionStream::kKeptOutput * 3, 'x');
  large.back() = 'y';
  std::string received;
  std::thread client([&] {
    char buf[65536];
    while (received.size() < 5 + large.size()) {
      ssize_t n = recv(client_, buf, sizeof(buf), 0);
      if (n <= 0) break;
      received.append(buf, static_cast<std::size_t>(n));
    }
  });
  EXPECT_EQ(s.write("head:", 5), 5);
  EXPECT_EQ(s.write(large.data(), large.size()), static_cast<ssize_t>(large.size()));
  EXPECT_TRUE(s.flush());
  client.join();
  EXPECT_EQ(received, "head:" + large);
}

TEST_F(ConnectionStreamTest, BytesReadAheadServeTheNextRequestWithoutWaiting) {
  ConnectionStream s(server_, timeouts_);
  client_sends("GET /a\nGET /b\n");
  std::string first;
  char c;
  while (s.read(&c, 1) == 1 && c != '\n') first += c;
  EXPECT_EQ(first, "GET /a");
  // The second request is already here: no wait (a zero timeout would otherwise say none).
  EXPECT_TRUE(s.wait_for_request(0));
  std::string second;
  while (s.read(&c, 1) == 1 && c != '\n') second += c;
  EXPECT_EQ(second, "GET /b");
  EXPECT_FALSE(s.wait_for_request(0));  // nothing more sent
}

TEST_F(ConnectionStreamTest, ReadFailsOnceTheReadTimeoutPassesAndEndsAtTheClientsClose) {
  ConnectionStream s(server_, {0, 0, 0, 0});
  char buf[8];
  EXPECT_EQ(s.read(buf, sizeof(buf)), -1);  // nothing within the (zero) timeout
  client_sends("ab");
  close(client_);
  client_ = -1;
  EXPECT_EQ(s.read(buf, sizeof(buf)), 2);
  EXPECT_EQ(s.read(buf, sizeof(buf)), 0);  // the client closed
}

TEST_F(ConnectionStreamTest, WritingToAClosedPeerFailsWithoutASignal) {
  ConnectionStream s(server_, timeouts_);
  close(client_);
  client_ = -1;
  s.write("HTTP/1.1 200 OK\r\n\r\n", 19);
  EXPECT_FALSE(s.flush());  // EPIPE, not SIGPIPE: the process goes on
  EXPECT_EQ(s.write("more", 4), -1);
}

TEST_F(ConnectionStreamTest, AddressesOfASocketWithoutThemAreLeftUnset) {
  ConnectionStream s(server_, timeouts_);
  std::string ip = "unset";
  int port = -7;
  s.get_remote_ip_and_port(ip, port);
  EXPECT_EQ(ip, "");  // a Unix socket has no IP address
  EXPECT_EQ(port, -1);
  EXPECT_EQ(s.socket(), server_);
}

}  // namespace
}  // namespace atlas::server
