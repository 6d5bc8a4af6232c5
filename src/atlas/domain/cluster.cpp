#include "atlas/domain/cluster.h"

namespace atlas::domain {

std::string_view event_key(EventKind k) {
  return k == EventKind::kRename ? "rename" : "rescope";
}

}  // namespace atlas::domain
