#include "server/path_cluster.h"

#include "atlas/core/error.h"

namespace atlas::server {

domain::Cluster path_cluster(const Call& call, const std::string& name) {
  const std::string& text = call.params.at(name);
  auto id = parse_id(text);
  auto cluster = id ? call.store().cluster(*id) : std::nullopt;
  if (!cluster) throw Error(ErrorKind::kNotFound, "no cluster with id " + text);
  return *cluster;
}

}  // namespace atlas::server
