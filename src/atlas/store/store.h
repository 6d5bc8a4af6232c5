// The registry's storage, as the domain and the shells see it. Implementations: SQLite
// (sqlite/, the embedded default) and later PostgreSQL. Every write takes an Actor, runs the
// programme's rules (domain/rules.h) inside one transaction, and appends to the audit log;
// when a rule fails it throws atlas::Error and nothing is written.
// A Store is one connection: use one per thread.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "atlas/auth/policy.h"
#include "atlas/domain/cluster.h"
#include "atlas/domain/cluster_report.h"
#include "atlas/domain/enterprise.h"
#include "atlas/domain/reference.h"
#include "atlas/domain/support.h"
#include "atlas/metrics/totals.h"
#include "atlas/rounds/application.h"
#include "atlas/rounds/parties.h"
#include "atlas/rounds/round.h"
#include "atlas/store/audit_chain.h"

namespace atlas::store {

class RoundReviews;  // round_reviews.h

// Who makes a change and when (UTC, ISO 8601): kept with every change and in the audit log.
struct Actor {
  std::string name;  // the account's login name, or the CLI operator's name
  std::string at;
  // The recorder's own calendar date (YYYY-MM-DD, their time zone): no decision they record can
  // be dated after it. Empty: the date of `at`.
  std::string today{};
  std::optional<std::int64_t> account_id{};  // none: the CLI's operator
  std::string origin{"cli"};                 // "cli", or the client's address on the server
  std::string reason{};                      // why, when the person said

  std::string recorded_on() const { return today.empty() ? at.substr(0, 10) : today; }
};

struct ClusterFilter {
  std::optional<std::string> province_code;
  std::optional<domain::Region> region;
  std::optional<domain::ClusterStatus> status;
  std::optional<std::int64_t> zone_id;
  std::optional<std::string> industry_prefix;  // "39" matches 3973

  static ClusterFilter in_zone(std::int64_t zone_id) {
    ClusterFilter f;
    f.zone_id = zone_id;
    return f;
  }
};

struct ZoneFilter {
  std::optional<std::string> province_code;
  std::optional<std::string> level;
};

struct EnterpriseFilter {
  std::optional<int> year;
  std::optional<std::int64_t> cluster_id;
  std::optional<std::string> province_code;
  std::optional<bool> high_tech;
  std::int64_t limit = 0;  // 0 = all
};

// An enterprise with its membership and figures in one year.
struct EnterpriseListing {
  domain::Enterprise enterprise;
  domain::EnterpriseYear year;
  std::string cluster_name;
};

using metrics::ClusterYearTotals;

// Counts of a cluster's support records in one year (platforms: all established by then). Where
// no records are stored, the counts the cluster reported on JQ01 stand in; where neither is, the
// count is missing (nullopt), never 0 — a cluster that reported none has a 0.
struct SupportCounts {
  std::optional<std::int64_t> national_platforms, provincial_platforms;
  std::optional<std::int64_t> institutions, alliances;
  std::int64_t institution_rows = 0;  // JQ03 rows stored for the year (the balance rule's side)
};

// One stored evaluation (`evaluate --year`): its inputs and its result, the JSON document of
// `evaluate --format json`.
struct StoredRun {
  std::int64_t id = 0;
  std::string system_id, system_sha256, input, methods;  // methods: "minmax / manual / …"
  std::optional<int> year;
  std::optional<std::int64_t> revision_id;  // the latest import when it ran
  std::int64_t units = 0;
  std::string result;  // empty in listings
  std::string operator_name, created_at;
};

// One import of a file: a revision of the data it carries. Earlier revisions stay.
struct ImportRevision {
  std::int64_t id = 0;
  std::string kind;         // enterprises | clusters | platforms | institutions | alliances
  std::optional<int> year;  // the year given for the whole file, if any
  std::string file_name, sha256, encoding;
  std::int64_t rows_read = 0, rows_imported = 0, rows_rejected = 0, warnings = 0;
  std::string operator_name, imported_at;
};

// A row of an import that cannot be stored with the others: a second row for the same
// enterprise and year, or an enterprise that another cluster's current figures hold for the year.
struct RowConflict {
  std::int64_t line = 0;
  std::string credit_code;
  std::string message;
  std::string kept;  // what add() was given to keep with the row (e.g. its original cells)
};

// Receives the rows of an enterprise import, already validated field by field. Rows are staged
// as they come; the checks that need every row (duplicates, enterprises held by other clusters)
// and the writing into the registry happen at the end, in key order, which keeps a large import
// fast.
class EnterpriseSink {
 public:
  virtual ~EnterpriseSink() = default;
  // `keep` is returned with the row if it conflicts (empty: nothing to keep).
  virtual void add(const domain::Enterprise& enterprise, const domain::EnterpriseYear& row,
                   std::int64_t source_line, const std::string& keep) = 0;
  // After the last add(), and before store(): the rows that conflict, in line order.
  virtual std::vector<RowConflict> conflicts() = 0;
  // Stores every staged row except those on `skip` lines (sorted), superseding the current rows
  // of the same clusters and years. Returns the number of rows stored.
  virtual std::int64_t store(const std::vector<std::int64_t>& skip) = 0;
};

// A row of a cluster-level import, with its line (or sheet row) in the file.
template <class T>
struct FileRow {
  std::int64_t line = 0;
  T value;
};

// The rows of one cluster-level import; only the list of its kind is filled.
struct ClusterLevelRows {
  std::vector<FileRow<domain::ClusterReport>> reports;
  std::vector<FileRow<domain::Platform>> platforms;
  std::vector<FileRow<domain::ServiceInstitution>> institutions;
  std::vector<FileRow<domain::Alliance>> alliances;
};

// One difference between two revisions for an enterprise (or a cluster's record) and year. A
// row only in the newer revision has every old value missing, and the other way round.
struct RevisionChange {
  std::string key;   // the credit code; for cluster-level rows the cluster id
  std::string name;  // the enterprise; the cluster, and the record's name if it has one
  int year = 0;
  std::string field;  // e.g. "revenue"; "row" for a row added or removed
  std::optional<std::string> old_value, new_value;
};

// An account of the programme's system (docs/accounts-and-audit.md). Its password hash never
// leaves the store: logging in is the store's log_in().
struct Account {
  std::int64_t id = 0;
  std::string login, display_name;
  auth::Role role = auth::Role::kAnalyst;
  auth::Scope scope;  // the field of the role's kind; none for admin, expert, analyst
  bool disabled = false;
  bool must_change_password = false;
  std::optional<std::string> locked_until;  // UTC; locked while now is before it
  std::int64_t failed_logins = 0;           // consecutive, since the last success
  std::string created_at;
  std::optional<std::string> last_login_at;

