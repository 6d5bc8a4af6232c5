// The cluster a route's path names by its id ({id}): what the registry's and the statistics'
// routes of one cluster act on. Ids only — a name in a path is not looked up, so a path never
// means two clusters.
#pragma once
#include <string>

#include "atlas/domain/cluster.h"
#include "server/routes.h"

namespace atlas::server {

// Throws atlas::Error kNotFound (404) when the parameter is not an id or no cluster has it.
domain::Cluster path_cluster(const Call& call, const std::string& name = "id");

}  // namespace atlas::server
