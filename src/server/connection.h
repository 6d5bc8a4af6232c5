// One client connection of the server: httplib::Server (Debian's cpp-httplib 0.11) with its loop
// over a connection's requests replaced by one that keeps a stream for the whole connection.
// httplib parses each request, routes it and writes the response's bytes as before; what changes
// is how those bytes meet the socket. httplib's own stream waits in poll() before every read and
// every write, asks the kernel for both addresses on every request and sends the headers and the
// body in two segments — 19 system calls for a cached read, where nginx makes about 4. This one
// reads without polling when the bytes are there, learns the addresses once per connection and
// sends each response in one write, flushed when httplib has written all of it and before it
// next reads (an interim "100 Continue" goes out before the body it asks for is awaited).
// Timeouts are httplib's: a read or a write that waits longer than its timeout fails.
#pragma once
#include <sys/types.h>

#include <cstddef>
#include <ctime>
#include <string>
#include <vector>

#include <httplib.h>

namespace atlas::server {

struct StreamTimeouts {
  std::time_t read_sec = 0, read_usec = 0;
  std::time_t write_sec = 0, write_usec = 0;
};

// A connected socket as httplib's Stream, for as long as the connection lasts. Not thread-safe:
// one worker serves one connection.
class ConnectionStream final : public httplib::Stream {
 public:
  // Output kept before it is sent: larger writes go out at once, after what was kept.
  static constexpr std::size_t kKeptOutput = 64 * 1024;

  ConnectionStream(int sock, StreamTimeouts timeouts);

  bool is_readable() const override;
  bool is_writable() const override;
  // Sends any kept output first: the client may be waiting for it before it sends more.
  ssize_t read(char* ptr, std::size_t size) override;
  // Keeps the bytes to send with the rest of the response (flush()); -1 once sending failed.
  ssize_t write(const char* ptr, std::size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  int socket() const override { return sock_; }

  // Waits up to `seconds` for the first bytes of the next request: true when they are there
  // (already read ahead, or arriving), false when none came, or the peer closed or failed.
  bool wait_for_request(std::time_t seconds);
  // Sends the kept output; false when the peer is gone or the write timeout passed.
  bool flush() { return send_kept(); }

 private:
  bool wait(short events, std::time_t sec, std::time_t usec) const;
  ssize_t receive(char* into, std::size_t size) const;
  bool send_all(const char* data, std::size_t size) const;
  bool send_kept() const;

  int sock_;
  StreamTimeouts timeouts_;
  std::string remote_ip_, local_ip_;
  int remote_port_ = -1, local_port_ = -1;
  std::vector<char> read_buffer_;
  std::size_t read_begin_ = 0, read_end_ = 0;  // bytes read ahead, not yet handed out
  // is_readable() is const in httplib's interface and must send what is kept, as read() does.
  mutable std::string kept_;
  mutable bool failed_ = false;
};

// httplib::Server serving each connection through a ConnectionStream (above); everything else —
// handlers, limits, keep-alive counts and timeouts, stop() — is httplib's.
class HttpServer : public httplib::Server {
 private:
  bool process_and_close_socket(int sock) override;
};

}  // namespace atlas::server
