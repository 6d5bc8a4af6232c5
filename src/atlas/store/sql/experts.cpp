// SqlStore: the expert pool (专家库, migration 011), known by each expert's code.
#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "atlas/core/text.h"
#include "atlas/store/sql/store_impl.h"

namespace atlas::store::sql {
namespace {

nlohmann::json expert_json(const rounds::Expert& e) {
  return {{"code", e.code},
          {"name", e.name},
          {"organisation", e.organisation},
          {"province_code", e.province_code},
          {"title", e.title},
          {"fields", e.fields},
          {"declared_conflicts", e.declared_conflicts}};
}

}  // namespace

std::int64_t SqlStore::write_expert(const rounds::Expert& e, const Actor& actor) {
  for (const auto* required : {&e.code, &e.name, &e.organisation}) {
    if (text::trim(*required).empty()) {
      fail(ErrorKind::kBadInput,
           fmt::format("expert '{}' needs a code, a name and an organisation", e.code));
    }
  }
  check_province(e.province_code, fmt::format("expert {}: ", e.code));
  if (e.fields.empty()) {
    fail(ErrorKind::kBadInput,
         fmt::format("expert {} needs at least one field of expertise (a GB/T 4754 code)", e.code));
  }
  for (const auto& code : e.fields) {
    try {
      ensure_listed(code, actor);
    } catch (const Error& err) {
      fail(err.kind(), fmt::format("expert {}: field of expertise {}", e.code, err.what()));
    }
  }
  const std::string sql =
      e.id ? "UPDATE expert SET name = ?, organisation = ?, province_code = ?, title = ?, "
             "fields = ?, declared_conflicts = ?, updated_at = ? WHERE id = ?"
           : "INSERT INTO expert (name, organisation, province_code, title, fields, "
             "declared_conflicts, updated_at, code, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
             "RETURNING id";
  auto& q = prepared(sql);
  q.bind(1, e.name);
  q.bind(2, e.organisation);
  q.bind(3, e.province_code);
  q.bind(4, e.title);
  q.bind(5, nlohmann::json(e.fields).dump());
  q.bind(6, nlohmann::json(e.declared_conflicts).dump());
  q.bind(7, actor.at);
  if (e.id) {
    q.bind(8, e.id);
    q.exec();
    return e.id;
  }
  q.bind(8, e.code);
  q.bind(9, actor.at);
  return q.returning_id();
}

std::int64_t SqlStore::add_expert(rounds::Expert expert, const Actor& actor) {
  std::int64_t id = 0;
  in_transaction([&] {
    expert.id = 0;
    auto& same = prepared("SELECT name FROM expert WHERE code = ?");
    same.bind(1, expert.code);
    if (same.executeStep()) {
      fail(ErrorKind::kRule, fmt::format("the pool has an expert {} already ({})", expert.code,
                                         same.getColumn(0).getString()));
    }
    same.reset();
    id = write_expert(expert, actor);
    audit(actor, "add", "expert", expert.code, expert.name, {std::nullopt, expert_json(expert)});
  });
  return id;
}

ExpertImport SqlStore::import_experts(const std::vector<rounds::Expert>& list,
                                      const std::string& file_name, const Actor& actor) {
  ExpertImport result;
  in_transaction([&] {
    std::set<std::string> codes;
    for (const auto& e : list) {
      if (!codes.insert(e.code).second) {
        fail(ErrorKind::kBadInput, fmt::format("{} lists expert {} twice", file_name, e.code));
      }
    }
    std::map<std::string, rounds::Expert> pool;
    for (auto& e : experts()) pool.emplace(e.code, std::move(e));
    for (auto e : list) {
      auto it = pool.find(e.code);
      e.id = it == pool.end() ? 0 : it->second.id;
      if (e.id) {
        auto before = expert_json(it->second), after = expert_json(e);
        if (before == after) {
          ++result.unchanged;
          continue;
        }
        write_expert(e, actor);
        audit(actor, "update", "expert", e.code, e.name, {before, after});
        ++result.updated;
      } else {
        write_expert(e, actor);
        audit(actor, "add", "expert", e.code, e.name, {std::nullopt, expert_json(e)});
        ++result.added;
      }
    }
    audit(actor, "import", "expert", file_name,
          fmt::format("{} experts: {} added, {} updated, {} unchanged", list.size(), result.added,
                      result.updated, result.unchanged));
  });
  return result;
}

std::vector<rounds::Expert> SqlStore::experts() {
  auto& q = prepared(
      "SELECT id, code, name, organisation, province_code, title, fields, declared_conflicts "
      "FROM expert ORDER BY code");
  std::vector<rounds::Expert> out;
  while (q.executeStep()) {
    rounds::Expert e;
    e.id = q.getColumn(0).getInt64();
    e.code = q.getColumn(1).getString();
    e.name = q.getColumn(2).getString();
    e.organisation = q.getColumn(3).getString();
    e.province_code = q.getColumn(4).getString();
    e.title = q.getColumn(5).getString();
    e.fields = string_list(q.getColumn(6).getString());
    e.declared_conflicts = string_list(q.getColumn(7).getString());
    out.push_back(std::move(e));
  }
  q.reset();
  return out;
}

}  // namespace atlas::store::sql
