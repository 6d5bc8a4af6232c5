// The session cookie: reading its value from a Cookie header and writing the Set-Cookie that
// gives or ends it. HttpOnly (no script reads it), SameSite=Strict (no other site's page sends
// it), Path=/api, and Secure unless the listener is loopback http (a browser would not send a
// Secure cookie over plain http; a remote listener must sit behind TLS).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace atlas::server {

// The value of cookie `name` in a Cookie header ("a=1; atlas_session=…"), nullopt when absent.
std::optional<std::string> cookie_value(std::string_view header, std::string_view name);

// Set-Cookie giving the session `secret` for `max_age_seconds`.
std::string session_cookie(std::string_view name, std::string_view secret, long max_age_seconds,
                           bool secure);
// Set-Cookie telling the browser to forget it.
std::string expired_cookie(std::string_view name, bool secure);

}  // namespace atlas::server
