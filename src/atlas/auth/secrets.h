// The cryptography of accounts and of the audit chain, through libsodium: password hashes
// (argon2id), random secrets for sessions, CSRF and API tokens, and SHA-256. Secrets are never
// stored or logged in clear: a password is kept only as its argon2id string, a session id or a
// token only as its SHA-256, and the clear value is shown once to whoever created it.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace atlas::auth {

// The shortest password accepted for a new or changed password, in code points.
inline constexpr std::size_t kMinPasswordLength = 12;

// Why `password` may not be set for the account `login`, or nullopt when it may: at least
// kMinPasswordLength characters, at least 5 different ones, and not containing the login name.
std::optional<std::string> password_problem(std::string_view password, std::string_view login);

// The argon2id hash of `password` in libsodium's self-describing string form ("$argon2id$v=19$
// m=65536,t=2,p=1$salt$hash"), with a fresh random salt. Costs: OPSLIMIT/MEMLIMIT_INTERACTIVE
// (2 passes, 64 MiB, about 0.1 s on our machines) — the server verifies passwords on login
// requests on two shared cores, and MODERATE (256 MiB, ~0.7 s) would let a handful of
// concurrent logins take a gigabyte; throttling (docs/accounts-and-audit.md) bounds guessing.
std::string hash_password(std::string_view password);
// Whether `password` matches the stored hash (false for a malformed hash).
bool verify_password(const std::string& hash, std::string_view password);

// `bytes` random bytes from the system's CSPRNG, base64url without padding (32 bytes → 43
// characters): session ids, CSRF tokens, API tokens, one-time passwords.
std::string random_secret(std::size_t bytes = 32);

// SHA-256 of `data`, 64 lowercase hex digits.
std::string sha256_hex(std::string_view data);

// Whether `clear` (a CSRF token, a session id the client sent) is the secret whose SHA-256 was
// stored as `stored_hash`, compared in constant time so the answer's timing tells nothing.
bool matches_hash(const std::string& stored_hash, std::string_view clear);

}  // namespace atlas::auth
