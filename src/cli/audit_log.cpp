// `clusteratlas audit-log …`: the record of every change (who, when, from where, what, why),
// kept as a hash chain. `verify` walks the chain and names the first broken link; `list` reads
// it with filters. Nothing here writes: the log cannot be changed through any verb. (Not to be
// confused with `audit`, the statistical audit of an evaluation.)
#include <iostream>

#include <fmt/format.h>

#include "atlas/app/audit_log.h"
#include "atlas/core/error.h"
#include "context.h"
#include "database.h"

namespace atlas::cli {
namespace {

struct Flags {
  std::string account, entity, since, until, format = "table";
};

report::Cell optional_text(const std::optional<std::string>& v) {
  if (v) return *v;
  return {};
}

}  // namespace

void add_audit_log_commands(CLI::App& app, Context& ctx) {
  static Flags flags;
  auto* log = app.add_subcommand(
      "audit-log", "The log of every change, as a hash chain: verify it, list it (read-only)");
  log->require_subcommand(1);
  log->footer(
      "Examples:\n"
      "  clusteratlas audit-log verify\n"
      "  clusteratlas audit-log list --entity account --since 2026-12-01");

  auto* verify = log->add_subcommand(
      "verify", "Walk the chain; name the first entry whose hash or link does not match");
  verify->footer(
      "Exit code 0 when every entry links to the one before and hashes to its stored hash,\n"
      "4 when one does not (the entry is named).\n"
      "Examples:\n"
      "  clusteratlas audit-log verify\n"
      "  clusteratlas --db office.db audit-log verify");
  verify->callback([&ctx] {
    auto verification = app::verify_audit_log(database(ctx));
    if (!verification.ok()) {
      throw Error(ErrorKind::kStore, verification.message(), {ctx.db_name(), 0, "", ""});
    }
    std::cout << verification.message() << '\n';
  });

  auto* list = log->add_subcommand("list", "List entries, oldest first");
  list->add_option("--account", flags.account,
                   "Only the changes of this account's login (or the CLI operator's name)");
  list->add_option("--entity", flags.entity, "Only changes of this kind: cluster, account, …");
  list->add_option("--since", flags.since, "From this date or UTC time on");
  list->add_option("--until", flags.until, "Up to this date (its whole day) or UTC time");
  add_format_option(list, flags.format);
  list->footer(
      "The table shows the summary; csv and json add before, after, prev_hash and hash.\n"
      "Examples:\n"
      "  clusteratlas audit-log list --account admin\n"
      "  clusteratlas audit-log list --entity cluster --since 2026-01-01 --until 2026-06-30\n"
      "  clusteratlas audit-log list --format json");
  list->callback([&ctx] {
    app::AuditQuery query{flags.account, flags.entity, flags.since, flags.until};
    // A bad bound names its flag, as the API names its query parameter.
    auto filter = app::audit_filter(query, "--since", "--until");
    const bool full = flags.format != "table";
    report::Table t;
    t.columns = {{"id", "ID", -1, true, 1, false},
                 {"at", "时间"},
                 {"actor", "操作人"},
                 {"origin", "来源"},
                 {"action", "操作"},
                 {"entity", "对象"},
                 {"entity_key", "编号"},
                 {"detail", "内容"},
                 {"reason", "原因"}};
    if (full) {
      for (const char* key : {"account_id", "before", "after", "prev_hash", "hash"}) {
        t.columns.push_back({key, key});
      }
    }
    for (const auto& e : ctx.store().audit_entries(filter)) {
      std::vector<report::Cell> row = {e.id,     e.at,         e.actor,  e.origin, e.action,
                                       e.entity, e.entity_key, e.detail, e.reason};
      if (full) {
        row.push_back(e.account_id ? report::Cell(*e.account_id) : report::Cell());
        row.push_back(optional_text(e.before));
        row.push_back(optional_text(e.after));
        row.push_back(e.prev_hash);
        row.push_back(e.hash);
      }
      t.add_row(std::move(row));
    }
    ctx.print(std::move(t), flags.format);
  });
}

}  // namespace atlas::cli
