#include "atlas/store/sql/staged_sink.h"

#include <fmt/format.h>

#include <algorithm>

namespace atlas::store::sql {

void StagedSink::add(const domain::Enterprise& e, const domain::EnterpriseYear& row,
                     std::int64_t line, const std::string& keep) {
  RowKey key = codes_.key(row.credit_code, row.year);
  keys_.push_back({key, line});
  rows_.add(key, line, e, row, keep);
  if (!keep.empty()) kept_ = true;
  auto covered = std::make_pair(row.year, row.cluster_id);
  if (covered != last_covered_) {
    covered_.insert(covered);
    last_covered_ = covered;
  }
}

std::vector<RowConflict> StagedSink::conflicts() {
  std::vector<RowConflict> out;
  std::sort(keys_.begin(), keys_.end());
  // The same enterprise twice for a year in this file: every row after the first.
  for (std::size_t i = 1; i < keys_.size(); ++i) {
    if (keys_[i].key != keys_[i - 1].key) continue;
    std::size_t first = i - 1;
    while (first > 0 && keys_[first - 1].key == keys_[i].key) --first;
    auto code = codes_.credit_code(keys_[i].key);
    out.push_back({keys_[i].line, code,
                   fmt::format("enterprise {} appears twice for {}: also on row {}", code,
                               keys_[i].key.year(), keys_[first].line),
                   ""});
  }
  // Held by a cluster this file does not cover: its current figures would stay.
  for_each_held([&](const RowKey& key, std::int64_t cluster_id) {
    auto [from, to] = std::equal_range(keys_.begin(), keys_.end(), Key{key, 0},
                                       [](const Key& a, const Key& b) { return a.key < b.key; });
    for (auto it = from; it != to; ++it) {
      auto code = codes_.credit_code(key);
      out.push_back({it->line, code,
                     fmt::format("enterprise {} already belongs to {} in {}; an enterprise "
                                 "belongs to one cluster per year (import both clusters' "
                                 "figures in one file)",
                                 code, cluster_name(cluster_id), key.year()),
                     ""});
    }
  });
  std::stable_sort(out.begin(), out.end(),
                   [](const RowConflict& a, const RowConflict& b) { return a.line < b.line; });
  if (kept_ && !out.empty()) {  // the cells of the refused rows, for the rejects file
    std::map<std::int64_t, std::string> kept;
    for (const auto& c : out) kept[c.line];
    rows_.read_all([&](const StagedRow& r) {
      auto it = kept.find(r.line);
      if (it != kept.end()) it->second = r.kept;
    });
    for (auto& c : out) c.kept = kept[c.line];
  }
  return out;
}

const std::string& StagedSink::cluster_name(std::int64_t id) {
  auto it = cluster_names_.find(id);
  if (it != cluster_names_.end()) return it->second;
  auto q = db_.statement("SELECT name FROM cluster WHERE id = ?");
  q->bind(1, id);
  std::string name = q->executeStep() ? q->getColumn(0).getString() : std::to_string(id);
  return cluster_names_[id] = name;
}

}  // namespace atlas::store::sql
