#include "atlas/rounds/conflicts.h"

#include <algorithm>
#include <array>
#include <tuple>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include "atlas/core/text.h"
#include "atlas/domain/industry.h"

namespace atlas::rounds {
namespace {

// One name an application gives, under the label its details show.
struct Party {
  std::size_t application;
  const char* role;  // 园区, 建设单位, 集群促进机构, 龙头企业
  const std::string* name;
};

constexpr const char* kZone = "园区";

// The applications' parties by normalised name: a few per name, so an expert's organisation or
// declared conflict finds its applications in one look-up.
std::unordered_map<std::string, std::vector<Party>> parties_by_name(
    const std::vector<ApplicationParties>& applications) {
  std::unordered_map<std::string, std::vector<Party>> out;
  auto add = [&](std::size_t a, const char* role, const std::string& name) {
    std::string key = normalise_party_name(name);
    if (!key.empty()) out[std::move(key)].push_back({a, role, &name});
  };
  for (std::size_t a = 0; a < applications.size(); ++a) {
    const auto& app = applications[a];
    add(a, kZone, app.zone_name);
    add(a, "建设单位", app.building_unit);
    add(a, "集群促进机构", app.management_body);
    for (const auto& firm : app.leading_firms) add(a, "龙头企业", firm);
  }
  return out;
}

// Provinces compare by their GB/T 2260 prefix: "42" and "420000" are both Hubei.
std::string province_key(const std::string& code) {
  std::string t = text::trim(code);
  return t.size() > 2 ? t.substr(0, 2) : t;
}

bool same_entry(const Conflict& x, const Conflict& y) {
  return x.application == y.application && x.expert == y.expert && x.reason == y.reason &&
         x.detail == y.detail;
}

// Sorts by application, expert and reason, keeping the order found within each, and drops an
// entry equal to an earlier one of its group (a firm listed twice, a past review given twice).
void order_and_dedupe(std::vector<Conflict>& found) {
  std::stable_sort(found.begin(), found.end(), [](const Conflict& x, const Conflict& y) {
    return std::tie(x.application, x.expert, x.reason) <
           std::tie(y.application, y.expert, y.reason);
  });
  std::size_t kept = 0, group = 0;
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (kept > group &&
        (found[group].application != found[i].application ||
         found[group].expert != found[i].expert || found[group].reason != found[i].reason)) {
      group = kept;
    }
    bool repeated = false;
    for (std::size_t j = group; j < kept && !repeated; ++j)
      repeated = same_entry(found[j], found[i]);
    if (repeated) continue;
    if (kept != i) found[kept] = std::move(found[i]);
    ++kept;
  }
  found.resize(kept);
}

// A code as affinity compares it: trimmed, a section letter in upper case; "" when malformed.
std::string canonical_industry(std::string_view code) {
  std::string t = text::trim(code);
  if (t.size() == 1 && t[0] >= 'a' && t[0] <= 'z') t[0] = static_cast<char>(t[0] - 'a' + 'A');
  return domain::industry_code_problem(t) ? std::string() : t;
}

double field_affinity(const std::string& field, const std::string& industry) {
  if (field.empty() || industry.empty()) return 0;
  if (field.size() >= 2 && industry.size() >= 2) {  // both numeric: a division, group or class
    const std::size_t n = std::min(field.size(), industry.size());
    std::size_t common = 0;
    while (common < n && field[common] == industry[common]) ++common;
    if (common >= 4) return 1.0;
    if (common == 3) return 0.75;
    if (common == 2) return 0.5;
  }
  const char section = industry_section(field);
  return section != '\0' && section == industry_section(industry) ? 0.25 : 0.0;
}

}  // namespace

std::string_view conflict_reason_key(ConflictReason reason) {
  switch (reason) {
    case ConflictReason::kSameOrganisation: return "same_organisation";
    case ConflictReason::kSameProvince: return "same_province";
    case ConflictReason::kDeclared: return "declared";
    case ConflictReason::kReviewedLastRound: return "reviewed_last_round";
  }
  return "";
}

