// Calendar dates as the programme writes them: ISO "YYYY-MM-DD" strings, which sort as dates.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace atlas::date {

// True when s is a real date in YYYY-MM-DD form (leap years respected).
bool is_valid(std::string_view s);

// Why `s` is not a date in YYYY-MM-DD form ("'2024/05/01' is not a date: write YYYY-MM-DD, e.g.
// 2024-05-01"), or nullopt when it is one.
std::optional<std::string> problem(std::string_view s);

// The year of a valid date.
int year_of(std::string_view s);

// The valid date `days` calendar days after `s` (before it when negative): "2024-02-28" + 1 is
// "2024-02-29", + 2 is "2024-03-01". Throws atlas::Error (kBadInput) when `s` is not a date.
std::string add_days(std::string_view s, int days);

// Today where the user is (the local time zone, $TZ) as YYYY-MM-DD: the day a decision recorded
// now can at most be dated. Beijing's 07:00 is still yesterday in UTC, so this is not UTC.
std::string today();
// Now in UTC as YYYY-MM-DDTHH:MM:SSZ, for records of who changed what.
std::string now_utc();

}  // namespace atlas::date
