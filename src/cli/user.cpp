// `clusteratlas user …`: accounts of the programme's system, their API tokens and sessions —
// so the first administrator can be created on a fresh database without the web. The CLI's
// operator acts with the database file in hand (as an administrator would); every change is in
// the audit log with the operator's name and no account. Passwords never appear on the command
// line (where `ps` shows them): they are asked on the terminal without echo, or read from
// standard input with --password-stdin. Generated secrets are printed once and stored hashed.
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include <fmt/format.h>

#include "atlas/app/accounts.h"
#include "atlas/auth/login_policy.h"
#include "atlas/auth/secrets.h"
#include "atlas/core/error.h"
#include "atlas/core/suggest.h"
#include "context.h"
#include "database.h"

namespace atlas::cli {
namespace {

struct Flags {
  std::string login, display_name, role, province, zone, cluster, format = "table";
  std::string token_name;
  int days = static_cast<int>(auth::kTokenDefaultLifetime.count());
  std::int64_t id = 0;
  bool password_stdin = false;
  bool temporary = false;
};

// One line from the terminal with echo off, restored once the line (or the end) is read. Echo
// goes off before the prompt is shown: what is typed after the prompt is never echoed, and the
// flush of earlier typeahead cannot swallow it.
std::string ask_hidden(const std::string& prompt) {
  FILE* tty = std::fopen("/dev/tty", "r+");
  if (tty == nullptr) {
    throw Error(ErrorKind::kUsage,
                "no terminal to ask for the password on; give it on standard input with "
                "--password-stdin");
  }
  termios old{};
  const bool is_term = tcgetattr(fileno(tty), &old) == 0;
  if (is_term) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
  }
  std::fputs(prompt.c_str(), tty);
  std::fflush(tty);
  std::string line;
  for (int c; (c = std::fgetc(tty)) != EOF && c != '\n';) line += static_cast<char>(c);
  if (is_term) tcsetattr(fileno(tty), TCSADRAIN, &old);
  std::fputs("\n", tty);
  std::fclose(tty);
  return line;
}

// The new password for `login`: the first line of standard input, or asked twice on the
// terminal. Whether it is strong enough is app::add_account's check.
std::string new_password(const std::string& login, bool from_stdin) {
  std::string password;
  if (from_stdin) {
    if (!std::getline(std::cin, password)) {
      throw Error(ErrorKind::kBadInput, "--password-stdin: standard input has no password line");
    }
    if (!password.empty() && password.back() == '\r') password.pop_back();
  } else {
    password = ask_hidden(fmt::format("Password for {}: ", login));
    if (ask_hidden("Again: ") != password) {
      throw Error(ErrorKind::kBadInput, "the two passwords typed differ; nothing was changed");
    }
  }
  return password;
}

// The scope the flags give, resolved to what the store keeps; the store checks that it fits the
// role.
auth::Scope scope_of(Context& ctx, const Flags& f) {
  return app::account_scope(database(ctx), {f.province, f.zone, f.cluster});
}

store::Account existing(Context& ctx, const std::string& login) {
  auto a = ctx.store().account_by_login(login);
  if (!a) {
    std::vector<std::string> logins;
    for (const auto& other : ctx.store().accounts()) logins.push_back(other.login);
    throw Error(ErrorKind::kNotFound,
                fmt::format("no account with the login {}{} (see `clusteratlas user list`)", login,
                            text::did_you_mean(login, logins)));
  }
  return *a;
}

// "湖北省", "武汉东湖高新区 (3)": what an account acts for.
std::string scope_label(Context& ctx, const store::Account& a) {
  return app::account_place(database(ctx), a).label();
}

// What a listing of tokens or sessions needs: the account asked for (none: every account's) and
// every account's login by id.
std::pair<std::optional<std::int64_t>, std::map<std::int64_t, std::string>> listing_of(
    Context& ctx, const std::string& login) {
  std::optional<std::int64_t> only;
  if (!login.empty()) only = existing(ctx, login).id;
  std::map<std::int64_t, std::string> logins;
  for (const auto& a : ctx.store().accounts()) logins[a.id] = a.login;
  return {only, logins};
}

report::Cell optional_text(const std::optional<std::string>& v) {
  if (v) return *v;
  return {};
}

void add_scope_options(CLI::App* cmd, Flags& f) {
  cmd->add_option("--province", f.province, "The province a province account acts for")
      ->group("Scope");
  cmd->add_option("--zone", f.zone, "The zone (id or name) a zone account acts for")
      ->group("Scope");
  cmd->add_option("--cluster", f.cluster, "The cluster (id or name) a cluster account acts for")
      ->group("Scope");
}

void add_token_commands(CLI::App* user, Context& ctx, Flags& flags) {
  auto* token = user->add_subcommand("token", "API tokens for scripts: hashed at rest, revocable");
  token->require_subcommand(1);
  token->footer(
      "Examples:\n"
      "  clusteratlas user token create wang --name nightly-export --days 30\n"
      "  clusteratlas user token list wang\n"
      "  clusteratlas user token revoke 3");

  auto* create = token->add_subcommand("create", "Create a token (printed once, kept hashed)");
  create->add_option("login", flags.login, "Whose token")->required();
  create->add_option("--name", flags.token_name, "What the token is for")->required();
  create
      ->add_option(
          "--days", flags.days,
          fmt::format("Days until it expires (at most {})", auth::kTokenMaxLifetime.count()))
      ->check(CLI::Range(1, static_cast<int>(auth::kTokenMaxLifetime.count())))
      ->capture_default_str();
  create->footer(
      "Examples:\n"
      "  clusteratlas user token create wang --name nightly-export\n"
      "  clusteratlas user token create hubei-office --name upload --days 7");
  create->callback([&ctx, &flags] {
    auto a = existing(ctx, flags.login);
    auto actor = ctx.actor();
    auto expires = auth::utc_plus(actor.at, std::chrono::days(flags.days));
    auto token = ctx.store().create_token(a.id, flags.token_name, *expires, actor);
    std::cout << token << '\n';
    if (!ctx.quiet) {
      std::cerr << fmt::format(
          "API token '{}' for {} expires {}; it is shown only now — keep it (the database keeps "
          "only its SHA-256)\n",
          flags.token_name, a.login, *expires);
    }
  });

  auto* list = token->add_subcommand("list", "List tokens (never their secrets)");
  list->add_option("login", flags.login, "Only this account's tokens");
  add_format_option(list, flags.format);
  list->footer(
      "Examples:\n"
      "  clusteratlas user token list\n"
      "  clusteratlas user token list wang --format json");
  list->callback([&ctx, &flags] {
    auto [only, logins] = listing_of(ctx, flags.login);
    report::Table t;
    t.columns = {{"id", "ID", -1, true, 1, false}, {"login", "账号"},      {"name", "用途"},
                 {"created_at", "创建"},           {"expires_at", "到期"}, {"revoked", "已吊销"},
                 {"last_used_at", "最近使用"}};
    for (const auto& tk : ctx.store().tokens(only)) {
      t.add_row({tk.id, logins[tk.account_id], tk.name, tk.created_at, tk.expires_at,
                 std::string(tk.revoked ? "yes" : "no"), optional_text(tk.last_used_at)});
    }
    ctx.print(std::move(t), flags.format);
  });

  auto* revoke = token->add_subcommand("revoke", "Revoke a token: it stops working at once");
  revoke->add_option("id", flags.id, "The token's id (see `user token list`)")->required();
  revoke->footer("Examples:\n  clusteratlas user token revoke 3");
  revoke->callback([&ctx, &flags] {
    ctx.store().revoke_token(flags.id, ctx.actor());
    if (!ctx.quiet) std::cout << fmt::format("API token {} revoked\n", flags.id);
  });

  auto* verify = token->add_subcommand(
      "verify", "Check a token read from standard input: whose it is, if it works now");
  verify->footer(
      "Exit code 2 when the token is unknown, revoked or expired.\n"
      "Examples:\n"
      "  clusteratlas user token verify < token.txt");
  verify->callback([&ctx] {
    std::string token;
    std::getline(std::cin, token);
    if (!token.empty() && token.back() == '\r') token.pop_back();
    auto actor = ctx.actor();
    auto a = ctx.store().find_token(token, actor.at);
    if (!a) {
      throw Error(ErrorKind::kNotFound,
                  "the token on standard input is unknown, revoked or expired, or its account "
                  "is disabled");
    }
    std::cout << fmt::format("{} {} {}\n", a->login, auth::role_key(a->role), scope_label(ctx, *a));
  });
}

void add_session_commands(CLI::App* user, Context& ctx, Flags& flags) {
  auto* session = user->add_subcommand("session", "Browser sessions: list and revoke");
  session->require_subcommand(1);
  session->footer(
      "Examples:\n"
      "  clusteratlas user session list wang\n"
      "  clusteratlas user session revoke 17");
  auto* list = session->add_subcommand("list", "List sessions, newest first");
  list->add_option("login", flags.login, "Only this account's sessions");
  add_format_option(list, flags.format);
  list->footer(
      "Examples:\n"
      "  clusteratlas user session list\n"
      "  clusteratlas user session list wang --format csv");
  list->callback([&ctx, &flags] {
    auto [only, logins] = listing_of(ctx, flags.login);
    report::Table t;
    t.columns = {{"id", "ID", -1, true, 1, false},
                 {"login", "账号"},
                 {"origin", "来源"},
                 {"created_at", "登录"},
                 {"last_seen_at", "最近活动"},
                 {"expires_at", "到期"},
                 {"revoked", "已吊销"}};
    for (const auto& s : ctx.store().sessions(only)) {
      t.add_row({s.id, logins[s.account_id], s.origin, s.created_at, s.last_seen_at, s.expires_at,
                 std::string(s.revoked ? "yes" : "no")});
    }
    ctx.print(std::move(t), flags.format);
  });
  auto* revoke = session->add_subcommand("revoke", "End a session at once");
  revoke->add_option("id", flags.id, "The session's id (see `user session list`)")->required();
  revoke->footer("Examples:\n  clusteratlas user session revoke 17");
  revoke->callback([&ctx, &flags] {
    ctx.store().revoke_session(flags.id, ctx.actor());
    if (!ctx.quiet) std::cout << fmt::format("session {} revoked\n", flags.id);
  });
}

}  // namespace

