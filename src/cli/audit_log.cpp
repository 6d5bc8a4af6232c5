// `clusteratlas audit-log …`: the record of every change (who, when, from where, what, why),
// kept as a hash chain. `verify` walks the chain and names the first broken link; `list` reads
// it with filters. Nothing here writes: the log cannot be changed through any verb. (Not to be
// confused with `audit`, the statistical audit of an evaluation.)
#include <iostream>

#include <fmt/format.h>

#include "atlas/core/date.h"
#include "atlas/core/error.h"
#include "context.h"

namespace atlas::cli {
namespace {

struct Flags {
  std::string account, entity, since, until, format = "table";
};

// A time bound as people type it: a date YYYY-MM-DD or a UTC time YYYY-MM-DDTHH:MM:SSZ.
std::optional<std::string> time_bound(const std::string& value, const char* flag) {
  if (value.empty()) return std::nullopt;
  const bool date = value.size() == 10;
  const bool time = value.size() == 20 && value[10] == 'T' && value.back() == 'Z';
  if (!(date || time) || date::problem(value.substr(0, 10))) {
    throw Error(ErrorKind::kUsage, fmt::format("{}: '{}' is not a date (2026-12-04) or a UTC time "
                                               "(2026-12-04T08:30:00Z)",
                                               flag, value));
  }
  return value;
}

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
    auto check = ctx.store().verify_audit_chain();
    if (check.broken_id) {
      throw Error(ErrorKind::kStore,
                  fmt::format("the audit log is broken at entry {} ({}): {}; the {} entries "
                              "before it verify",
                              *check.broken_id, check.broken_at, check.problem, check.entries),
                  {ctx.db_path(), 0, "", ""});
    }
    std::cout << fmt::format("audit log verified: {} entries, head {}\n", check.entries,
                             check.head_hash);
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
    store::AuditFilter filter;
    if (!flags.account.empty()) filter.actor = flags.account;
    if (!flags.entity.empty()) filter.entity = flags.entity;
    filter.since = time_bound(flags.since, "--since");
    filter.until = time_bound(flags.until, "--until");
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
