// The store's rules and SQL, written once for SQLite and PostgreSQL: the class SqlStore, shared
// by its implementation files (registry.cpp: reference data, zones and clusters; enterprises.cpp:
// enterprises, support records, totals; …). Its SQL runs through the neutral statement layer
// (db_, sql/connection.h). What differs between the two databases — opening one, its migrations,
// and the import's bulk sink — is in the subclasses SqliteStore (store/sqlite/) and PostgresStore
// (store/postgres/). Not for use outside store/.
#pragma once
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "atlas/core/error.h"
#include "atlas/store/round_reviews.h"
#include "atlas/store/sql/connection.h"
#include "atlas/store/sql/kept_totals.h"
#include "atlas/store/store.h"

namespace atlas::store::sql {

// Throws atlas::Error of `kind`; nothing of the current transaction is kept.
[[noreturn]] inline void fail(ErrorKind kind, const std::string& message) {
  throw Error(kind, message);
}

// Binds NULL for a missing value: missing is never stored as 0.
inline void bind_optional(sql::Statement& q, int i, const std::optional<double>& v) {
  if (v) {
    q.bind(i, *v);
  } else {
    q.bind(i);
  }
}

inline std::optional<double> optional_double(const sql::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getDouble();
}

// A list kept as a JSON array of strings in one column (leading firms, fields, conflicts).
inline std::vector<std::string> string_list(const std::string& json_text) {
  return nlohmann::json::parse(json_text).get<std::vector<std::string>>();
}

// A stored value as text for people: "" for NULL, the shortest form of a number.
std::string value_text(const sql::Column& c);

// What an audit entry keeps beyond its summary: the state before and after the change (for
// status changes, renames, re-scopes, corrections, accounts; never a secret) and why.
struct AuditChange {
  std::optional<nlohmann::json> before, after;
  std::string reason{};  // empty: the actor's reason, if they gave one
};

class SqlStore : public Store, public RoundReviews {
 public:
  void in_transaction(const std::function<void()>& work) override;
  int schema_version() override;
  void end_reads() override;
  void update_statistics() override { db_.update_statistics(); }

  void load_reference(const domain::ReferenceData& data, const Actor& actor) override;
  std::vector<domain::Province> provinces() override;
  std::vector<domain::Industry> industries() override;
  std::optional<domain::Industry> industry(const std::string& code) override;
  std::int64_t import_industries(const std::vector<domain::Industry>& list,
                                 const std::string& file_name, const Actor& actor) override;

  std::int64_t add_zone(domain::Zone zone, const Actor& actor) override;
  std::vector<domain::Zone> zones(const ZoneFilter& filter) override;
  std::optional<domain::Zone> zone(std::int64_t id) override;
  std::optional<domain::Zone> zone_by_name(const std::string& name) override;

  std::int64_t add_cluster(domain::Cluster cluster, domain::StatusChange admission,
                           const Actor& actor) override;
  void change_status(std::int64_t cluster_id, domain::StatusChange change,
                     const Actor& actor) override;
  void record_event(std::int64_t cluster_id, domain::ClusterEvent event,
                    const Actor& actor) override;
  std::vector<domain::Cluster> clusters(const ClusterFilter& filter) override;
  std::optional<domain::Cluster> cluster(std::int64_t id) override;
  std::vector<domain::Cluster> find_clusters(const std::string& text) override;
  std::vector<domain::StatusChange> status_history(std::int64_t cluster_id) override;
  std::map<std::int64_t, domain::ClusterStatus> statuses_on(const std::string& date) override;
  domain::StatusChange withdraw_status(std::int64_t cluster_id, std::int64_t change_id,
                                       const domain::StatusCorrection& correction,
                                       const Actor& actor) override;
  std::vector<domain::StatusCorrection> corrections(std::int64_t cluster_id) override;
  std::vector<domain::ClusterEvent> events(std::int64_t cluster_id) override;

  void add_enterprises(std::span<const domain::Enterprise> list, const Actor& actor) override;
  std::optional<domain::Enterprise> enterprise(const std::string& credit_code) override;
  void add_enterprise_years(std::span<const domain::EnterpriseYear> rows,
                            const Actor& actor) override;
  std::vector<domain::EnterpriseYear> enterprise_years(const std::string& credit_code) override;
  void each_enterprise(const EnterpriseFilter& filter,
                       const std::function<void(const EnterpriseListing&)>& row) override;