void add_user_commands(CLI::App& app, Context& ctx) {
  static Flags flags;
  auto* user = app.add_subcommand("user", "Accounts, roles and scopes, API tokens and sessions");
  user->require_subcommand(1);
  user->footer(
      "Examples:\n"
      "  clusteratlas user add admin --role admin --name 火炬中心\n"
      "  clusteratlas user add hubei --role province --province 湖北 --password-stdin < pw.txt\n"
      "  clusteratlas user list\n"
      "  clusteratlas user reset-password hubei");

  auto* add = user->add_subcommand("add",
                                   "Create an account (the password is asked, never typed "
                                   "on the command line)");
  add->add_option("login", flags.login, "Login name, e.g. hubei-office")->required();
  add->add_option("--role", flags.role, "admin, province, zone, cluster, expert or analyst")
      ->required();
  add->add_option("--name", flags.display_name, "Display name, e.g. 湖北省科技厅");
  add_scope_options(add, flags);
  add->add_flag("--password-stdin", flags.password_stdin,
                "Read the password from the first line of standard input");
  add->add_flag("--temporary", flags.temporary,
                "The password is one-time: the account must change it at its first login "
                "(for a password handed to someone else)");
  add->footer(
      "Examples:\n"
      "  clusteratlas user add admin --role admin --name 火炬中心\n"
      "  clusteratlas user add hubei --role province --province 湖北 --password-stdin < pw.txt\n"
      "  clusteratlas user add hubei-2 --role province --province 湖北 --temporary\n"
      "  clusteratlas user add donghu --role zone --zone 武汉东湖高新区\n"
      "  clusteratlas user add reader --role analyst");
  add->callback([&ctx] {
    auto db = database(ctx);
    app::NewAccountRequest n;
    n.login = flags.login;
    n.display_name = flags.display_name;
    n.role = app::account_role(flags.role);
    n.scope = scope_of(ctx, flags);
    app::check_login_free(db, n.login);  // before asking for a password that would be lost
    n.password = new_password(n.login, flags.password_stdin);
    n.temporary = flags.temporary;
    auto added = app::add_account(db, n, ctx.actor());
    if (!ctx.quiet) {
      auto a = ctx.store().account(added.id);
      std::cout << fmt::format(
          "account {} added (id {}, {}{}){}\n", n.login, added.id, flags.role,
          auth::role_has_scope(n.role) && a ? " of " + scope_label(ctx, *a) : "",
          flags.temporary ? "; the password must be changed at the first login" : "");
    }
  });

  auto* list = user->add_subcommand("list", "List accounts");
  add_format_option(list, flags.format);
  list->footer(
      "Examples:\n"
      "  clusteratlas user list\n"
      "  clusteratlas user list --format json");
  list->callback([&ctx] {
    report::Table t;
    t.columns = {{"id", "ID", -1, true, 1, false},
                 {"login", "账号"},
                 {"display_name", "名称"},
                 {"role", "角色"},
                 {"scope", "范围"},
                 {"disabled", "停用"},
                 {"locked_until", "锁定至"},
                 {"must_change_password", "须改密码"},
                 {"last_login_at", "最近登录"}};
    for (const auto& [a, place] : app::account_views(database(ctx))) {
      t.add_row({a.id, a.login, a.display_name, std::string(auth::role_key(a.role)), place.label(),
                 std::string(a.disabled ? "yes" : "no"), optional_text(a.locked_until),
                 std::string(a.must_change_password ? "yes" : "no"),
                 optional_text(a.last_login_at)});
    }
    ctx.print(std::move(t), flags.format);
  });

  auto* set_role = user->add_subcommand("set-role", "Change an account's role and scope");
  set_role->add_option("login", flags.login, "The account")->required();
  set_role->add_option("--role", flags.role, "admin, province, zone, cluster, expert or analyst")
      ->required();
  add_scope_options(set_role, flags);
  set_role->footer(
      "Examples:\n"
      "  clusteratlas user set-role wang --role cluster --cluster 12\n"
      "  clusteratlas user set-role li --role analyst");
  set_role->callback([&ctx] {
    auto a = existing(ctx, flags.login);
    auto role = app::account_role(flags.role);
    ctx.store().set_role(a.id, role, scope_of(ctx, flags), ctx.actor());
    if (!ctx.quiet) std::cout << fmt::format("{} is now {}\n", a.login, flags.role);
  });

  struct Switch {
    const char* verb;
    const char* help;
    const char* done;
  };
  for (auto s : {Switch{"disable", "Disable an account and end its sessions and tokens",
                        "disabled; its sessions and tokens are revoked"},
                 Switch{"enable", "Enable a disabled account", "enabled"},
                 Switch{"unlock", "Lift a lockout after failed logins", "unlocked"}}) {
    auto* cmd = user->add_subcommand(s.verb, s.help);
    cmd->add_option("login", flags.login, "The account")->required();
    cmd->footer(fmt::format("Examples:\n  clusteratlas user {} hubei", s.verb));
    const std::string verb = s.verb;
    const std::string done = s.done;
    cmd->callback([&ctx, verb, done] {
      auto a = existing(ctx, flags.login);
      auto& store = ctx.store();
      if (verb == "unlock") {
        store.unlock(a.id, ctx.actor());
      } else {
        store.set_disabled(a.id, verb == "disable", ctx.actor());
      }
      if (!ctx.quiet) std::cout << fmt::format("{} {}\n", a.login, done);
    });
  }

  auto* reset = user->add_subcommand(
      "reset-password",
      "Set a one-time password (printed once); it must be changed at the next login");
  reset->add_option("login", flags.login, "The account")->required();
  reset->footer(
      "The account's sessions end; its lockout and failed logins are cleared.\n"
      "Examples:\n"
      "  clusteratlas user reset-password hubei");
  reset->callback([&ctx] {
    auto a = existing(ctx, flags.login);
    auto one_time = app::one_time_password();
    ctx.store().set_password(a.id, auth::hash_password(one_time), true, ctx.actor());
    std::cout << one_time << '\n';
    if (!ctx.quiet) {
      std::cerr << fmt::format(
          "one-time password for {} (shown only now); it must be changed at the next login\n",
          a.login);
    }
  });

  add_token_commands(user, ctx, flags);
  add_session_commands(user, ctx, flags);
}

}  // namespace atlas::cli
