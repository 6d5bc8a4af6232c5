// The people of a selection round as the rules about conflicts and affinity see them: the expert
// pool (专家库) and what an application says about who is behind it. Plain data, shared by the
// store (which keeps them), the import of an office's expert pool, and the computation of
// conflicts (回避) and affinities (rounds/conflicts.h).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace atlas::rounds {

// One expert of the pool.
struct Expert {
  std::int64_t id = 0;              // assigned by the store
  std::string code;                 // the office's expert number (专家编号), unique in the pool
  std::string name;                 // 姓名
  std::string organisation;         // 工作单位
  std::string province_code;        // where the organisation is (GB/T 2260, e.g. 420000)
  std::string title;                // 职称, optional
  std::vector<std::string> fields;  // GB/T 4754 codes of expertise (熟悉领域)
  std::vector<std::string> declared_conflicts;  // organisations, zones or firms declared (主动回避)
};

// Who is behind an application, for conflicts: an expert may not review an application of their
// own organisation, of a firm they declared, or (when the round says so) of their own province.
struct ApplicationParties {
  std::int64_t id = 0;        // the application's id (or its row in a table)
  std::string name;           // the proposed cluster's name, for messages
  std::string industry_code;  // its leading industry (GB/T 4754)
  std::string province_code;
  std::string zone_name;
  std::string building_unit;               // 建设单位
  std::string management_body;             // 集群促进机构
  std::vector<std::string> leading_firms;  // 龙头企业 names
  std::optional<std::int64_t> cluster_id;  // the registered cluster, in a re-evaluation
};

}  // namespace atlas::rounds
