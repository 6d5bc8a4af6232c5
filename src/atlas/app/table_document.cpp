#include "atlas/app/table_document.h"

#include <sstream>

namespace atlas::app {

nlohmann::ordered_json table_document(const report::Table& t) {
  // Through the writer itself, so the document and the printed bytes cannot disagree.
  std::ostringstream text;
  report::write_json(text, t);
  return nlohmann::ordered_json::parse(text.str());
}

}  // namespace atlas::app
