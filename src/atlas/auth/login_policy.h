// How hard logging in is made for someone guessing passwords, and how long sessions and tokens
// live: pure rules over counts and times, which the store applies in the transaction that counts
// an attempt (the counts live in the store). Times are UTC strings YYYY-MM-DDTHH:MM:SSZ, which
// sort as times.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace atlas::auth {

// An account is locked for kLockout after kAccountFailureLimit consecutive failed logins (an
// administrator can unlock it sooner; a success resets the count).
inline constexpr int kAccountFailureLimit = 5;
inline constexpr std::chrono::minutes kLockout{15};
// An address is refused while kAddressFailureLimit or more logins from it failed within the last
// kAddressWindow (whatever the accounts tried): one machine guessing across many
// accounts is slowed without locking those accounts out.
inline constexpr int kAddressFailureLimit = 20;
inline constexpr std::chrono::minutes kAddressWindow{15};
// A browser session ends kSessionLifetime after login, or after kSessionIdle without a request.
inline constexpr std::chrono::hours kSessionLifetime{8};
inline constexpr std::chrono::minutes kSessionIdle{30};
// An API token lives kTokenDefaultLifetime unless its creator says otherwise, at most
// kTokenMaxLifetime.
inline constexpr std::chrono::days kTokenDefaultLifetime{90};
inline constexpr std::chrono::days kTokenMaxLifetime{366};

// Whether the failures after which the account locks have been reached.
inline bool locks_account(long long consecutive_failures) {
  return consecutive_failures >= kAccountFailureLimit;
}
// Whether an address with this many failures in the window is refused.
inline bool address_throttled(long long failures_in_window) {
  return failures_in_window >= kAddressFailureLimit;
}

// Why `login` cannot be an account's login name (empty, or with a space or line break, which
// would not survive a command line or a log line), or nullopt when it can. The store refuses it
// and the shells check it first to name the field.
std::optional<std::string> login_name_problem(std::string_view login);

// `at` (YYYY-MM-DDTHH:MM:SSZ) moved by `by`; nullopt when `at` is not such a time.
std::optional<std::string> utc_plus(std::string_view at, std::chrono::seconds by);
// Whether a session last seen at `last_seen` is still within kSessionIdle at `now`.
bool session_fresh(std::string_view last_seen, std::string_view now);

}  // namespace atlas::auth
