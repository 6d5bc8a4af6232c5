#include "atlas/ingest/text_input.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <vector>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/text.h"

namespace atlas::ingest {

namespace {
constexpr std::size_t kChunk = 1 << 16;
constexpr std::size_t kDetectBytes = 1 << 16;

#if defined(__x86_64__)
constexpr std::uint32_t kRoundConstants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

// The SHA-256 compression function on the x86 SHA extensions: several times faster than
// libsodium's portable code, which took a twentieth of a large import.
__attribute__((target("sha,sse4.1,ssse3"))) void sha256_blocks_ni(std::uint32_t state[8],
                                                                  const unsigned char* data,
                                                                  std::size_t blocks) {
  const __m128i kBigEndian = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i tmp = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&state[0]));
  __m128i state1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&state[4]));
  tmp = _mm_shuffle_epi32(tmp, 0xB1);                // CDAB
  state1 = _mm_shuffle_epi32(state1, 0x1B);          // EFGH
  __m128i state0 = _mm_alignr_epi8(tmp, state1, 8);  // ABEF
  state1 = _mm_blend_epi16(state1, tmp, 0xF0);       // CDGH
  for (; blocks > 0; --blocks, data += 64) {
    __m128i abef = state0, cdgh = state1;
    __m128i m[4];
    for (int g = 0; g < 16; ++g) {  // four rounds each
      if (g < 4) {
        m[g] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 16 * g)),
                                kBigEndian);
      }
      __m128i msg = _mm_add_epi32(
          m[g % 4], _mm_loadu_si128(reinterpret_cast<const __m128i*>(&kRoundConstants[4 * g])));
      state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
      if (g >= 3 && g <= 14) {  // the schedule's next four words
        __m128i t = _mm_alignr_epi8(m[g % 4], m[(g + 3) % 4], 4);
        m[(g + 1) % 4] = _mm_sha256msg2_epu32(_mm_add_epi32(m[(g + 1) % 4], t), m[g % 4]);
      }
      msg = _mm_shuffle_epi32(msg, 0x0E);
      state0 = _mm_sha256rnds2_epu32(state0, state1, msg);
      if (g >= 1 && g <= 12) m[(g + 3) % 4] = _mm_sha256msg1_epu32(m[(g + 3) % 4], m[g % 4]);
    }
    state0 = _mm_add_epi32(state0, abef);
    state1 = _mm_add_epi32(state1, cdgh);
  }
  tmp = _mm_shuffle_epi32(state0, 0x1B);        // FEBA
  state1 = _mm_shuffle_epi32(state1, 0xB1);     // DCHG
  state0 = _mm_blend_epi16(tmp, state1, 0xF0);  // DCBA
  state1 = _mm_alignr_epi8(state1, tmp, 8);     // ABEF
  _mm_storeu_si128(reinterpret_cast<__m128i*>(&state[0]), state0);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(&state[4]), state1);
}

bool have_sha_extensions() {
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return false;
  bool ssse3 = c & (1u << 9), sse41 = c & (1u << 19);
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
  return ssse3 && sse41 && (b & (1u << 29));
}
#endif

}  // namespace

// SHA-256: the SHA extensions when the processor has them, else libsodium.
class Sha256 {
 public:
  Sha256() {
#if defined(__x86_64__)
    static const bool ni = have_sha_extensions();
    ni_ = ni;
#endif
    if (!ni_) {
      if (sodium_init() < 0) throw Error(ErrorKind::kInternal, "libsodium failed to initialise");
      crypto_hash_sha256_init(&sodium_);
    }
  }

