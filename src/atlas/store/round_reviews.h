// What happens to a selection round's applications after the provinces have recommended them
// (docs/rounds.md): the experts assigned to each, their reviews on the round's form, the office's
// decision list, the public notice's objections and answers, and admission into the registry.
// Part of the Store (Store::round_reviews(), the same connection and transactions), declared
// apart so that the rounds' later stages do not make every user of the Store depend on them.
// As for the Store's own round actions, each write checks the round's stage and deadline
// (rounds::action_problem), runs its rules in the transaction that writes, and is audited with
// its before and after; a refused action leaves nothing, not even an audit entry.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "atlas/domain/status.h"
#include "atlas/rounds/review_form.h"

namespace atlas::store {

struct Actor;

// The figures an application reports: year → field (a cluster-year field) → value.
using ApplicationFigures = std::map<int, std::map<std::string, double>>;

// One expert assigned to one application.
struct ReviewAssignment {
  std::int64_t application_id = 0;
  std::string expert_code;
  double affinity = 0;  // what the optimiser maximised (rounds/conflicts.h)
  bool fixed = false;   // kept by a manual override
  std::string reason;   // the override's reason, when fixed
};

// A manual override of the assignment, kept with its reason.
struct AssignmentOverride {
  std::int64_t application_id = 0;
  std::string expert_code;
  bool fixed = true;  // true: must review it; false: must not
  std::string reason;
};

// One expert's review of one application on the round's form.
struct ExpertReview {
  std::int64_t application_id = 0;
  std::string expert_code;
  std::vector<double> points;  // one per criterion of the round's form
  double total = 0;            // their sum, 0–100
  std::string comment;         // 评审意见
  // Times submitted: 1, then one more each time the expert revises it (the column `revisions`
  // of the table review holds it; renaming that needs a migration for no reader's gain).
  int submissions = 1;
  std::string submitted_at;  // of the latest submission
};

// One line of the office's decision (评审结果): every reviewed application, ranked.
struct DecisionLine {
  std::int64_t application_id = 0;
  std::optional<double> data_score;    // the round's indicator system on its figures
  std::optional<double> expert_score;  // the panel's trimmed mean
  std::optional<double> composite;     // data_weight · data + (1 − data_weight) · experts
  std::optional<int> rank;             // by composite; none when excluded
  bool listed = false;                 // on the list put to public notice
  std::string reason;                  // why not listed (a gate, below the line), or removed
};

// An objection during the public notice (异议), and the office's answer.
struct Objection {
  std::int64_t id = 0;
  std::int64_t round_id = 0;
  std::int64_t application_id = 0;
  std::string objector;  // who: a name and how to reach them, as given
  std::string grounds;   // 异议理由
  std::string filed_at;
  std::string answer;  // empty until answered
  bool upheld = false;
  std::string answered_at, answered_by;
  std::int64_t documents = 0;  // how many documents are attached to it
};

// A document attached to an objection (异议材料: the objector's evidence), kept as an
// application's documents are (store::ApplicationDocument): its type by its content, its SHA-256.
struct ObjectionDocument {
  std::int64_t id = 0;
  std::int64_t objection_id = 0;
  std::string name;    // the file name as given, its last component
  std::string type;    // pdf | docx | xlsx, by content (ingest/document_type.h)
  std::string sha256;  // hex, of the content
  std::int64_t size = 0;
  std::string attached_at;
};

// A defence session (视频答辩): one panel (答辩组) hearing applications on one day, by video or in
// a room. Its experts are, slot by slot, each application's assigned reviewers; their scores are
// their reviews (submit_review).
struct DefenceSession {
  std::int64_t id = 0;
  std::int64_t round_id = 0;
  std::string panel;  // e.g. 第一组
  std::string date;   // YYYY-MM-DD
  std::string place;  // a video meeting's link or a room; optional
  int minutes = 0;    // per slot, as scheduled
  std::string scheduled_at, scheduled_by;
};

// One application's time in a session. A moved slot keeps its session (the panel) and may move to
// another day.
struct DefenceSlot {
  std::int64_t id = 0;
  std::int64_t session_id = 0;
  std::int64_t application_id = 0;
  std::string date;        // YYYY-MM-DD
  std::string start, end;  // HH:MM
  // Who the slot's notice went to when it was scheduled or last moved: the zone and the experts
  // of its panel ("襄阳高新区; E01, E02, E03"), and when.
  std::string told, told_at;
  int moves = 0;
};

// A slot moved, with why.
struct DefenceSlotMove {
  std::int64_t slot_id = 0;
  std::int64_t application_id = 0;
  std::string old_date, old_start, new_date, new_start;
  std::string reason, moved_by, moved_at;
};

// A cluster admission writes into the registry.
struct Admission {
  std::int64_t application_id = 0;
  std::int64_t cluster_id = 0;
};

class RoundReviews {
 public:
  virtual ~RoundReviews() = default;

  // The indicator data an application reports (申报书 附表): year → field → value, replacing what
  // it reported before, while the zone may still submit the application (its stage and deadline,
  // as submit_application). A figure not given is missing, never 0; NaN is refused (kBadInput).
  virtual void set_application_figures(std::int64_t application_id,
                                       const ApplicationFigures& figures, const Actor& actor) = 0;
  // Every application of the round that reported figures: application id → its figures.
  virtual std::map<std::int64_t, ApplicationFigures> application_figures(std::int64_t round_id) = 0;

