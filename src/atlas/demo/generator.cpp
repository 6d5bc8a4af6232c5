#include "atlas/demo/generator.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/demo/random.h"
#include "atlas/demo/weights.h"
#include "atlas/domain/credit_code.h"
#include "atlas/domain/rules.h"

namespace atlas::demo {
namespace {

using domain::ClusterStatus;

std::string doc_no(Random& rng, int year) {
  return fmt::format("演示〔{}〕{}号", year, rng.between(10, 300));
}

std::string date_in(Random& rng, int year) {
  return fmt::format("{}-{:02}-{:02}", year, rng.between(1, 12), rng.between(1, 28));
}

class Generator {
 public:
  Generator(const domain::ReferenceData& ref, const DemoOptions& options)
      : ref_(ref), options_(options), rng_(options.seed) {}

  DemoDataSet run() {
    check_options();
    add_bundled_clusters();
    add_synthetic_clusters();
    for (std::size_t i = 0; i < out_.clusters.size(); ++i) {
      add_enterprises(i);
      add_support(i);
    }
    return std::move(out_);
  }

 private:
  void check_options() {
    if (options_.clusters < 1) throw Error(ErrorKind::kUsage, "--clusters must be at least 1");
    if (options_.first_year > options_.last_year || options_.first_year < 2013 ||
        options_.last_year > domain::kLastYear) {
      throw Error(ErrorKind::kUsage,
                  fmt::format("--years {}-{} is not a range of years from 2013 on",
                              options_.first_year, options_.last_year));
    }
    int usable = 0;
    for (const auto& z : ref_.zones) {
      if (auto* p = domain::find_province(ref_.provinces, z.province_code);
          p && province_weight(*p) > 0) {
        ++usable;
      }
    }
    if (options_.clusters > usable) {
      throw Error(ErrorKind::kUsage,
                  fmt::format("--clusters {} is more than the {} bundled zones can hold "
                              "(一区一主导产业: one cluster per zone)",
                              options_.clusters, usable));
    }
  }

  const domain::Zone& zone_named(const std::string& name) const {
    for (const auto& z : ref_.zones) {
      if (z.name == name) return z;
    }
    throw Error(ErrorKind::kInternal, "demo: unknown zone " + name);
  }

  // Real clusters of the bundle keep their real admission; what follows it is made up.
  void add_bundled_clusters() {
    for (const auto& rc : ref_.clusters) {
      if (static_cast<int>(out_.clusters.size()) >= options_.clusters) break;
      DemoCluster dc;
      dc.bundled = true;
      dc.zone_name = rc.zone_name;
      dc.cluster.name = rc.name;
      dc.cluster.industry_code = rc.industry_code;
      dc.cluster.province_code = rc.province_code;
      int year = std::stoi(rc.admission.date.substr(0, 4));
      dc.cluster.batch = std::to_string(year);
      dc.cluster.admitted_year = year;
      dc.history.push_back(rc.admission);
      used_zones_.insert(rc.zone_name);
      names_.insert(rc.name);
      continue_history(dc);
      out_.clusters.push_back(std::move(dc));
    }
  }