  auth::Actor policy_actor() const { return {role, scope, id}; }
};

// An API token's look-up: its account, and when the token stops working (UTC; refused from that
// second on) for a caller that keeps the answer.
struct TokenGrant {
  Account account;
  std::string expires_at;
};

struct NewAccount {
  std::string login, display_name;
  auth::Role role = auth::Role::kAnalyst;
  auth::Scope scope;
  std::string password_hash;  // auth::hash_password's string, never the password
  bool must_change_password = false;
};

// What a login attempt came to. Every attempt is counted (per account and per address) for
// throttling; see auth/login_policy.h for the limits.
enum class LoginOutcome {
  kOk,
  kRefused,           // unknown login or wrong password: the two are not told apart
  kDisabled,          // the account is disabled
  kLocked,            // too many failures for the account: locked until `retry_after`
  kAddressThrottled,  // too many failures from the address: refused until `retry_after`
};
struct LoginResult {
  LoginOutcome outcome = LoginOutcome::kRefused;
  std::optional<Account> account;  // when kOk
  std::string retry_after;         // UTC, when kLocked or kAddressThrottled
};

// A browser session. The id and the CSRF token are random secrets given to the client once;
// the store keeps only their SHA-256.
struct Session {
  std::int64_t id = 0;  // the row's number, for listing and revoking (not the secret)
  std::int64_t account_id = 0;
  std::string created_at, expires_at, last_seen_at, origin;
  bool revoked = false;
  std::string csrf_hash;  // sha256 of the CSRF token the client must echo on every write
};
struct NewSession {
  std::int64_t id = 0;
  std::string secret;      // the cookie's value, shown once
  std::string csrf_token;  // the CSRF token, shown once
};

// An API token for scripts: hashed at rest, revocable, with an expiry.
struct ApiToken {
  std::int64_t id = 0;
  std::int64_t account_id = 0;
  std::string name, created_at, expires_at;
  bool revoked = false;
  std::optional<std::string> last_used_at;
};

// Filters of the audit log: each given one must match.
struct AuditFilter {
  std::optional<std::string> actor;   // the account's login or the operator's name
  std::optional<std::string> entity;  // "cluster", "account", …
  std::optional<std::string> since;   // UTC, inclusive; a date YYYY-MM-DD means its start
  std::optional<std::string> until;   // UTC, inclusive; a date means its whole day
};

// Which applications of a round to list; each given filter must match.
struct ApplicationFilter {
  std::optional<std::string> province_code;
  std::optional<std::int64_t> zone_id;
  std::optional<rounds::ApplicationState> state;
};

// A document attached to an application; its content is read apart (document_content).
struct ApplicationDocument {
  std::int64_t id = 0;
  std::int64_t application_id = 0;
  std::string name;    // the file name as given, its last component
  std::string type;    // pdf | docx | xlsx, by content (ingest/document_type.h)
  std::string sha256;  // hex, of the content
  std::int64_t size = 0;
  std::string attached_at;
};

// What an import of the expert pool did.
struct ExpertImport {
  std::int64_t added = 0, updated = 0, unchanged = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Runs `work` in one transaction: all of its writes happen, or none. May nest.
  virtual void in_transaction(const std::function<void()>& work) = 0;
  virtual int schema_version() = 0;
  // Ends the reads a look-up left open (a cached statement stopped at its first row keeps its
  // snapshot). A one-verb CLI never needs it; a connection that lives long — a server's worker —
  // calls it between requests and before a write, or it keeps reading an old snapshot (missing
  // other connections' sessions) and its next write fails as "database is locked". Not inside
  // a transaction or while iterating.
  virtual void end_reads() {}
  // Whether the connection to the database is gone for good (a PostgreSQL server restarted or
  // the network failed): the work that met it failed, and a server's worker opens a new store.
  // A SQLite file is never lost.
  virtual bool lost() { return false; }
  // Brings the query planner's statistics up to date, inside the current transaction. For a
  // long transaction that writes many rows and goes on to look them up (the demo writes 110,000
  // enterprise rows in one): PostgreSQL's autovacuum sees only committed rows, and without
  // statistics it plans a look-up of 256 credit codes in a year as a scan of the whole year.
  virtual void update_statistics() {}

