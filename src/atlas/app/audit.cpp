#include "atlas/app/audit.h"

#include "atlas/app/table_document.h"
#include "atlas/evaluate/audit.h"

namespace atlas::app {

AuditReport audit_index(const Database* db, const EvaluationRequest& request,
                        const EvaluationListener& listener) {
  AuditReport out;
  out.evaluation = run_evaluation(db, request, listener);
  const auto& e = *out.evaluation;
  auto a = evaluate::run_audit(e.loaded->system, e.units, e.run);
  auto& ind = out.indicators;
  ind.columns = {{"indicator", "指标"},         {"availability", "数据完整率", 3, true},
                 {"skewness", "偏度", 2, true}, {"kurtosis", "峰度", 2, true},
                 {"skew_flag", "需处理"},       {"removal_shift", "剔除后平均名次变化", 2, true}};
  for (const auto& i : a.indicators) {
    ind.add_row({i.id, i.availability, report::cell(i.skewness), report::cell(i.kurtosis),
                 std::string(i.skew_flag ? "✗ skewed" : ""), report::cell(i.removal_shift)});
  }
  auto& pairs = out.pairs;
  pairs.columns = {{"parent", "维度"},
                   {"a", "指标 A"},
                   {"b", "指标 B"},
                   {"r", "相关系数", 3, true},
                   {"flag", "标记"}};
  for (const auto& p : a.pairs) pairs.add_row({p.parent, p.a, p.b, p.r, p.flag});
  auto& nodes = out.nodes;
  nodes.columns = {{"node", "维度"},
                   {"children", "子项数", -1, true},
                   {"alpha", "Cronbach α", 3, true},
                   {"pc1_share", "第一主成分方差占比", 3, true},
                   {"pc2_share", "第二主成分方差占比", 3, true}};
  for (const auto& n : a.nodes) {
    auto share = [&](std::size_t c) {
      return c < n.variance_explained.size() ? report::cell(n.variance_explained[c])
                                             : report::Cell{};
    };
    nodes.add_row({n.id, std::int64_t{n.children}, report::cell(n.alpha), share(0), share(1)});
  }
  return out;
}

nlohmann::ordered_json AuditReport::document() const {
  nlohmann::ordered_json doc;
  doc["indicators"] = table_document(indicators)["rows"];
  doc["pairs"] = table_document(pairs)["rows"];
  doc["nodes"] = table_document(nodes)["rows"];
  auto notes = evaluation->data_notes;
  if (evaluation->notice) notes.push_back(*evaluation->notice);
  if (!notes.empty()) doc["notes"] = notes;
  return doc;
}

}  // namespace atlas::app
