// SqlStore: stored evaluation runs — inputs, methods and the whole result — so a ranking can
// be shown again and two runs compared.
#include <fmt/format.h>

#include "atlas/store/sql/store_impl.h"

namespace atlas::store::sql {
namespace {

constexpr const char* kColumns =
    "id, system_id, system_sha256, input, year, revision_id, methods, units, operator, "
    "created_at";

StoredRun read_run(sql::Statement& q) {
  StoredRun r;
  r.id = q.getColumn(0).getInt64();
  r.system_id = q.getColumn(1).getString();
  r.system_sha256 = q.getColumn(2).getString();
  r.input = q.getColumn(3).getString();
  if (!q.getColumn(4).isNull()) r.year = q.getColumn(4).getInt();
  if (!q.getColumn(5).isNull()) r.revision_id = q.getColumn(5).getInt64();
  r.methods = q.getColumn(6).getString();
  r.units = q.getColumn(7).getInt64();
  r.operator_name = q.getColumn(8).getString();
  r.created_at = q.getColumn(9).getString();
  return r;
}

}  // namespace

std::int64_t SqlStore::save_run(StoredRun& run, const Actor& actor) {
  in_transaction([&] {
    auto& latest = prepared("SELECT max(id) FROM import_revision");
    latest.executeStep();
    run.revision_id =
        latest.getColumn(0).isNull() ? std::nullopt : std::optional(latest.getColumn(0).getInt64());
    latest.reset();
    auto& q = prepared(
        "INSERT INTO evaluation_run (system_id, system_sha256, input, year, revision_id, methods, "
        "units, result, operator, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(1, run.system_id);
    q.bind(2, run.system_sha256);
    q.bind(3, run.input);
    if (run.year) q.bind(4, *run.year);
    if (run.revision_id) q.bind(5, *run.revision_id);
    q.bind(6, run.methods);
    q.bind(7, run.units);
    q.bind(8, run.result);
    q.bind(9, actor.name);
    q.bind(10, actor.at);
    run.id = q.returning_id();
    run.operator_name = actor.name;
    run.created_at = actor.at;
    audit(actor, "evaluate", "evaluation_run", std::to_string(run.id),
          fmt::format("{} on {}", run.system_id, run.input));
  });
  return run.id;
}

std::vector<StoredRun> SqlStore::runs() {
  auto& q = prepared(fmt::format("SELECT {} FROM evaluation_run ORDER BY id", kColumns));
  std::vector<StoredRun> out;
  while (q.executeStep()) out.push_back(read_run(q));
  return out;
}

std::optional<StoredRun> SqlStore::run(std::int64_t id) {
  auto& q = prepared(fmt::format("SELECT {}, result FROM evaluation_run WHERE id = ?", kColumns));
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  auto r = read_run(q);
  r.result = q.getColumn(10).getString();
  return r;
}

}  // namespace atlas::store::sql