  void update(const void* bytes, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(bytes);
    if (!ni_) {
      crypto_hash_sha256_update(&sodium_, p, n);
      return;
    }
#if defined(__x86_64__)
    total_ += n;
    if (used_ > 0) {
      std::size_t take = std::min(n, sizeof block_ - used_);
      std::memcpy(block_ + used_, p, take);
      used_ += take;
      p += take;
      n -= take;
      if (used_ < sizeof block_) return;
      sha256_blocks_ni(h_, block_, 1);
      used_ = 0;
    }
    if (n >= 64) {
      sha256_blocks_ni(h_, p, n / 64);
      p += n / 64 * 64;
      n %= 64;
    }
    std::memcpy(block_, p, n);
    used_ = n;
#endif
  }

  // The digest of what was given so far, in hex; hashing can go on.
  std::string hex() const {
    unsigned char digest[32];
    if (!ni_) {
      crypto_hash_sha256_state copy = sodium_;
      crypto_hash_sha256_final(&copy, digest);
    } else {
#if defined(__x86_64__)
      Sha256 copy = *this;
      std::uint64_t bits = total_ * 8;
      unsigned char pad[72] = {0x80};
      std::size_t pad_size = (copy.used_ < 56 ? 56 : 120) - copy.used_;
      for (int i = 0; i < 8; ++i)
        pad[pad_size + i] = static_cast<unsigned char>(bits >> (56 - 8 * i));
      copy.update(pad, pad_size + 8);
      for (int i = 0; i < 8; ++i) {
        for (int j = 0; j < 4; ++j)
          digest[4 * i + j] = static_cast<unsigned char>(copy.h_[i] >> (24 - 8 * j));
      }
#endif
    }
    std::string hex;
    for (unsigned char b : digest) hex += fmt::format("{:02x}", b);
    return hex;
  }

 private:
  bool ni_ = false;
  crypto_hash_sha256_state sodium_{};
  std::uint32_t h_[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                         0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  unsigned char block_[64] = {};
  std::size_t used_ = 0;
  std::uint64_t total_ = 0;
};

std::string sha256_of_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::kBadInput, "cannot open the file", {path, 0, "", ""});
  Sha256 hash;
  std::vector<char> buffer(kChunk);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    hash.update(buffer.data(), static_cast<std::size_t>(in.gcount()));
  }
  return hash.hex();
}

struct TextInput::Hash {
  Sha256 sha;
};

TextInput::TextInput(std::istream& in, std::string source, std::optional<Encoding> encoding)
    : in_(in), source_(std::move(source)), hash_(std::make_unique<Hash>()) {
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
  raw_.erase(0, raw_pos_);
  raw_pos_ = 0;
  std::size_t old = raw_.size();
  raw_.resize(old + kChunk);  // read straight into raw_, not through another buffer
  in_.read(raw_.data() + old, static_cast<std::streamsize>(kChunk));
  auto n = static_cast<std::size_t>(in_.gcount());
  raw_.resize(old + n);
  if (n == 0) {
    eof_ = true;
    return false;
  }
  hash_->sha.update(raw_.data() + old, n);
  raw_total_ += n;
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

// Converts the next stretch of raw bytes into out_; false at the end of the input.
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
      out_ = whole;  // valid UTF-8 passes through from raw_, not copied
      used = whole.size();
    } else {
      std::size_t bad;
      decoded_.clear();
      used = decoder_->convert(pending, decoded_, &bad);
      if (bad != std::string_view::npos) invalid(bad, "the file is not GB18030/GBK text");
      if (used == 0 && eof_) invalid(0, "the file ends inside a character");
      out_ = decoded_;
    }
    std::string_view done(pending.data(), used);
    lines_done_ += std::count(done.begin(), done.end(), '\n');
    raw_pos_ += used;
    if (!out_.empty()) return true;
    if (!fill_raw() && raw_pos_ == raw_.size()) return false;
  }
}

std::size_t TextInput::read(char* out, std::size_t cap) {
  if (out_.empty() && !convert_next()) return 0;
  std::size_t n = std::min(cap, out_.size());
  std::memcpy(out, out_.data(), n);
  out_.remove_prefix(n);
  return n;
}

std::string TextInput::sha256_hex() {
  return hash_->sha.hex();
}

}  // namespace atlas::ingest