  void add_platforms(std::span<const domain::Platform> list, const Actor& actor) override;
  void add_institutions(std::span<const domain::ServiceInstitution> list,
                        const Actor& actor) override;
  void add_alliances(std::span<const domain::Alliance> list, const Actor& actor) override;
  SupportCounts support_counts(std::int64_t cluster_id, int year) override;
  std::optional<domain::ClusterReport> cluster_report(std::int64_t cluster_id, int year) override;
  std::vector<domain::ClusterReport> cluster_reports(int year) override;
  std::vector<domain::Platform> platforms() override;
  std::vector<domain::ServiceInstitution> institutions(int year) override;
  std::vector<domain::Alliance> alliances(int year) override;

  std::vector<ClusterYearTotals> cluster_year_totals(int year) override;
  std::vector<int> years_with_data() override;

  // import_enterprise_years: each database's own bulk sink (the subclasses).
  std::optional<ImportRevision> revision_with_hash(const std::string& kind,
                                                   const std::string& sha256,
                                                   std::optional<int> year) override;
  std::vector<ImportRevision> revisions(std::optional<std::int64_t> cluster_id,
                                        std::optional<int> year) override;
  std::optional<ImportRevision> revision(std::int64_t id) override;
  std::int64_t import_cluster_rows(ImportRevision& meta, const Actor& actor,
                                   const ClusterLevelRows& rows) override;
  std::vector<RevisionChange> diff_revisions(std::int64_t from, std::int64_t to) override;
  std::int64_t save_run(StoredRun& run, const Actor& actor) override;
  std::vector<StoredRun> runs() override;
  std::optional<StoredRun> run(std::int64_t id) override;

  std::int64_t add_account(const NewAccount& account, const Actor& actor) override;
  std::optional<Account> account(std::int64_t id) override;
  std::optional<Account> account_by_login(const std::string& login) override;
  std::vector<Account> accounts() override;
  void set_role(std::int64_t account_id, auth::Role role, const auth::Scope& scope,
                const Actor& actor) override;
  void set_disabled(std::int64_t account_id, bool disabled, const Actor& actor) override;
  void unlock(std::int64_t account_id, const Actor& actor) override;
  void set_password(std::int64_t account_id, const std::string& password_hash, bool must_change,
                    const Actor& actor) override;
  void change_own_password(std::int64_t account_id, const std::string& password_hash,
                           std::optional<std::int64_t> keep_session, const Actor& actor) override;
  LoginResult log_in(const std::string& login, const std::string& password,
                     const std::string& address, const std::string& now) override;
  NewSession create_session(std::int64_t account_id, const std::string& expires_at,
                            const Actor& actor) override;
  std::optional<Session> find_session(const std::string& secret, const std::string& now) override;
  std::vector<Session> sessions(std::optional<std::int64_t> account_id) override;
  void revoke_session(std::int64_t session_id, const Actor& actor) override;
  std::string create_token(std::int64_t account_id, const std::string& name,
                           const std::string& expires_at, const Actor& actor) override;
  std::optional<Account> find_token(const std::string& token, const std::string& now) override;
  std::optional<TokenGrant> find_token_grant(const std::string& token,
                                             const std::string& now) override;
  std::vector<ApiToken> tokens(std::optional<std::int64_t> account_id) override;
  void revoke_token(std::int64_t token_id, const Actor& actor) override;

  std::vector<AuditEntry> audit_entries(const AuditFilter& filter) override;
  ChainCheck verify_audit_chain() override;
  std::int64_t latest_change() override;

  std::int64_t add_round(rounds::Round round, const Actor& actor) override;
  std::vector<rounds::Round> rounds() override;
  std::optional<rounds::Round> round(std::int64_t id) override;
  rounds::Stage advance_round(std::int64_t round_id, const Actor& actor) override;
  std::int64_t submit_application(rounds::Application application, const Actor& actor) override;
  void return_application(std::int64_t application_id, const std::string& reason,
                          const Actor& actor) override;
  std::vector<rounds::Application> applications(std::int64_t round_id,
                                                const ApplicationFilter& filter) override;
  std::optional<rounds::Application> application(std::int64_t id) override;
  void recommend(std::int64_t round_id, const std::string& province_code,
                 const std::vector<rounds::Recommendation>& list, const Actor& actor) override;
  std::int64_t attach_document(const ApplicationDocument& document, const std::string& content,
                               const Actor& actor) override;
  std::vector<ApplicationDocument> documents(std::int64_t application_id) override;
  std::optional<std::string> document_content(std::int64_t document_id) override;
  std::int64_t add_expert(rounds::Expert expert, const Actor& actor) override;
  ExpertImport import_experts(const std::vector<rounds::Expert>& experts,
                              const std::string& file_name, const Actor& actor) override;
  std::vector<rounds::Expert> experts() override;
  RoundReviews& round_reviews() override { return *this; }

