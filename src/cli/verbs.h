// What the command line says when no verb or an unknown one is given: CLI11 only knows "A
// subcommand is required"; people need the verbs that exist and the one they probably meant.
#pragma once
#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace atlas::cli {

// After `app.parse` threw `e`: when the command that was reached (the program, or a group such
// as `cluster`) needs a verb and none of its verbs was given, one line naming the word typed in
// its place with "did you mean", or saying that a verb is missing, and listing the verbs there.
// nullopt for every other usage error, which CLI11's own message describes well.
std::optional<std::string> verb_problem(const CLI::App& app, const CLI::ParseError& e);

}  // namespace atlas::cli
