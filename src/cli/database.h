// The verbs' database as the app layer takes it: the store opened (and initialised when new) only
// when a use case first needs it, named as --db / $CLUSTERATLAS_DB gives it.
#pragma once
#include "atlas/app/database.h"
#include "context.h"

namespace atlas::cli {

inline app::Database database(Context& ctx) {
  return {[&ctx]() -> store::Store& { return ctx.store(); }, ctx.db_name()};
}

}  // namespace atlas::cli