  void set_application_figures(std::int64_t application_id, const ApplicationFigures& figures,
                               const Actor& actor) override;
  std::map<std::int64_t, ApplicationFigures> application_figures(std::int64_t round_id) override;
  void set_review_form(std::int64_t round_id, const std::vector<rounds::Criterion>& form,
                       const Actor& actor) override;
  std::vector<rounds::Criterion> review_form(std::int64_t round_id) override;
  void assign_reviewers(std::int64_t round_id, const std::vector<ReviewAssignment>& pairs,
                        const std::vector<AssignmentOverride>& overrides,
                        const Actor& actor) override;
  std::vector<ReviewAssignment> assignments(std::int64_t round_id) override;
  std::vector<AssignmentOverride> assignment_overrides(std::int64_t round_id) override;
  void submit_review(ExpertReview review, const Actor& actor) override;
  std::vector<ExpertReview> reviews(std::int64_t round_id,
                                    const std::optional<std::string>& expert_code) override;
  void link_expert_account(const std::string& expert_code, std::int64_t account_id,
                           const Actor& actor) override;
  std::optional<std::string> expert_of_account(std::int64_t account_id) override;
  void decide(std::int64_t round_id, const std::vector<DecisionLine>& lines,
              const Actor& actor) override;
  std::vector<DecisionLine> decisions(std::int64_t round_id) override;
  std::int64_t object(Objection objection, const Actor& actor) override;
  void answer_objection(std::int64_t objection_id, const std::string& answer, bool upheld,
                        const Actor& actor) override;
  std::vector<Objection> objections(std::int64_t round_id) override;
  std::optional<Objection> objection(std::int64_t objection_id) override;
  std::int64_t attach_objection_document(const ObjectionDocument& document,
                                         const std::string& content, const Actor& actor) override;
  std::vector<ObjectionDocument> objection_documents(std::int64_t objection_id) override;
  std::optional<std::string> objection_document_content(std::int64_t document_id) override;
  std::vector<Admission> admit(std::int64_t round_id, domain::ClusterStatus status,
                               const std::string& date, const Actor& actor) override;
  std::int64_t schedule_defence(DefenceSession session, const std::vector<DefenceSlot>& slots,
                                const Actor& actor) override;
  void move_defence_slot(std::int64_t slot_id, const std::string& date, const std::string& start,
                         const std::string& reason, const Actor& actor) override;
  std::vector<DefenceSession> defence_sessions(std::int64_t round_id) override;
  std::vector<DefenceSlot> defence_slots(std::int64_t round_id) override;
  std::vector<DefenceSlotMove> defence_slot_moves(std::int64_t round_id) override;

  std::optional<std::string> meta(const std::string& key) override;
  void set_meta(const std::string& key, const std::string& value, const Actor& actor) override;

 protected:
  // `db`: the connection, owned by the subclass and made before this (its first base); `where`:
  // the database as messages name it (a path, or a URI without its password).
  SqlStore(sql::Connection& db, std::string where) : where_(std::move(where)), db_(db) {}