  void add_synthetic_clusters() {
    std::vector<const domain::Industry*> industries;
    std::vector<double> industry_weights;
    for (const auto& ind : ref_.industries) {
      double w = sei_weight(ind.sei);
      if (w > 0 && (ind.level == "class" || ind.level == "group")) {
        industries.push_back(&ind);
        industry_weights.push_back(w);
      }
    }
    if (industries.empty()) throw Error(ErrorKind::kInternal, "demo: no tagged industries");

    std::vector<const domain::Zone*> zones;
    std::vector<double> zone_weights;
    for (const auto& z : ref_.zones) {
      if (used_zones_.count(z.name)) continue;
      auto* p = domain::find_province(ref_.provinces, z.province_code);
      double w = p ? province_weight(*p) : 0;
      if (w <= 0) continue;
      zones.push_back(&z);
      zone_weights.push_back(w);
    }
    // Admission batches, roughly as the programme grew: pilots 2013–2016, cultivation units
    // 2017–2020, the 2021 pilot (cultivation) batch, the 2022 batch, and current applicants.
    const std::vector<std::pair<int, double>> batches = {
        {2014, 8},  {2015, 8},  {2016, 10}, {2017, 10}, {2018, 10},
        {2019, 10}, {2020, 10}, {2021, 28}, {2022, 28}, {2024, 6}};
    std::vector<double> batch_weights;
    for (auto [year, w] : batches) batch_weights.push_back(w);

    while (static_cast<int>(out_.clusters.size()) < options_.clusters) {
      std::size_t zi = rng_.weighted(zone_weights);
      const domain::Zone& zone = *zones[zi];
      zone_weights[zi] = 0;  // one cluster per zone
      const domain::Industry& industry = *industries[rng_.weighted(industry_weights)];
      int batch = batches[rng_.weighted(batch_weights)].first;
      if (batch > options_.last_year) batch = options_.last_year;

      DemoCluster dc;
      dc.zone_name = zone.name;
      dc.cluster.industry_code = industry.code;
      dc.cluster.province_code = zone.province_code;
      dc.cluster.synthetic = true;
      dc.cluster.batch = std::to_string(batch);
      dc.cluster.building_unit = zone.name + "管理委员会";
      dc.cluster.management_body = zone.name + industry.name_zh + "产业集群促进中心";
      std::string modern = unique_name(zone.name + industry.name_zh + "创新型产业集群");
      std::string city = strip_suffix(zone.city, "市");
      if (batch <= 2020) {
        // Early batches were named after the city; many took the "<zone> + <industry>" form later.
        dc.cluster.name =
            unique_name(city + strip_suffix(industry.name_zh, "制造") + "创新型产业集群");
      } else {
        dc.cluster.name = modern;
      }
      admit(dc, batch);
      continue_history(dc);
      if (batch <= 2020 && rng_.chance(0.3) && options_.last_year >= 2023) {
        dc.events.push_back({domain::EventKind::kRename, date_in(rng_, 2023), dc.cluster.name,
                             modern, doc_no(rng_, 2023), "按“高新区+行业”规范更名", "", ""});
      }
      out_.clusters.push_back(std::move(dc));
    }
  }

  std::string unique_name(std::string name) {
    std::string candidate = name;
    for (int n = 2; names_.count(candidate); ++n) {
      candidate =
          strip_suffix(name, "创新型产业集群") + fmt::format("（{}）", n) + "创新型产业集群";
    }
    names_.insert(candidate);
    return candidate;
  }

  void admit(DemoCluster& dc, int batch) {
    ClusterStatus status = batch <= 2016   ? ClusterStatus::kPilot
                           : batch <= 2021 ? ClusterStatus::kCultivation
                           : batch <= 2022 ? ClusterStatus::kRecognised
                                           : ClusterStatus::kApplicant;
    std::string reason = status == ClusterStatus::kApplicant ? "建设单位提交申报材料，省级推荐"
                                                             : "经专家评议、网上公示后纳入";
    // The 2022 batch was announced in February 2023.
    int year = batch == 2022 ? 2023 : batch;
    dc.cluster.admitted_year =
        status == ClusterStatus::kApplicant ? std::nullopt : std::optional<int>(year);
    dc.history.push_back({status, date_in(rng_, year), doc_no(rng_, year), reason, "", ""});
  }

