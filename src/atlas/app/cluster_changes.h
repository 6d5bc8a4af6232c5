// The registry's changes to a cluster, as `cluster add`, `rename`, `rescope` and `correct` make
// them and the API's routes do: what the verbs did between reading their flags and printing.
// The shells check their own fields first (a date, a status, naming them as they call them);
// the store checks the programme's rules again in the write's transaction and audits it with
// the actor given.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "atlas/app/database.h"
#include "atlas/domain/status.h"

namespace atlas::app {

// A decision as recorded: the date it took effect (checked and defaulted to today by the shell),
// its document number (文号) and why.
struct Decision {
  std::string date, doc_no, reason;
};

struct ClusterAddRequest {
  std::string name;
  std::string zone;      // id or exact name
  std::string industry;  // leading industry, GB/T 4754-2017 code
  std::string province;  // code or name; must be the zone's (checked); empty: the zone's
  domain::ClusterStatus status = domain::ClusterStatus::kApplicant;
  std::string building_unit;  // 建设单位; empty: the zone's 管理委员会
  std::string management_body;
  std::string batch;  // admission batch; empty: the year of the decision's date
  Decision decision;
};

struct ClusterAdded {
  domain::Cluster cluster;  // as recorded, with its id
  // When the industry list lacked the code and it was accepted under its group or division.
  std::optional<std::string> industry_note;
};

// Throws kNotFound for an unknown zone or province, kBadInput for a bad name or industry code,
// kRule for a programme rule (one zone, one leading industry; a name taken; the lifecycle).
ClusterAdded add_cluster(const Database& db, const ClusterAddRequest& request,
                         const store::Actor& actor);

// Renames `cluster` (kind kRename, the new name) or changes its leading industry (kRescope, the
// new code); the old value is kept in its history. Returns the industry note, as add_cluster.
std::optional<std::string> record_cluster_event(const Database& db, const domain::Cluster& cluster,
                                                domain::EventKind kind,
                                                const std::string& new_value,
                                                const Decision& decision,
                                                const store::Actor& actor);

struct Withdrawal {
  std::size_t change = 0;  // its number in the history (1-based)
  domain::StatusChange withdrawn;
  domain::ClusterStatus status_now{};
};

// Withdraws the status change numbered `change` as `cluster history` numbers them (0: the latest
// in force), keeping it in the history beside the correction. A number the history lacks is
// kNotFound, the message naming it as the shell calls it (`change_field`: "--change", "change");
// kRule when it is the only status in force or a later change depends on it.
Withdrawal withdraw_status_change(const Database& db, const domain::Cluster& cluster,
                                  std::size_t change, const std::string& change_field,
                                  const std::string& reason, const std::string& doc_no,
                                  const store::Actor& actor);

}  // namespace atlas::app
