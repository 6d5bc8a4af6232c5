#include "verbs.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "atlas/core/suggest.h"

namespace atlas::cli {

std::optional<std::string> verb_problem(const CLI::App& app, const CLI::ParseError& e) {
  if (dynamic_cast<const CLI::RequiredError*>(&e) == nullptr) return std::nullopt;
  // The command reached: follow the verbs that were recognised, group by group.
  const CLI::App* reached = &app;
  while (!reached->get_subcommands().empty()) reached = reached->get_subcommands().front();
  if (reached->get_require_subcommand_min() == 0) return std::nullopt;

  std::vector<std::string> verbs;
  for (const CLI::App* sub : reached->get_subcommands([](const CLI::App*) { return true; }))
    verbs.push_back(sub->get_name());
  const bool top = reached == &app;
  const std::string where = top ? "" : " of " + reached->get_name();
  const std::string listed = fmt::format("verbs{}: {}", where, fmt::join(verbs, ", "));
  // CLI11 leaves the words it could not place with the program (a group falls through to it);
  // the first that is not an option stood where the verb belongs.
  for (const std::string& word : app.remaining(true)) {
    if (word.empty() || word[0] == '-') continue;
    return fmt::format("unknown verb '{}'{}{}; {}", word, where, text::did_you_mean(word, verbs),
                       listed);
  }
  if (top) return "a verb is required; " + listed;
  return fmt::format("{} needs a verb; {}", reached->get_name(), listed);
}

}  // namespace atlas::cli