  // Later events: cultivation units become pilots, pilots pass re-checks, a few are warned and
  // some of those removed.
  void continue_history(DemoCluster& dc) {
    auto last = [&] { return dc.history.back().status; };
    auto last_year = [&] { return std::stoi(dc.history.back().date.substr(0, 4)); };
    auto change = [&](ClusterStatus s, int year, std::string reason) {
      year = std::max(year, last_year() + 1);
      if (year > options_.last_year) return false;
      dc.history.push_back({s, date_in(rng_, year), doc_no(rng_, year), std::move(reason), "", ""});
      return true;
    };
    if (last() == ClusterStatus::kCultivation && rng_.chance(0.5)) {
      change(ClusterStatus::kPilot, rng_.between(2019, 2022), "培育期满，复核通过转为试点");
    }
    if (last() == ClusterStatus::kPilot && rng_.chance(0.6)) {
      change(ClusterStatus::kRecognised, 2023, "评价合格，认定为创新型产业集群");
    }
    if (last() != ClusterStatus::kApplicant && rng_.chance(0.07)) {
      ClusterStatus before = last();
      if (change(ClusterStatus::kWarned, rng_.between(2022, 2023), "年度评价不合格，限期整改")) {
        if (rng_.chance(0.5)) {
          change(ClusterStatus::kRemoved, 2024, "整改后复核仍不合格，撤销");
        } else {
          change(before, 2024, "整改到位，恢复");
        }
      }
    }
  }

  std::string credit_code(const std::string& province_code) {
    static constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    for (;;) {
      std::string code = "91" + province_code.substr(0, 2) + "0100";
      for (int i = 0; i < 9; ++i) code += kAlphabet[rng_.between(0, 30)];
      code += *domain::credit_code_check_char(code);
      if (codes_.insert(code).second) return code;
    }
  }

  std::string enterprise_name(const std::string& city, const std::string& sei) {
    static const std::vector<std::string> kSyllables = {
        "华", "中", "创", "新", "瑞", "科", "恒", "联", "宏", "泰", "博", "鑫",
        "智", "光", "海", "天", "金", "盛", "达", "源", "凯", "锐", "卓", "芯"};
    static const std::map<std::string, std::vector<std::string>> kTrades = {
        {"next_gen_it", {"电子", "微电子", "信息", "半导体", "通信"}},
        {"high_end_equipment", {"装备", "精密机械", "智能装备", "自动化"}},
        {"biotech", {"生物", "医药", "生物医药", "药业"}},
        {"new_materials", {"新材料", "材料", "复合材料"}},
        {"new_energy", {"新能源", "能源", "光伏"}},
        {"new_energy_vehicles", {"汽车部件", "动力", "电驱"}},
        {"energy_saving", {"环保", "节能"}},
        {"digital_creative", {"数字", "文化科技"}},
        {"related_services", {"科技服务", "信息服务"}}};
    static const std::vector<std::string> kForms = {"有限公司", "股份有限公司", "科技有限公司"};
    auto trades = kTrades.count(sei) ? kTrades.at(sei) : std::vector<std::string>{"科技"};
    for (;;) {
      std::string name = city + kSyllables[rng_.between(0, 23)] + kSyllables[rng_.between(0, 23)] +
                         trades[rng_.between(0, static_cast<int>(trades.size()) - 1)] +
                         kForms[rng_.between(0, 2)];
      if (enterprise_names_.insert(name).second) return name;
    }
  }

  // Years in which a cluster reports: applicants the three years before applying, members from
  // admission, nobody after removal.
  std::pair<int, int> reporting_years(const DemoCluster& dc) const {
    int admitted = std::stoi(dc.history.front().date.substr(0, 4));
    int first = dc.history.front().status == ClusterStatus::kApplicant ? admitted - 3 : admitted;
    int last = options_.last_year;
    if (dc.history.back().status == ClusterStatus::kRemoved) {
      last = std::stoi(dc.history.back().date.substr(0, 4)) - 1;
    }
    return {std::max(first, options_.first_year), last};
  }

  std::string sei_of(const std::string& code) const {
    for (std::string c = code; !c.empty(); c.pop_back()) {
      for (const auto& ind : ref_.industries) {
        if (ind.code == c && !ind.sei.empty()) return ind.sei;
      }
    }
    return "";
  }

