#include "server/access_log.h"

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <iostream>

#include <nlohmann/json.hpp>

#include "atlas/core/error.h"

namespace atlas::server {
namespace {

// `text` as a JSON string, as nlohmann's dump() writes it (UTF-8 kept, invalid bytes replaced);
// printable ASCII without a quote or a backslash — every time, id and method, nearly every
// path — is copied as it is.
void append_string(std::string& out, std::string_view text) {
  bool plain = std::all_of(text.begin(), text.end(),
                           [](char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; });
  if (plain) {
    out += '"';
    out += text;
    out += '"';
  } else {
    out += nlohmann::json(std::string(text))
               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
}

}  // namespace

std::string access_line(const AccessEntry& e) {
  std::string out;
  out.reserve(128 + e.path.size() + e.account.size());
  out += "{\"time\":";
  append_string(out, e.time);
  out += ",\"request_id\":";
  append_string(out, e.request_id);
  out += ",\"account\":";
  if (e.account.empty()) {
    out += "null";
  } else {
    append_string(out, e.account);
  }
  out += ",\"method\":";
  append_string(out, e.method);
  out += ",\"path\":";
  append_string(out, e.path);
  out += ",\"status\":";
  out += std::to_string(e.status);
  out += ",\"duration_ms\":";
  out += nlohmann::json(e.duration_ms).dump();
  out += '}';
  return out;
}

AccessLog::AccessLog(const std::string& path) {
  if (!path.empty()) {
    file_.open(path, std::ios::app);
    if (!file_) {
      throw Error(ErrorKind::kBadInput, "cannot open the access log " + path + " for appending",
                  {path, 0, "", ""});
    }
  }
  kept_.reserve(kWakeBytes);
  // The writer takes no signal: serve() takes SIGTERM and SIGINT with sigwait() on a thread of
  // its own, which works only while every other thread blocks them (a thread inherits its
  // creator's mask).
  sigset_t all, before;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &before);
  writer_ = std::thread([this] { run(); });
  pthread_sigmask(SIG_SETMASK, &before, nullptr);
}

AccessLog::~AccessLog() {
  finish();
}

void AccessLog::write(std::string_view line) {
  std::unique_lock lock(mutex_);
  if (written_all_) {
    // After finish(): no writer thread, so the line goes out at once, after the writer's last.
    std::string text(line);
    text += '\n';
    std::lock_guard out(out_mutex_);
    write_out(text);
    return;
  }
  room_.wait(lock, [&] { return kept_.size() < kMostKeptBytes || finishing_; });
  kept_.append(line);
  kept_ += '\n';
  if (kept_.size() >= kWakeBytes) wake_.notify_one();
}

void AccessLog::run() {
  std::string text;
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait_for(lock, kFlushEvery, [&] { return finishing_ || kept_.size() >= kWakeBytes; });
    text.swap(kept_);
    const bool last = finishing_;
    written_all_ = last;
    // Taken before the lock is let go: a line written after the last swap waits for these.
    std::lock_guard out(out_mutex_);
    lock.unlock();
    room_.notify_all();
    if (!text.empty()) write_out(text);
    text.clear();
    if (last) return;
    lock.lock();
  }
}

void AccessLog::write_out(const std::string& text) {
  std::ostream& out = file_.is_open() ? static_cast<std::ostream&>(file_) : std::cerr;
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.flush();
}

void AccessLog::finish() {
  {
    std::lock_guard lock(mutex_);
    if (finishing_) return;
    finishing_ = true;
  }
  wake_.notify_one();
  room_.notify_all();
  if (writer_.joinable()) writer_.join();
}

}  // namespace atlas::server