  // Reference data: provinces and industries are replaced by the bundled version (except
  // industries an office imported, which stay); zones and clusters of the bundle are added when
  // missing (never changing what users recorded).
  virtual void load_reference(const domain::ReferenceData& data, const Actor& actor) = 0;
  virtual std::vector<domain::Province> provinces() = 0;
  virtual std::vector<domain::Industry> industries() = 0;
  virtual std::optional<domain::Industry> industry(const std::string& code) = 0;
  // An office's copy of the official classification (`industry import`), in one transaction:
  // each row is added, or replaces the row of its code (bundled or accepted), marked imported.
  // Every parent must be in the list or stored already. Nothing is deleted. Returns how many
  // codes were new.
  virtual std::int64_t import_industries(const std::vector<domain::Industry>& list,
                                         const std::string& file_name, const Actor& actor) = 0;

  virtual std::int64_t add_zone(domain::Zone zone, const Actor& actor) = 0;
  virtual std::vector<domain::Zone> zones(const ZoneFilter& filter) = 0;
  virtual std::optional<domain::Zone> zone(std::int64_t id) = 0;
  virtual std::optional<domain::Zone> zone_by_name(const std::string& name) = 0;

  // Adds a cluster whose first status change is `admission`. The province is taken from the zone
  // (and must match when given). A well-formed industry code the list lacks is accepted under its
  // listed group or division (domain::accept_unlisted) and added to the list, marked accepted.
  // Decisions are dated no later than the actor's today (domain::decision_date_problem).
  virtual std::int64_t add_cluster(domain::Cluster cluster, domain::StatusChange admission,
                                   const Actor& actor) = 0;
  virtual void change_status(std::int64_t cluster_id, domain::StatusChange change,
                             const Actor& actor) = 0;
  // Renames (new_value = the new name) or re-scopes (new_value = the new industry code, accepted
  // as add_cluster does).
  virtual void record_event(std::int64_t cluster_id, domain::ClusterEvent event,
                            const Actor& actor) = 0;
  // Records a correction withdrawing the status change numbered `change_id` of the cluster
  // (domain::withdrawal_problem says which may go): the change stays in the history, marked
  // withdrawn, and the cluster's status becomes the latest change still in force. Returns the
  // withdrawn change.
  virtual domain::StatusChange withdraw_status(std::int64_t cluster_id, std::int64_t change_id,
                                               const domain::StatusCorrection& correction,
                                               const Actor& actor) = 0;
  virtual std::vector<domain::StatusCorrection> corrections(std::int64_t cluster_id) = 0;
  virtual std::vector<domain::Cluster> clusters(const ClusterFilter& filter) = 0;
  virtual std::optional<domain::Cluster> cluster(std::int64_t id) = 0;
  // Clusters whose current or former name contains `text` (an exact name first, if any).
  virtual std::vector<domain::Cluster> find_clusters(const std::string& text) = 0;
  // Every status change, oldest first, withdrawn ones included (and marked).
  virtual std::vector<domain::StatusChange> status_history(std::int64_t cluster_id) = 0;
  // Every cluster's status in force at the end of `date` (YYYY-MM-DD): domain::status_on of each
  // cluster's history, in one index look-up per cluster rather than a replay of each history.
  // Clusters with no change in force by then are absent.
  virtual std::map<std::int64_t, domain::ClusterStatus> statuses_on(const std::string& date) = 0;
  virtual std::vector<domain::ClusterEvent> events(std::int64_t cluster_id) = 0;

