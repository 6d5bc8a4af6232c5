#include "server/connection.h"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

namespace atlas::server {
namespace {

// As httplib writes an address: numeric, the port apart; nothing for a socket without one.
void address_of(int sock, bool peer, std::string& ip, int& port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  auto* a = reinterpret_cast<sockaddr*>(&addr);
  if ((peer ? getpeername(sock, a, &len) : getsockname(sock, a, &len)) != 0) return;
  if (addr.ss_family == AF_INET) {
    port = ntohs(reinterpret_cast<const sockaddr_in*>(&addr)->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    port = ntohs(reinterpret_cast<const sockaddr_in6*>(&addr)->sin6_port);
  } else {
    return;
  }
  std::array<char, NI_MAXHOST> host{};
  if (getnameinfo(a, len, host.data(), host.size(), nullptr, 0, NI_NUMERICHOST) == 0) {
    ip = host.data();
  }
}

}  // namespace

ConnectionStream::ConnectionStream(int sock, StreamTimeouts timeouts)
    : sock_(sock), timeouts_(timeouts), read_buffer_(16 * 1024) {
  address_of(sock_, true, remote_ip_, remote_port_);
  address_of(sock_, false, local_ip_, local_port_);
  kept_.reserve(16 * 1024);
}

bool ConnectionStream::wait(short events, std::time_t sec, std::time_t usec) const {
  pollfd p{sock_, events, 0};
  const auto ms = static_cast<int>(sec * 1000 + usec / 1000);
  for (;;) {
    int n = ::poll(&p, 1, ms);
    if (n >= 0) return n > 0;
    if (errno != EINTR) return false;
  }
}

bool ConnectionStream::is_readable() const {
  if (read_begin_ < read_end_) return true;
  if (!send_kept()) return false;
  return wait(POLLIN, timeouts_.read_sec, timeouts_.read_usec);
}

bool ConnectionStream::is_writable() const {
  return !failed_ && wait(POLLOUT, timeouts_.write_sec, timeouts_.write_usec);
}

ssize_t ConnectionStream::receive(char* into, std::size_t size) const {
  for (;;) {
    ssize_t n = ::recv(sock_, into, size, MSG_DONTWAIT);
    if (n >= 0) return n;
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
    // Nothing yet: wait as httplib does, at most the read timeout.
    if (!wait(POLLIN, timeouts_.read_sec, timeouts_.read_usec)) return -1;
  }
}

ssize_t ConnectionStream::read(char* ptr, std::size_t size) {
  if (!send_kept()) return -1;
  if (read_begin_ < read_end_) {
    std::size_t n = std::min(size, read_end_ - read_begin_);
    std::memcpy(ptr, read_buffer_.data() + read_begin_, n);
    read_begin_ += n;
    return static_cast<ssize_t>(n);
  }
  if (size >= read_buffer_.size()) return receive(ptr, size);
  ssize_t n = receive(read_buffer_.data(), read_buffer_.size());
  if (n <= 0) return n;
  read_end_ = static_cast<std::size_t>(n);
  read_begin_ = std::min(size, read_end_);
  std::memcpy(ptr, read_buffer_.data(), read_begin_);
  return static_cast<ssize_t>(read_begin_);
}

bool ConnectionStream::send_all(const char* data, std::size_t size) const {
  while (size > 0 && !failed_) {
    ssize_t n = ::send(sock_, data, size, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n >= 0) {
      data += n;
      size -= static_cast<std::size_t>(n);
    } else if (errno == EINTR) {
      continue;
    } else if (errno != EAGAIN && errno != EWOULDBLOCK) {
      failed_ = true;
    } else if (!wait(POLLOUT, timeouts_.write_sec, timeouts_.write_usec)) {
      failed_ = true;  // the client stopped reading for longer than the write timeout
    }
  }
  return !failed_;
}

bool ConnectionStream::send_kept() const {
  if (kept_.empty()) return !failed_;
  bool ok = send_all(kept_.data(), kept_.size());
  kept_.clear();
  return ok;
}

ssize_t ConnectionStream::write(const char* ptr, std::size_t size) {
  if (failed_) return -1;
  if (kept_.size() + size <= kKeptOutput) {
    kept_.append(ptr, size);
  } else if (!send_kept() || !send_all(ptr, size)) {
    return -1;
  }
  return static_cast<ssize_t>(size);
}

void ConnectionStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  ip = remote_ip_;
  port = remote_port_;
}

void ConnectionStream::get_local_ip_and_port(std::string& ip, int& port) const {
  ip = local_ip_;
  port = local_port_;
}

bool ConnectionStream::wait_for_request(std::time_t seconds) {
  if (read_begin_ < read_end_) return true;  // a request sent before the last was answered
  if (!send_kept()) return false;
  return wait(POLLIN, seconds, 0);
}

// httplib's loop (detail::process_server_socket in 0.11), over one stream for the connection.
bool HttpServer::process_and_close_socket(int sock) {
  bool served = false;
  {
    ConnectionStream stream(
        sock, {read_timeout_sec_, read_timeout_usec_, write_timeout_sec_, write_timeout_usec_});
    for (auto left = keep_alive_max_count_; left > 0 && svr_sock_ != INVALID_SOCKET; --left) {
      if (!stream.wait_for_request(keep_alive_timeout_sec_)) break;
      bool connection_closed = false;
      served = process_request(stream, left == 1, connection_closed, nullptr);
      if (!stream.flush()) served = false;
      if (!served || connection_closed) break;
    }
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return served;
}

}  // namespace atlas::server