std::string normalise_party_name(std::string_view name) {
  const std::string half = text::halfwidth(name);
  std::string out;
  out.reserve(half.size());
  for (std::size_t i = 0; i < half.size(); ++i) {
    const char c = half[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') continue;
    if (c == '\xC2' && i + 1 < half.size() && half[i + 1] == '\xA0') {  // no-break space
      ++i;
      continue;
    }
    out += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

std::vector<Conflict> find_conflicts(const std::vector<Expert>& experts,
                                     const std::vector<ApplicationParties>& applications,
                                     const ConflictRules& rules,
                                     const std::vector<PastReview>& last_round) {
  std::vector<Conflict> found;
  if (rules.same_organisation || rules.declared) {
    const auto parties = parties_by_name(applications);
    auto matches = [&](const std::string& name) -> const std::vector<Party>* {
      const std::string key = normalise_party_name(name);
      if (key.empty()) return nullptr;
      auto it = parties.find(key);
      return it == parties.end() ? nullptr : &it->second;
    };
    for (std::size_t e = 0; e < experts.size(); ++e) {
      const auto& expert = experts[e];
      if (rules.same_organisation) {
        if (const auto* ps = matches(expert.organisation)) {
          for (const auto& p : *ps) {
            if (p.role == kZone) continue;  // a zone is no one's employer: only a declaration
            found.push_back({p.application, e, ConflictReason::kSameOrganisation,
                             fmt::format("工作单位 {} = {} {}", text::trim(expert.organisation),
                                         p.role, text::trim(*p.name))});
          }
        }
      }
      if (rules.declared) {
        for (const auto& declared : expert.declared_conflicts) {
          if (const auto* ps = matches(declared)) {
            for (const auto& p : *ps) {
              found.push_back({p.application, e, ConflictReason::kDeclared,
                               fmt::format("回避单位 {} = {} {}", text::trim(declared), p.role,
                                           text::trim(*p.name))});
            }
          }
        }
      }
    }
  }
  if (rules.same_province) {
    std::unordered_map<std::string, std::vector<std::size_t>> by_province;
    for (std::size_t a = 0; a < applications.size(); ++a) {
      std::string key = province_key(applications[a].province_code);
      if (!key.empty()) by_province[std::move(key)].push_back(a);
    }
    for (std::size_t e = 0; e < experts.size(); ++e) {
      const std::string key = province_key(experts[e].province_code);
      if (key.empty()) continue;
      auto it = by_province.find(key);
      if (it == by_province.end()) continue;
      for (std::size_t a : it->second) {
        found.push_back(
            {a, e, ConflictReason::kSameProvince,
             fmt::format("专家省份 {} = 申报省份 {}", text::trim(experts[e].province_code),
                         text::trim(applications[a].province_code))});
      }
    }
  }
  if (rules.reviewed_last_round && !last_round.empty()) {
    std::unordered_map<std::int64_t, std::vector<std::size_t>> by_cluster;
    for (std::size_t a = 0; a < applications.size(); ++a) {
      if (applications[a].cluster_id) by_cluster[*applications[a].cluster_id].push_back(a);
    }
    std::unordered_map<std::string, std::vector<std::size_t>> by_code;
    for (std::size_t e = 0; e < experts.size(); ++e) {
      by_code[text::trim(experts[e].code)].push_back(e);
    }
    for (const auto& review : last_round) {
      auto cluster = by_cluster.find(review.cluster_id);
      auto expert = by_code.find(text::trim(review.expert_code));
      if (cluster == by_cluster.end() || expert == by_code.end()) continue;
      for (std::size_t a : cluster->second) {
        for (std::size_t e : expert->second) {
          found.push_back({a, e, ConflictReason::kReviewedLastRound,
                           fmt::format("上轮评审过集群 {}", review.cluster_id)});
        }
      }
    }
  }
  order_and_dedupe(found);
  return found;
}

char industry_section(std::string_view code) {
  const std::string t = canonical_industry(code);
  if (t.empty()) return '\0';
  if (t.size() == 1) return t[0];
  // GB/T 4754-2017's divisions by section: the last division of each, A 01–05 … T 97.
  static constexpr std::array<std::pair<int, char>, 20> kLastDivision = {{
      {5, 'A'},  {12, 'B'}, {43, 'C'}, {46, 'D'}, {50, 'E'}, {52, 'F'}, {60, 'G'},
      {62, 'H'}, {65, 'I'}, {69, 'J'}, {70, 'K'}, {72, 'L'}, {75, 'M'}, {79, 'N'},
      {82, 'O'}, {83, 'P'}, {85, 'Q'}, {90, 'R'}, {96, 'S'}, {97, 'T'},
  }};
  const int division = (t[0] - '0') * 10 + (t[1] - '0');
  if (division < 1) return '\0';
  for (const auto& [last, section] : kLastDivision) {
    if (division <= last) return section;
  }
  return '\0';
}

double industry_affinity(const std::vector<std::string>& expert_fields,
                         const std::string& application_industry) {
  const std::string industry = canonical_industry(application_industry);
  double best = 0;
  for (const auto& f : expert_fields)
    best = std::max(best, field_affinity(canonical_industry(f), industry));
  return best;
}

}  // namespace atlas::rounds