  void add_enterprise(const domain::Enterprise& enterprise, const Actor& actor) {
    add_enterprises({&enterprise, 1}, actor);
  }
  // add_enterprise of each, in one transaction: all or none. For thousands (the demo's), it saves
  // a nested transaction each.
  virtual void add_enterprises(std::span<const domain::Enterprise> list, const Actor& actor) = 0;
  virtual std::optional<domain::Enterprise> enterprise(const std::string& credit_code) = 0;
  // Records an enterprise's membership and figures for a year; one row per enterprise and year.
  void add_enterprise_year(const domain::EnterpriseYear& row, const Actor& actor) {
    add_enterprise_years({&row, 1}, actor);
  }
  // add_enterprise_year of each, in one transaction: all or none.
  virtual void add_enterprise_years(std::span<const domain::EnterpriseYear> rows,
                                    const Actor& actor) = 0;
  virtual std::vector<domain::EnterpriseYear> enterprise_years(const std::string& credit_code) = 0;
  // Calls `row` for each enterprise the filter selects, by year, cluster, revenue (largest
  // first, missing last) and credit code, one at a time: a national year can be millions.
  virtual void each_enterprise(const EnterpriseFilter& filter,
                               const std::function<void(const EnterpriseListing&)>& row) = 0;

  // A cluster's support records (JQ03/JQ04), added directly rather than imported. Each list
  // is checked as if added one by one and written in one transaction: all or none.
  virtual void add_platforms(std::span<const domain::Platform> list, const Actor& actor) = 0;
  virtual void add_institutions(std::span<const domain::ServiceInstitution> list,
                                const Actor& actor) = 0;
  virtual void add_alliances(std::span<const domain::Alliance> list, const Actor& actor) = 0;
  virtual SupportCounts support_counts(std::int64_t cluster_id, int year) = 0;
  // The cluster's current report (JQ01 totals) for a year, if one was imported.
  virtual std::optional<domain::ClusterReport> cluster_report(std::int64_t cluster_id,
                                                              int year) = 0;
  // The current records of every cluster: reports and JQ03/JQ04 rows of a year, and the
  // platform lists, in cluster order.
  virtual std::vector<domain::ClusterReport> cluster_reports(int year) = 0;
  virtual std::vector<domain::Platform> platforms() = 0;
  virtual std::vector<domain::ServiceInstitution> institutions(int year) = 0;
  virtual std::vector<domain::Alliance> alliances(int year) = 0;

  // Every cluster's totals for a year: the sums over its current enterprise rows, where the
  // cluster's own report (JQ01) gives a figure, that figure — it covers every firm.
  virtual std::vector<ClusterYearTotals> cluster_year_totals(int year) = 0;
  virtual std::vector<int> years_with_data() = 0;

