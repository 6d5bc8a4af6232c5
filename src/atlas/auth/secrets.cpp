#include "atlas/auth/secrets.h"

#include <sodium.h>

#include <set>
#include <vector>

#include <fmt/format.h>

#include "atlas/core/error.h"

namespace atlas::auth {
namespace {

void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw Error(ErrorKind::kInternal, "libsodium could not be initialised");
}

// Code points of valid UTF-8 (a stray byte counts as one).
std::vector<std::string_view> code_points(std::string_view s) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (i + n > s.size()) n = 1;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

}  // namespace

std::optional<std::string> password_problem(std::string_view password, std::string_view login) {
  auto points = code_points(password);
  if (points.size() < kMinPasswordLength) {
    return fmt::format("the password has {} characters; at least {} are needed", points.size(),
                       kMinPasswordLength);
  }
  if (std::set<std::string_view>(points.begin(), points.end()).size() < 5) {
    return "the password repeats too few characters; use at least 5 different ones";
  }
  if (!login.empty() && password.find(login) != std::string_view::npos) {
    return "the password contains the login name";
  }
  return std::nullopt;
}

std::string hash_password(std::string_view password) {
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw Error(ErrorKind::kInternal, "not enough memory to hash a password (argon2id, 64 MiB)");
  }
  return out;
}

bool verify_password(const std::string& hash, std::string_view password) {
  ensure_sodium();
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string random_secret(std::size_t bytes) {
  ensure_sodium();
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(raw.data(), raw.size());
  out.resize(out.find('\0'));
  return out;
}

std::string sha256_hex(std::string_view data) {
  ensure_sodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

bool matches_hash(const std::string& stored_hash, std::string_view clear) {
  const std::string computed = sha256_hex(clear);
  return stored_hash.size() == computed.size() &&
         sodium_memcmp(stored_hash.data(), computed.data(), computed.size()) == 0;
}

}  // namespace atlas::auth
