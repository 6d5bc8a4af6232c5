// Calendar dates as the programme writes them: ISO "YYYY-MM-DD" strings, which sort as dates.
#pragma once
#include <string>
#include <string_view>

namespace atlas::date {

// True when s is a real date in YYYY-MM-DD form (leap years respected).
bool is_valid(std::string_view s);

// The year of a valid date.
int year_of(std::string_view s);

// Today in UTC as YYYY-MM-DD, and now as YYYY-MM-DDTHH:MM:SSZ, for records of who changed what.
std::string today();
std::string now_utc();

}  // namespace atlas::date
