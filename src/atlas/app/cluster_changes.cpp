#include "atlas/app/cluster_changes.h"

#include <functional>

#include <fmt/format.h>

#include "atlas/core/date.h"
#include "atlas/core/error.h"
#include "atlas/core/text.h"

namespace atlas::app {
namespace {

// Runs `write`, which gives a cluster the industry `code`; when the list lacked the code and the
// store accepted it under its group or division, the note saying so.
std::optional<std::string> with_industry_note(store::Store& store, const std::string& code,
                                              const std::function<void()>& write) {
  bool listed = store.industry(code).has_value();
  store.end_reads();  // the look-ups must not pin the write to an old snapshot
  write();
  if (listed) return std::nullopt;
  auto accepted = store.industry(code);
  auto parent = accepted ? store.industry(accepted->parent) : std::nullopt;
  if (accepted && parent) return domain::accepted_note(*accepted, *parent);
  return std::nullopt;
}

}  // namespace

ClusterAdded add_cluster(const Database& db, const ClusterAddRequest& request,
                         const store::Actor& actor) {
  auto zone = db.zone(request.zone);
  domain::Cluster c;
  c.name = request.name;
  c.zone_id = zone.id;
  c.industry_code = request.industry;
  if (!request.province.empty()) c.province_code = db.province(request.province).code;
  c.building_unit =
      request.building_unit.empty() ? zone.name + "管理委员会" : request.building_unit;
  c.management_body = request.management_body;
  domain::StatusChange admission{request.status,
                                 request.decision.date,
                                 request.decision.doc_no,
                                 request.decision.reason,
                                 "",
                                 ""};
  c.batch = request.batch.empty() && date::is_valid(admission.date) ? admission.date.substr(0, 4)
                                                                    : request.batch;
  if (domain::in_programme(admission.status) && date::is_valid(admission.date)) {
    c.admitted_year = date::year_of(admission.date);
  }
  auto& store = db.store();
  ClusterAdded added;
  added.industry_note = with_industry_note(store, c.industry_code,
                                           [&] { c.id = store.add_cluster(c, admission, actor); });
  if (c.province_code.empty()) c.province_code = zone.province_code;
  c.status = admission.status;
  added.cluster = c;
  return added;
}

std::optional<std::string> record_cluster_event(const Database& db, const domain::Cluster& cluster,
                                                domain::EventKind kind,
                                                const std::string& new_value,
                                                const Decision& decision,
                                                const store::Actor& actor) {
  auto& store = db.store();
  domain::ClusterEvent event{
      kind, decision.date, "", new_value, decision.doc_no, decision.reason, "", ""};
  auto write = [&] { store.record_event(cluster.id, event, actor); };
  if (kind == domain::EventKind::kRescope) return with_industry_note(store, new_value, write);
  store.end_reads();
  write();
  return std::nullopt;
}

Withdrawal withdraw_status_change(const Database& db, const domain::Cluster& c, std::size_t change,
                                  const std::string& change_field, const std::string& reason,
                                  const std::string& doc_no, const store::Actor& actor) {
  auto& store = db.store();
  auto history = store.status_history(c.id);
  std::size_t index = change;  // 1-based, as the history numbers them
  if (index == 0) {
    for (std::size_t i = history.size(); i > 0 && index == 0; --i) {
      if (!history[i - 1].withdrawn) index = i;
    }
  }
  if (index == 0 || index > history.size()) {
    throw Error(
        ErrorKind::kNotFound,
        fmt::format("{} has {}; {} {} is not {} (see `clusteratlas cluster history`)", c.name,
                    text::counted(history.size(), "status change", "status changes"), change_field,
                    change, history.size() == 1 ? "it" : "one of them"),
        {"", 0, "", change_field});
  }
  domain::StatusCorrection correction;
  correction.reason = reason;
  correction.doc_no = doc_no;
  store.end_reads();
  Withdrawal w;
  w.change = index;
  w.withdrawn = store.withdraw_status(c.id, history[index - 1].id, correction, actor);
  w.status_now = store.cluster(c.id)->status;
  return w;
}

}  // namespace atlas::app