  // Runs an import as one transaction. `feed` streams rows into the sink and may update `meta`
  // (counts, hash); when it returns true the rows are kept as a new revision, whose id is
  // returned, and the rows of the same clusters and years from earlier revisions stop being
  // current. When it returns false or throws, nothing is kept and 0 is returned.
  virtual std::int64_t import_enterprise_years(
      ImportRevision& meta, const Actor& actor,
      const std::function<bool(EnterpriseSink&, ImportRevision&)>& feed) = 0;
  // Stores a cluster-level import (clusters, platforms, institutions, alliances) as a new
  // revision, in one transaction, and returns its id. The rows replace the current rows of the
  // same clusters and years (platforms: of the same clusters); the earlier rows stay, no longer
  // current.
  virtual std::int64_t import_cluster_rows(ImportRevision& meta, const Actor& actor,
                                           const ClusterLevelRows& rows) = 0;
  // The revision of `kind` with this content hash (and year, when given), if there is one.
  virtual std::optional<ImportRevision> revision_with_hash(const std::string& kind,
                                                           const std::string& sha256,
                                                           std::optional<int> year) = 0;
  // Revisions, oldest first; with a cluster or a year, only those that carried its rows.
  virtual std::vector<ImportRevision> revisions(std::optional<std::int64_t> cluster_id,
                                                std::optional<int> year) = 0;
  virtual std::optional<ImportRevision> revision(std::int64_t id) = 0;
  // What changed from revision `from` to revision `to`, field by field.
  virtual std::vector<RevisionChange> diff_revisions(std::int64_t from, std::int64_t to) = 0;

  // Stored evaluations: save one (its revision_id is the latest import revision now), list them
  // oldest first without their results, read one whole.
  virtual std::int64_t save_run(StoredRun& run, const Actor& actor) = 0;
  virtual std::vector<StoredRun> runs() = 0;
  virtual std::optional<StoredRun> run(std::int64_t id) = 0;

  // Accounts (docs/accounts-and-audit.md). Every change is audited with its before and after,
  // never with a secret. A province, zone or cluster account's scope must name an existing
  // province, zone or cluster (kNotFound otherwise); a login name is unique (kRule).
  virtual std::int64_t add_account(const NewAccount& account, const Actor& actor) = 0;
  virtual std::optional<Account> account(std::int64_t id) = 0;
  virtual std::optional<Account> account_by_login(const std::string& login) = 0;
  virtual std::vector<Account> accounts() = 0;
  virtual void set_role(std::int64_t account_id, auth::Role role, const auth::Scope& scope,
                        const Actor& actor) = 0;
  // Disabling also revokes the account's sessions and tokens.
  virtual void set_disabled(std::int64_t account_id, bool disabled, const Actor& actor) = 0;
  // Clears a lockout and the count of failed logins.
  virtual void unlock(std::int64_t account_id, const Actor& actor) = 0;
  // Sets a new password hash; an administrator's reset sets must_change_password and revokes
  // the account's sessions.
  virtual void set_password(std::int64_t account_id, const std::string& password_hash,
                            bool must_change, const Actor& actor) = 0;
  // The account's own change of its password (it proved the current one): sets the new hash,
  // clears must_change_password and revokes its sessions except `keep_session` (the one it
  // asked from, if by a session) — whoever knew the old password may hold one. Its API tokens
  // stay: they were made for it by an administrator, who revokes them (a reset does).
  virtual void change_own_password(std::int64_t account_id, const std::string& password_hash,
                                   std::optional<std::int64_t> keep_session,
                                   const Actor& actor) = 0;
  // Checks a login at `now` from `address`, counting the attempt and applying the throttling
  // and lockout of auth/login_policy.h in one transaction.
  virtual LoginResult log_in(const std::string& login, const std::string& password,
                             const std::string& address, const std::string& now) = 0;

  // Sessions: created for an account at actor.at, valid until `expires_at` (and while used
  // within auth::kSessionIdle); find_session answers only a valid session and marks it seen.
  virtual NewSession create_session(std::int64_t account_id, const std::string& expires_at,
                                    const Actor& actor) = 0;
  virtual std::optional<Session> find_session(const std::string& secret,
                                              const std::string& now) = 0;
  // Every session of an account, or of every account; newest first.
  virtual std::vector<Session> sessions(std::optional<std::int64_t> account_id) = 0;
  virtual void revoke_session(std::int64_t session_id, const Actor& actor) = 0;

  // API tokens: the clear token is returned once; find_token answers the account of a token
  // that is neither revoked nor expired at `now`, and records its use.
  virtual std::string create_token(std::int64_t account_id, const std::string& name,
                                   const std::string& expires_at, const Actor& actor) = 0;
  virtual std::optional<Account> find_token(const std::string& token, const std::string& now) = 0;
  // find_token's answer with the token's expiry, its use recorded the same way: for a caller that
  // keeps the answer (the server, server/token_cache.h) and must refuse the token once it expires.
  virtual std::optional<TokenGrant> find_token_grant(const std::string& token,
                                                     const std::string& now) = 0;
  virtual std::vector<ApiToken> tokens(std::optional<std::int64_t> account_id) = 0;
  virtual void revoke_token(std::int64_t token_id, const Actor& actor) = 0;