  // A prepared statement kept for the life of the connection, reset and ready to bind.
  sql::Statement& prepared(const std::string& sql, sql::Rows rows = sql::Rows::kFew) {
    return db_.prepared(sql, rows);
  }
  // Appends the change to the audit chain (audit_log.h), in the caller's transaction.
  void audit(const Actor& actor, std::string_view action, std::string_view entity,
             const std::string& key, const std::string& detail, const AuditChange& change = {});
  // The entry audit() appends, for appending many at once.
  AuditEntry audit_entry(const Actor& actor, std::string_view action, std::string_view entity,
                         const std::string& key, const std::string& detail,
                         const AuditChange& change = {});
  // Appends the entries to the chain in their order (ids, links and hashes given here), a chunk
  // at a time, in the caller's transaction.
  void append_audit(std::vector<AuditEntry>& entries);
  // Inserts `rows` rows into `into` ("table (columns)") with multi-row INSERTs, `bind(q, row,
  // first)` binding row `row`'s values, one a column, from parameter `first` (batches.cpp).
  // With `returning` ("id, name"), each statement ends in RETURNING it, and `row` is called with
  // each row that gives, in the order the database gives them.
  void insert_rows(std::string_view into, std::size_t rows,
                   const std::function<void(sql::Statement&, std::size_t, int)>& bind,
                   std::string_view returning = {},
                   const std::function<void(sql::Statement&)>& row = {});
  // Adds `count` support records to `table` (platform, service_institution, alliance): each
  // checked in order, its own `problem(i)` and then its cluster `cluster_of(i)`, then written a
  // chunk at a time by `bind` and audited under the id the database gave it.
  void add_support(std::string_view table, std::string_view columns, std::size_t count,
                   const std::function<std::optional<std::string>(std::size_t)>& problem,
                   const std::function<std::int64_t(std::size_t)>& cluster_of,
                   const std::function<void(sql::Statement&, std::size_t, int)>& bind,
                   const Actor& actor);
  // Runs `select`, which ends in `IN`, on `keys` a chunk at a time, calling `row` with each row
  // it gives; `first` binds the parameters before the `IN` list.
  void select_in(const std::string& select, const std::vector<std::string>& keys,
                 const std::function<void(sql::Statement&)>& row,
                 const std::vector<std::int64_t>& first = {});
  // An account that exists (kNotFound naming the id otherwise).
  Account existing_account(std::int64_t id);
  // Checks that a scope names an existing place of the role's kind, and nothing else.
  void check_scope(auth::Role role, const auth::Scope& scope);
  // Revokes every open session and token of an account (disabling, a password reset).
  void revoke_all(std::int64_t account_id, const Actor& actor);
  std::optional<domain::Cluster> cluster_named(const std::string& name);
  // Adds or replaces an industry row (with its source; a bundled row leaves an imported one as it
  // is); fields it leaves empty keep their value.
  void write_industry(const domain::Industry& industry);
  // Makes sure the industry list has `code`: a well-formed code it lacks is added under its listed
  // group or division (domain::accept_unlisted). Throws kBadInput / kNotFound otherwise.
  void ensure_listed(const std::string& code, const Actor& actor);
  void record_status(std::int64_t cluster_id, const domain::StatusChange& change,
                     const Actor& actor);
  // The sums over each cluster's current enterprise rows in a year.
  std::vector<ClusterYearTotals> enterprise_totals(int year);
  // The newest audit entry of a change to the annual figures (enterprise rows, cluster reports,
  // platforms, institutions, alliances: added one by one or imported as a revision).
  FiguresVersion figures_version();
  // An import's revision row: added with the file's name, then completed with its counts; or,
  // when nothing checks the rows' references to it as they are written, its id reserved (the
  // write lock taken) and the whole row added at the close.
  std::int64_t open_revision(const ImportRevision& meta, const Actor& actor);
  void close_revision(std::int64_t id, ImportRevision& meta, const Actor& actor,
                      bool reserved = false);
  std::vector<RevisionChange> diff_cluster_rows(const std::string& kind, std::int64_t from,
                                                std::int64_t to);
  // Throws kNotFound "<whose>unknown province code '…'" unless the province is listed.
  void check_province(const std::string& code, const std::string& whose);
  // A round that exists (kNotFound naming the id otherwise), and the same of an application.
  rounds::Round existing_round(std::int64_t id);
  rounds::Application existing_application(std::int64_t id);
  // Refuses (kRule) an action the round's stage or deadline does not allow on the actor's today.
  void check_action(const rounds::Round& round, rounds::RoundAction action, const Actor& actor);
  // application_document and objection_document have one shape; these write and read either,
  // `owner` being what the documents are attached to ("application", "objection"; its id in
  // the column owner_id). Inserting refuses (kRule) content the owner has already.
  std::int64_t insert_document(const std::string& owner, std::int64_t owner_id,
                               const ApplicationDocument& document, const std::string& content,
                               const Actor& actor);
  std::vector<ApplicationDocument> document_rows(const std::string& owner, std::int64_t owner_id);
  std::optional<std::string> document_bytes(const std::string& owner, std::int64_t document_id);
  // Checks an expert's province and fields, then writes the row (a new one when id is 0).
  std::int64_t write_expert(const rounds::Expert& expert, const Actor& actor);
  // The pool's id of an expert code (kNotFound naming the code otherwise).
  std::int64_t expert_id(const std::string& code);
  // Refuses (kRule) slots that cannot stand with the round's others (rounds::slots_problem),
  // `changed` replacing or adding to what is stored; each slot's experts are its application's
  // assigned reviewers.
  void check_defence_slots(std::int64_t round_id, const std::vector<DefenceSlot>& changed,
                           const std::map<std::int64_t, std::string>& panel_of_session);
  // "襄阳高新区; E01, E02": who an application's slot is told to.
  std::string defence_parties(std::int64_t application_id);
  std::vector<domain::Cluster> query_clusters(const std::string& where,
                                              const std::vector<std::string>& params);

  std::string where_;    // the database, for messages and as the key of kept totals
  sql::Connection& db_;  // what the store's SQL runs on: the neutral layer only
  int depth_ = 0;        // nesting of in_transaction
  // The audit chain's last entry (id, hash) once this store appended to it in the outermost
  // transaction, which holds the write lock: nobody else appends until it ends. Saves a query an
  // audited change; forgotten whenever anything is undone and when the transaction ends.
  std::optional<std::pair<std::int64_t, std::string>> audit_head_;
};

}  // namespace atlas::store::sql