  void add_enterprises(std::size_t index) {
    const DemoCluster& dc = out_.clusters[index];
    auto [first, last] = reporting_years(dc);
    if (first > last) return;
    const domain::Zone& zone = zone_named(dc.zone_name);
    std::string city = strip_suffix(zone.city, "市");
    std::string sei = sei_of(dc.cluster.industry_code);
    double growth = rng_.normal(0.08, 0.05);  // the cluster's trend
    // How strong the cluster is: more and more innovative firms. Without it every cluster drew
    // from the same distributions and sat at the same shares, so the programme's thresholds
    // (a third qualified firms, 4% R&D intensity, 300亿 revenue) split them at random; admitted
    // clusters differ, and most meet them.
    double strength = rng_.normal(0, 1);

    struct Firm {
      std::string code;
      double size;  // revenue in the first year, 元
      double productivity, rd_intensity, patent_rate, margin;
      bool high_tech, specialised, champion, listed, exporter;
      int entered, left;
    };
    int n =
        std::clamp(static_cast<int>(rng_.lognormal(150 * std::exp(0.25 * strength), 0.5)), 30, 800);
    std::vector<Firm> firms;
    auto new_firm = [&](int entered) {
      Firm f;
      f.code = credit_code(zone.province_code);
      f.size = std::min(rng_.pareto(3e7 * std::exp(0.3 * strength), 1.15), 8e10);
      f.productivity = rng_.lognormal(8.5e5, 0.5);
      f.rd_intensity =
          std::clamp(rng_.lognormal(0.04 * std::exp(0.15 * strength), 0.5), 0.002, 0.25);
      f.patent_rate = rng_.lognormal(0.0015, 0.8);
      f.margin = rng_.normal(0.065, 0.05);
      double innovative = std::exp(0.2 * strength);
      f.high_tech = rng_.chance((f.size > 5e8 ? 0.4 : 0.2) * innovative);
      f.specialised = f.size < 2e9 && rng_.chance(0.1 * innovative);
      f.champion = f.size > 5e9 && rng_.chance(0.15);
      f.listed = rng_.chance(f.size > 5e9 ? 0.35 : 0.01);
      f.exporter = rng_.chance(0.3);
      f.entered = entered;
      f.left = options_.last_year + 1;
      firms.push_back(f);
      domain::Enterprise e;
      e.credit_code = f.code;
      e.name = enterprise_name(city, sei);
      if (zone.lat && zone.lon) {
        e.lat = *zone.lat + rng_.normal(0, 0.06);
        e.lon = *zone.lon + rng_.normal(0, 0.08);
      }
      e.synthetic = true;
      out_.enterprises.push_back(e);
    };
    for (int i = 0; i < n; ++i) new_firm(first);
    for (int year = first + 1; year <= last; ++year) {
      for (auto& f : firms) {
        if (f.left > year && rng_.chance(0.04)) f.left = year;  // exits
      }
      int entries = static_cast<int>(n * rng_.uniform(0.04, 0.1));
      for (int i = 0; i < entries; ++i) new_firm(year);
    }
    // Leaders are the three largest firms, backbone the next tenth.
    std::vector<std::size_t> order(firms.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return firms[a].size > firms[b].size; });
    std::vector<domain::Role> roles(firms.size(), domain::Role::kOther);
    for (std::size_t r = 0; r < order.size(); ++r) {
      if (r < 3) {
        roles[order[r]] = domain::Role::kLeader;
      } else if (r < 3 + order.size() / 10) {
        roles[order[r]] = domain::Role::kBackbone;
      }
    }