  // The audit log, append-only: the store offers no way to change or remove an entry. Entries
  // are written only by the store's own changes, in their transaction.
  virtual std::vector<AuditEntry> audit_entries(const AuditFilter& filter) = 0;
  // Walks the whole chain (audit_chain.h).
  virtual ChainCheck verify_audit_chain() = 0;
  // The id of the newest audit entry (0: none). Every change of the data is audited in its own
  // transaction, so this moves whenever the data does — whichever process wrote: the server's
  // cache of computed documents (server/response_cache.h) is keyed by it.
  virtual std::int64_t latest_change() = 0;

  // Selection rounds (docs/rounds.md). Each action is checked, in the transaction that writes,
  // against the round's stage and that stage's deadline on the actor's today
  // (rounds::action_problem: kRule naming both) and the rules of rounds/application.h, and is
  // audited with its before and after. Who may act for which province or zone is the caller's
  // policy (auth/policy.h); the store keeps the programme's rules.
  // A new round (rounds::round_problem; kBadInput) in its first stage; kNotFound for a quota of an
  // unknown province, kRule for a document number already used.
  virtual std::int64_t add_round(rounds::Round round, const Actor& actor) = 0;
  virtual std::vector<rounds::Round> rounds() = 0;  // newest first
  virtual std::optional<rounds::Round> round(std::int64_t id) = 0;
  // Moves the round to its next stage and returns it; kRule when the round is closed.
  virtual rounds::Stage advance_round(std::int64_t round_id, const Actor& actor) = 0;
  // A zone's application: a new one in the applications stage, or, when the zone's application
  // in the round was returned, that one corrected and submitted again (also in the
  // recommendation stage; the same id). The province is the zone's; the leading industry is
  // accepted as add_cluster does. kRule when the zone has an active cluster (一区一主导产业) or
  // an application of the round not returned.
  virtual std::int64_t submit_application(rounds::Application application, const Actor& actor) = 0;
  // The province sends a submitted application back with its reasons (kBadInput without them);
  // kRule when it is on the province's list (send the list without it first).
  virtual void return_application(std::int64_t application_id, const std::string& reason,
                                  const Actor& actor) = 0;
  // In the order of province, rank on its list (unranked last), id.
  virtual std::vector<rounds::Application> applications(std::int64_t round_id,
                                                        const ApplicationFilter& filter) = 0;
  virtual std::optional<rounds::Application> application(std::int64_t id) = 0;
  // Replaces the province's ranked list in the round (rounds::recommendation_problem with the
  // round's quota; kRule). An empty list withdraws it.
  virtual void recommend(std::int64_t round_id, const std::string& province_code,
                         const std::vector<rounds::Recommendation>& list, const Actor& actor) = 0;

  // Attaches a checked document (ingest::check_document) while the zone may still submit the
  // application (its stage and deadline, as submit_application); kRule for the same content
  // attached to it already. Returns the document's id.
  virtual std::int64_t attach_document(const ApplicationDocument& document,
                                       const std::string& content, const Actor& actor) = 0;
  virtual std::vector<ApplicationDocument> documents(std::int64_t application_id) = 0;
  // The bytes of a document, or nullopt for an unknown id.
  virtual std::optional<std::string> document_content(std::int64_t document_id) = 0;

  // The expert pool (专家库). An expert is known by their code; their province must exist and
  // each field of expertise be an industry code (accepted as add_cluster does; kNotFound /
  // kBadInput otherwise). add_expert refuses a code already in the pool (kRule); import_experts
  // adds or updates each expert of the list by code, all or nothing.
  virtual std::int64_t add_expert(rounds::Expert expert, const Actor& actor) = 0;
  virtual ExpertImport import_experts(const std::vector<rounds::Expert>& experts,
                                      const std::string& file_name, const Actor& actor) = 0;
  virtual std::vector<rounds::Expert> experts() = 0;  // by code
  // The round's later stages: assignment, reviews, decision, notice and admission.
  virtual RoundReviews& round_reviews() = 0;

  // Settings of the data set, e.g. "synthetic" = the demo's parameters when the data is synthetic.
  virtual std::optional<std::string> meta(const std::string& key) = 0;
  virtual void set_meta(const std::string& key, const std::string& value, const Actor& actor) = 0;
};

}  // namespace atlas::store