  // The round's review form (rounds::form_problem; kBadInput), replaceable until the first
  // review of the round is submitted (kRule after). A round without one scores on
  // rounds::default_review_form().
  virtual void set_review_form(std::int64_t round_id, const std::vector<rounds::Criterion>& form,
                               const Actor& actor) = 0;
  virtual std::vector<rounds::Criterion> review_form(std::int64_t round_id) = 0;

  // Replaces the round's assignment (review stage, RoundAction::kAssignReviewers). Every pair
  // names an application of the round on a province's list and an expert of the pool; a pair an
  // expert has reviewed already must stay (kRule naming it). The overrides are kept with it.
  virtual void assign_reviewers(std::int64_t round_id, const std::vector<ReviewAssignment>& pairs,
                                const std::vector<AssignmentOverride>& overrides,
                                const Actor& actor) = 0;
  // By application, then expert code.
  virtual std::vector<ReviewAssignment> assignments(std::int64_t round_id) = 0;
  virtual std::vector<AssignmentOverride> assignment_overrides(std::int64_t round_id) = 0;

  // An expert's review, or its revision (review stage, kSubmitReview): only of an application
  // the expert is assigned (kRule otherwise), on the round's form (rounds::review_problem;
  // kBadInput). The total is computed here.
  virtual void submit_review(ExpertReview review, const Actor& actor) = 0;
  // Of the round, by application then expert code; of one expert when `expert_code` is given.
  virtual std::vector<ExpertReview> reviews(std::int64_t round_id,
                                            const std::optional<std::string>& expert_code) = 0;
  // The reviews of a round's expert accounts: an account of role expert acts as the pool's
  // expert linked to it (one expert per account, one account per expert).
  virtual void link_expert_account(const std::string& expert_code, std::int64_t account_id,
                                   const Actor& actor) = 0;
  virtual std::optional<std::string> expert_of_account(std::int64_t account_id) = 0;

  // Replaces the round's decision (decision stage, kDecide): one line per application of the
  // round, ranks 1… on the listed and unlisted with a score, each unlisted line with a reason.
  virtual void decide(std::int64_t round_id, const std::vector<DecisionLine>& lines,
                      const Actor& actor) = 0;
  virtual std::vector<DecisionLine> decisions(std::int64_t round_id) = 0;  // by rank

  // An objection to a listed application during the notice (kObject; grounds required).
  virtual std::int64_t object(Objection objection, const Actor& actor) = 0;
  // Answers an objection once (kAnswerObjection). Upheld, the application leaves the list with
  // the answer as its reason.
  virtual void answer_objection(std::int64_t objection_id, const std::string& answer, bool upheld,
                                const Actor& actor) = 0;
  virtual std::vector<Objection> objections(std::int64_t round_id) = 0;
  virtual std::optional<Objection> objection(std::int64_t objection_id) = 0;
  // Attaches a document, checked by its content already, to an objection (kNotFound for an
  // unknown one) while it may still be answered: not answered yet (kRule), and the round where
  // kAnswerObjection allows it (its notice stage, the deadline not applying). The same content
  // twice on one objection is refused (kRule naming the first). Returns the document's id.
  virtual std::int64_t attach_objection_document(const ObjectionDocument& document,
                                                 const std::string& content,
                                                 const Actor& actor) = 0;
  // Of the objection, in the order attached (none for an unknown objection).
  virtual std::vector<ObjectionDocument> objection_documents(std::int64_t objection_id) = 0;
  // The bytes of an objection's document, or nullopt for an unknown id.
  virtual std::optional<std::string> objection_document_content(std::int64_t document_id) = 0;

  // Schedules a session and all its slots, all or none (review stage, as kAssignReviewers): a
  // panel name; a date from the recorder's today to the review stage's deadline; each slot for a
  // recommended application of the round with its experts assigned and no slot yet; and the
  // round's slots with these must stand together (rounds::slots_problem: kRule). Each slot is
  // told to its zone and its experts. Returns the session's id.
  virtual std::int64_t schedule_defence(DefenceSession session,
                                        const std::vector<DefenceSlot>& slots,
                                        const Actor& actor) = 0;
  // Moves a slot to `start` (HH:MM) on `date`, keeping its length, with a reason (kBadInput
  // without one), under the same rules as scheduling; audited with before and after, the move
  // kept with its reason and the parties told again.
  virtual void move_defence_slot(std::int64_t slot_id, const std::string& date,
                                 const std::string& start, const std::string& reason,
                                 const Actor& actor) = 0;
  // Of the round: sessions by date, panel; slots by date, start; moves in the order made.
  virtual std::vector<DefenceSession> defence_sessions(std::int64_t round_id) = 0;
  virtual std::vector<DefenceSlot> defence_slots(std::int64_t round_id) = 0;
  virtual std::vector<DefenceSlotMove> defence_slot_moves(std::int64_t round_id) = 0;

  // Admits the listed applications into the registry and closes the round, all or nothing: the
  // notice must have ended (its deadline before the actor's today) with every objection
  // answered; each application becomes a cluster of its zone and industry with `status`, dated
  // `date`, under the round's document number, through the registry's rules (一区一主导产业).
  virtual std::vector<Admission> admit(std::int64_t round_id, domain::ClusterStatus status,
                                       const std::string& date, const Actor& actor) = 0;
};

}  // namespace atlas::store