    for (std::size_t i = 0; i < firms.size(); ++i) {
      Firm& f = firms[i];
      double revenue = f.size;
      for (int year = f.entered; year < f.left && year <= last; ++year) {
        domain::EnterpriseYear y;
        y.credit_code = f.code;
        y.year = year;
        y.cluster_id = static_cast<std::int64_t>(index);
        y.role = roles[i];
        if (!f.high_tech && rng_.chance(0.02)) f.high_tech = true;  // newly recognised
        y.high_tech = f.high_tech;
        y.specialised = f.specialised;
        y.single_champion = f.champion;
        y.listed = f.listed;
        y.revenue = revenue;
        y.industrial_output = revenue * rng_.uniform(0.7, 0.95);
        y.profit = revenue * (f.margin + rng_.normal(0, 0.02));
        y.taxes = revenue * rng_.lognormal(0.013, 0.4);
        y.exports = f.exporter ? revenue * rng_.uniform(0.05, 0.4) : 0.0;
        y.rd_expenditure = revenue * f.rd_intensity * rng_.lognormal(1, 0.1);
        double staff = std::max(5.0, std::round(revenue / f.productivity));
        y.employment = staff;
        y.valid_invention_patents = std::round(staff * f.patent_rate * (1 + 0.1 * (year - first)));
        y.granted_invention_patents =
            std::round(*y.valid_invention_patents * rng_.uniform(0.05, 0.2));
        // On purpose: a few figures missing, and a rare unit slip in a small firm's revenue
        // (百元 keyed as 元, ×100) for outlier treatment to find.
        if (rng_.chance(0.01)) y.profit.reset();
        if (rng_.chance(0.01)) y.rd_expenditure.reset();
        if (rng_.chance(0.005)) y.employment.reset();
        if (f.size < 5e7 && rng_.chance(0.0005)) *y.revenue *= 100;
        out_.years.push_back(y);
        revenue *= std::exp(growth + rng_.normal(0, 0.12));
      }
    }
  }

  void add_support(std::size_t index) {
    const DemoCluster& dc = out_.clusters[index];
    auto [first, last] = reporting_years(dc);
    if (first > last) return;
    auto cid = static_cast<std::int64_t>(index);
    static const std::vector<std::string> kPlatformKinds = {
        "国家重点实验室",       "国家工程技术研究中心", "国家企业技术中心", "省级重点实验室",
        "省级工程技术研究中心", "省级企业技术中心",     "省级新型研发机构"};
    int platforms = rng_.between(2, 12);
    for (int i = 0; i < platforms; ++i) {
      std::size_t k = rng_.chance(0.25) ? rng_.between(0, 2) : rng_.between(3, 6);
      domain::Platform p;
      p.cluster_id = cid;
      p.kind = kPlatformKinds[k];
      p.level = k <= 2 ? "national" : "provincial";
      p.name =
          fmt::format("{}{}{}", strip_suffix(dc.zone_name, "高新区"), kPlatformKinds[k], i + 1);
      p.year_established = rng_.between(2005, last);
      out_.platforms.push_back(p);
    }
    static const char* kServices[] = {"", "技术转移与孵化服务", "研发设计与检验检测",
                                      "科技金融服务", "知识产权与法律服务"};
    for (int year = first; year <= last; ++year) {
      int count = rng_.between(4, 20);
      for (int i = 0; i < count; ++i) {
        domain::ServiceInstitution s;
        s.cluster_id = cid;
        s.year = year;
        int category = rng_.between(1, 4);
        s.category = static_cast<domain::InstitutionCategory>(category);
        s.name = fmt::format("{}服务机构{}", strip_suffix(dc.zone_name, "高新区"), i + 1);
        s.legal_representative = "（演示）";
        s.national = rng_.chance(0.15);
        s.main_services = kServices[category];
        out_.institutions.push_back(s);
      }
      domain::Alliance a;
      a.cluster_id = cid;
      a.year = year;
      a.name = strip_suffix(dc.cluster.name, "创新型产业集群") + "产业技术创新战略联盟";
      a.backbone_members = rng_.between(5, 30);
      a.other_members = rng_.between(10, 120);
      out_.alliances.push_back(a);
    }
  }

  const domain::ReferenceData& ref_;
  DemoOptions options_;
  Random rng_;
  DemoDataSet out_;
  std::set<std::string> used_zones_, names_, codes_, enterprise_names_;
};

}  // namespace

DemoDataSet generate(const domain::ReferenceData& reference, const DemoOptions& options) {
  return Generator(reference, options).run();
}

}  // namespace atlas::demo
