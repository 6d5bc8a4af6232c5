// Enterprises and their yearly membership of a cluster: role in the cluster, recognition flags
// and the figures they report. Amounts are in 元; a figure not reported is nullopt, never 0.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace atlas::domain {

struct Enterprise {
  std::string credit_code;  // 统一社会信用代码, validated (credit_code.h)
  std::string name;
  std::optional<double> lat, lon;
  bool synthetic = false;
};

enum class Role { kLeader, kBackbone, kOther };  // 龙头 / 骨干 / 其他
std::string_view role_key(Role r);
std::optional<Role> parse_role(std::string_view s);  // key or 龙头 / 骨干 / 其他

// One enterprise in one cluster in one year (its membership and its annual figures).
struct EnterpriseYear {
  std::string credit_code;
  int year = 0;
  std::int64_t cluster_id = 0;
  Role role = Role::kOther;
  bool high_tech = false;         // 高新技术企业
  bool specialised = false;       // 专精特新
  bool single_champion = false;   // 制造业单项冠军
  bool listed = false;            // 上市
  std::optional<double> revenue;  // 营业收入, 元
  std::optional<double> industrial_output;
  std::optional<double> profit;  // 净利润
  std::optional<double> taxes;   // 实缴税费
  std::optional<double> exports;
  std::optional<double> rd_expenditure;  // 研发经费内部支出
  std::optional<double> employment;      // 从业人员, persons
  std::optional<double> valid_invention_patents;
  std::optional<double> granted_invention_patents;  // granted in the year
};

}  // namespace atlas::domain
