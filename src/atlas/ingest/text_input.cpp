#include "atlas/ingest/text_input.h"

#include <sodium.h>

#include <algorithm>
#include <fstream>
#include <vector>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/text.h"

namespace atlas::ingest {

namespace {
constexpr std::size_t kChunk = 1 << 16;
constexpr std::size_t kDetectBytes = 1 << 16;
// Finishes a copy of `state`, so hashing can go on.
std::string hex_digest(crypto_hash_sha256_state state) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  std::string hex;
  for (unsigned char b : digest) hex += fmt::format("{:02x}", b);
  return hex;
}

}  // namespace

std::string sha256_of_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::kBadInput, "cannot open the file", {path, 0, "", ""});
  if (sodium_init() < 0) throw Error(ErrorKind::kInternal, "libsodium failed to initialise");
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  std::vector<char> buffer(kChunk);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    crypto_hash_sha256_update(&state, reinterpret_cast<unsigned char*>(buffer.data()),
                              static_cast<unsigned long long>(in.gcount()));
  }
  return hex_digest(state);
}

struct TextInput::Hash {
  crypto_hash_sha256_state state;
};

TextInput::TextInput(std::istream& in, std::string source, std::optional<Encoding> encoding)
    : in_(in), source_(std::move(source)), hash_(std::make_unique<Hash>()) {
  if (sodium_init() < 0) throw Error(ErrorKind::kInternal, "libsodium failed to initialise");
  crypto_hash_sha256_init(&hash_->state);
  while (raw_.size() < kDetectBytes && fill_raw()) {
  }
  encoding_ = encoding ? *encoding : detect_encoding(raw_, source_);
  if (encoding_ == Encoding::kUtf8 && std::string_view(raw_).starts_with("\xEF\xBB\xBF")) {
    raw_pos_ = 3;
  }
  if (encoding_ == Encoding::kGb18030) decoder_ = std::make_unique<Gb18030Decoder>();
}

TextInput::~TextInput() = default;

bool TextInput::fill_raw() {
  if (eof_) return false;
  char buffer[kChunk];
  in_.read(buffer, sizeof buffer);
  auto n = static_cast<std::size_t>(in_.gcount());
  if (n == 0) {
    eof_ = true;
    return false;
  }
  crypto_hash_sha256_update(&hash_->state, reinterpret_cast<unsigned char*>(buffer), n);
  raw_total_ += n;
  raw_.erase(0, raw_pos_);
  raw_pos_ = 0;
  raw_.append(buffer, n);
  return true;
}

void TextInput::invalid(std::size_t offset, const char* hint) {
  std::string_view before(raw_.data() + raw_pos_, offset);
  std::int64_t line = lines_done_ + 1 + std::count(before.begin(), before.end(), '\n');
  auto byte = static_cast<unsigned char>(raw_[raw_pos_ + offset]);
  throw Error(
      ErrorKind::kBadInput,
      fmt::format("byte 0x{:02X} is not valid {}; {}", byte, encoding_name(encoding_), hint),
      {source_, line, "", ""});
}

// Converts the next stretch of raw bytes into decoded_; false at the end of the input.
bool TextInput::convert_next() {
  for (;;) {
    std::string_view pending(raw_.data() + raw_pos_, raw_.size() - raw_pos_);
    if (pending.empty() || (!eof_ && pending.size() < 4)) {
      if (fill_raw()) continue;
      if (pending.empty()) return false;
    }
    std::size_t used;
    if (encoding_ == Encoding::kUtf8) {
      std::size_t keep = eof_ ? 0 : text::incomplete_utf8_tail(pending);
      std::string_view whole = pending.substr(0, pending.size() - keep);
      std::size_t bad = text::first_invalid_utf8(whole);
      if (bad == std::string_view::npos && eof_ && whole.size() < pending.size())
        bad = whole.size();
      if (bad != std::string_view::npos) {
        invalid(bad, "is the file GBK? try --encoding gb18030");
      }
      decoded_.assign(whole);
      used = whole.size();
    } else {
      std::size_t bad;
      decoded_.clear();
      used = decoder_->convert(pending, decoded_, &bad);
      if (bad != std::string_view::npos) invalid(bad, "the file is not GB18030/GBK text");
      if (used == 0 && eof_) invalid(0, "the file ends inside a character");
    }
    std::string_view done(pending.data(), used);
    lines_done_ += std::count(done.begin(), done.end(), '\n');
    raw_pos_ += used;
    decoded_pos_ = 0;
    if (!decoded_.empty()) return true;
    if (!fill_raw() && raw_pos_ == raw_.size()) return false;
  }
}

std::size_t TextInput::read(char* out, std::size_t cap) {
  if (decoded_pos_ == decoded_.size() && !convert_next()) return 0;
  std::size_t n = std::min(cap, decoded_.size() - decoded_pos_);
  std::memcpy(out, decoded_.data() + decoded_pos_, n);
  decoded_pos_ += n;
  return n;
}

std::string TextInput::sha256_hex() { return hex_digest(hash_->state); }

}  // namespace atlas::ingest
