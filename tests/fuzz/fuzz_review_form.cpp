// libFuzzer harness: a round's review form as an office types it (`review form --set`, the API's
// PUT form) never crashes the parser; any text either is a form — valid by form_problem, and
// written back by review_form_text to the same criteria, points and levels — or is refused with
// kBadInput.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "atlas/core/error.h"
#include "atlas/rounds/review_form.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<atlas::rounds::Criterion> form;
  try {
    form = atlas::rounds::parse_review_form(text);
  } catch (const atlas::Error& e) {
    if (e.kind() != atlas::ErrorKind::kBadInput) std::abort();
    return 0;
  }
  if (atlas::rounds::form_problem(form)) std::abort();
  // A form written back reads as the same form: names, points and levels. (Throws, and so
  // aborts, when it does not read at all.)
  auto again = atlas::rounds::parse_review_form(atlas::rounds::review_form_text(form));
  if (again.size() != form.size()) std::abort();
  for (std::size_t i = 0; i < form.size(); ++i) {
    if (again[i].name != form[i].name || again[i].points != form[i].points) std::abort();
    if (again[i].anchors.size() != form[i].anchors.size()) std::abort();
    for (std::size_t j = 0; j < form[i].anchors.size(); ++j) {
      if (again[i].anchors[j].level != form[i].anchors[j].level ||
          again[i].anchors[j].points != form[i].anchors[j].points) {
        std::abort();
      }
    }
  }
  return 0;
}
