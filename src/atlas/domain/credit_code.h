// The 18-character unified social credit code (统一社会信用代码, GB 32100-2015) that identifies an
// enterprise. Character 18 is a check character computed from the first 17 (mod 31 over the
// 31-character alphabet without I, O, Z, S, V).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace atlas::domain {

// The check character for the first 17 characters of a code, or nullopt when they use characters
// outside the alphabet.
std::optional<char> credit_code_check_char(std::string_view first17);

// Why `code` is not a valid unified social credit code, or nullopt when it is valid. Lower-case
// letters are not accepted: the standard uses upper case and offices copy codes verbatim.
std::optional<std::string> credit_code_problem(std::string_view code);

}  // namespace atlas::domain
