#include "atlas/demo/round.h"

#include <algorithm>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "atlas/core/date.h"
#include "atlas/core/error.h"
#include "atlas/demo/random.h"
#include "atlas/demo/weights.h"

namespace atlas::demo {
namespace {

using rounds::Stage;

// Days after today on which each stage of the round ends.
constexpr std::pair<Stage, int> kDeadlineDays[] = {{Stage::kApplications, 10},
                                                   {Stage::kRecommendation, 40},
                                                   {Stage::kReview, 80},
                                                   {Stage::kDecision, 95},
                                                   {Stage::kNotice, 110}};

// A province seldom sends more than this many applications to one round.
constexpr int kMostPerProvince = 4;

// Universities and institutes where the programme finds its reviewers, with their provinces.
constexpr std::pair<const char*, const char*> kOrganisations[] = {
    {"清华大学", "110000"},
    {"北京航空航天大学", "110000"},
    {"中国科学院半导体研究所", "110000"},
    {"中国电子信息产业发展研究院", "110000"},
    {"中国科学技术发展战略研究院", "110000"},
    {"天津大学", "120000"},
    {"中国汽车技术研究中心", "120000"},
    {"大连理工大学", "210000"},
    {"中国科学院大连化学物理研究所", "210000"},
    {"吉林大学", "220000"},
    {"哈尔滨工业大学", "230000"},
    {"复旦大学", "310000"},
    {"上海交通大学", "310000"},
    {"中国科学院上海微系统与信息技术研究所", "310000"},
    {"南京大学", "320000"},
    {"东南大学", "320000"},
    {"浙江大学", "330000"},
    {"中国科学院宁波材料技术与工程研究所", "330000"},
    {"中国科学技术大学", "340000"},
    {"厦门大学", "350000"},
    {"南昌大学", "360000"},
    {"山东大学", "370000"},
    {"郑州大学", "410000"},
    {"华中科技大学", "420000"},
    {"武汉大学", "420000"},
    {"中南大学", "430000"},
    {"中山大学", "440000"},
    {"华南理工大学", "440000"},
    {"中国科学院深圳先进技术研究院", "440000"},
    {"广西大学", "450000"},
    {"重庆大学", "500000"},
    {"四川大学", "510000"},
    {"电子科技大学", "510000"},
    {"昆明理工大学", "530000"},
    {"西安交通大学", "610000"},
    {"西北工业大学", "610000"},
    {"兰州大学", "620000"},
};

constexpr const char* kTitles[] = {"教授",   "研究员",  "正高级工程师", "教授级高级工程师",
                                   "副教授", "副研究员"};

constexpr const char* kSurnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱",
    "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯",
    "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶",
    "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "钟", "谭", "陆", "汪", "范"};

constexpr const char* kGivenNames[] = {
    "伟", "芳", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超",
    "霞", "平", "刚", "文", "华", "建", "国", "志", "红", "海", "晓", "宇", "鹏", "辉",
    "斌", "林", "峰", "慧", "琳", "新", "云", "波", "宁", "春", "雪", "东", "晨", "浩"};

constexpr const char* kOpinions[] = {
    "产业基础雄厚，龙头企业带动作用明显，同意推荐",
    "创新资源集聚，研发投入强度高，同意推荐",
    "主导产业特色鲜明，产业链较为完整，同意推荐",
    "集群促进机构运行良好，协同创新成效显著，同意推荐",
    "高新技术企业占比高，成长性好，同意推荐",
    "发展规划清晰，区域辐射带动作用突出，同意推荐",
};

constexpr const char* kFirmSyllables[] = {"华", "中", "创", "新", "瑞", "科", "恒", "联",
                                          "宏", "泰", "博", "鑫", "智", "光", "海", "天",
                                          "金", "盛", "达", "源", "凯", "锐", "卓", "芯"};

std::vector<std::string> trades_of(const std::string& sei) {
  if (sei == "next_gen_it") return {"电子", "微电子", "信息", "半导体", "通信"};
  if (sei == "high_end_equipment") return {"装备", "精密机械", "智能装备", "自动化"};
  if (sei == "biotech") return {"生物", "医药", "生物医药", "药业"};
  if (sei == "new_materials") return {"新材料", "材料", "复合材料"};
  if (sei == "new_energy") return {"新能源", "能源", "光伏"};
  if (sei == "new_energy_vehicles") return {"汽车", "动力", "电驱"};
  if (sei == "energy_saving") return {"环保", "节能"};
  if (sei == "digital_creative") return {"数字", "文化科技"};
  return {"科技服务", "信息服务"};
}

template <class T, std::size_t N>
const T& pick(Random& rng, const T (&items)[N]) {
  return items[rng.between(0, static_cast<int>(N) - 1)];
}

template <class T>
const T& pick(Random& rng, const std::vector<T>& items) {
  return items[rng.between(0, static_cast<int>(items.size()) - 1)];
}

// Where a province's applications can come from: its zones without an active cluster, then new
// provincial zones after its cities (those whose name no zone has taken).
struct Places {
  std::vector<const domain::Zone*> free;
  std::vector<domain::Zone> candidates;
  int capacity() const { return static_cast<int>(free.size() + candidates.size()); }
};

class RoundGenerator {
 public:
  RoundGenerator(const domain::ReferenceData& ref, const std::vector<domain::City>& cities,
                 const std::vector<std::string>& active_zones, std::uint64_t seed,
                 const std::string& today)
      // Its own stream: the round does not shift when the data set's draws change.
      : ref_(ref), today_(today), rng_(seed ^ 0x726F756E64ULL) {
    collect_places(cities, active_zones);
  }

  DemoRound run() {
    open_round();
    auto provinces = choose_provinces();
    auto counts = share_applications(provinces);
    for (std::size_t i = 0; i < provinces.size(); ++i) {
      const std::string& code = provinces[i]->code;
      for (int n = 0; n < counts[i]; ++n) add_application(code);
    }
    for (std::size_t i = 0; i < provinces.size(); ++i) recommend(provinces[i]->code, counts[i]);
    add_experts();
    return std::move(out_);
  }

 private:
  void collect_places(const std::vector<domain::City>& cities,
                      const std::vector<std::string>& active_zones) {
    std::set<std::string> active(active_zones.begin(), active_zones.end());
    std::set<std::string> names;
    for (const auto& z : ref_.zones) {
      names.insert(z.name);
      if (!active.count(z.name)) places_[z.province_code].free.push_back(&z);
    }
    for (const auto& city : cities) {
      if (!city.name_zh.ends_with("市")) continue;  // 自治州, 地区, 盟: no such zone names
      domain::Zone z;
      z.name = strip_suffix(city.name_zh, "市") + "高新区";
      if (!names.insert(z.name).second) continue;
      z.level = "provincial";
      z.province_code = city.province_code;
      z.city = city.name_zh;
      z.lat = city.lat;
      z.lon = city.lon;
      places_[city.province_code].candidates.push_back(std::move(z));
    }
  }

  void open_round() {
    auto& r = out_.round;
    r.kind = rounds::RoundKind::kAdmission;
    if (auto p = date::problem(today_)) throw Error(ErrorKind::kBadInput, "demo round: " + *p);
    r.year = date::year_of(today_);
    r.name = fmt::format("{}年度创新型产业集群遴选（演示）", r.year);
    r.doc_no = fmt::format("演示〔{}〕{}号", r.year, rng_.between(10, 99));
    r.system = "torch-iic";
    r.data_weight = 0.4;
    r.stage = Stage::kApplications;
    for (auto [stage, days] : kDeadlineDays) r.deadlines[stage] = date::add_days(today_, days);
  }

  // Twenty provinces of the programme that have somewhere to apply from, the strong ones more
  // likely, in code order.
  std::vector<const domain::Province*> choose_provinces() {
    std::vector<const domain::Province*> eligible;
    std::vector<double> weights;
    for (const auto& p : ref_.provinces) {
      double w = province_weight(p);
      if (w <= 0 || places_[p.code].capacity() == 0) continue;
      eligible.push_back(&p);
      weights.push_back(w);
    }
    std::vector<const domain::Province*> chosen;
    while (static_cast<int>(chosen.size()) < kRoundProvinces && chosen.size() < eligible.size()) {
      std::size_t i = rng_.weighted(weights);
      chosen.push_back(eligible[i]);
      weights[i] = 0;
    }
    std::sort(chosen.begin(), chosen.end(),
              [](const auto* a, const auto* b) { return a->code < b->code; });
    return chosen;
  }

  // One application each, the rest by weight, at most kMostPerProvince (more only when no
  // province with room is left) and never more than a province has places for.
  std::vector<int> share_applications(const std::vector<const domain::Province*>& provinces) {
    std::vector<int> counts(provinces.size(), 1);
    int total = static_cast<int>(provinces.size());
    for (int most : {kMostPerProvince, kRoundApplications}) {
      while (total < kRoundApplications) {
        std::vector<double> weights;
        for (std::size_t i = 0; i < provinces.size(); ++i) {
          bool room = counts[i] < most && counts[i] < places_[provinces[i]->code].capacity();
          weights.push_back(room ? province_weight(*provinces[i]) : 0.0);
        }
        if (std::all_of(weights.begin(), weights.end(), [](double w) { return w == 0; })) break;
        ++counts[rng_.weighted(weights)];
        ++total;
      }
    }
    return counts;
  }

  // A free zone of the province, or else a new provincial zone of one of its cities.
  domain::Zone take_zone(const std::string& province_code) {
    Places& places = places_[province_code];
    if (!places.free.empty()) {
      auto i = rng_.between(0, static_cast<int>(places.free.size()) - 1);
      domain::Zone z = *places.free[i];
      places.free.erase(places.free.begin() + i);
      return z;
    }
    auto i = rng_.between(0, static_cast<int>(places.candidates.size()) - 1);
    domain::Zone z = places.candidates[i];
    places.candidates.erase(places.candidates.begin() + i);
    out_.new_zones.push_back(z);
    return z;
  }

  void add_application(const std::string& province_code) {
    if (industries_.empty()) {
      for (const auto& ind : ref_.industries) {
        double w = sei_weight(ind.sei);
        if (w > 0 && ind.level == "class") {
          industries_.push_back(&ind);
          industry_weights_.push_back(w);
        }
      }
      if (industries_.empty()) {
        throw Error(ErrorKind::kInternal, "demo round: no tagged industry classes");
      }
    }
    domain::Zone zone = take_zone(province_code);
    const domain::Industry& industry = *industries_[rng_.weighted(industry_weights_)];
    const std::string field = strip_suffix(industry.name_zh, "制造");
    rounds::Application a;
    a.parties.zone_name = zone.name;
    a.parties.province_code = zone.province_code;
    a.parties.industry_code = industry.code;
    a.parties.name = zone.name + field + "创新型产业集群";
    a.parties.building_unit = zone.name + "管委会";
    a.parties.management_body = zone.name + field + "产业集群促进中心";
    const std::string city = strip_suffix(zone.city, "市");
    const auto trades = trades_of(industry.sei);
    int firms = rng_.between(1, 3);
    while (static_cast<int>(a.parties.leading_firms.size()) < firms) {
      // One draw per statement: the order of operands of + is not fixed, the stream's must be.
      std::string name = city;
      name += pick(rng_, kFirmSyllables);
      name += pick(rng_, kFirmSyllables);
      name += pick(rng_, trades);
      name += rng_.chance(0.5) ? "股份有限公司" : "有限公司";
      if (firm_names_.insert(name).second) a.parties.leading_firms.push_back(std::move(name));
    }
    out_.applications.push_back(std::move(a));
  }

  // The quota leaves a province with two or more applications to choose: one fewer than it
  // received, at most three. It recommends as many as its quota allows, in an order of its own.
  void recommend(const std::string& province_code, int applied) {
    int quota = std::clamp(applied - 1, 1, 3);
    out_.round.quotas[province_code] = quota;
    std::vector<std::int64_t> own;
    for (std::size_t i = 0; i < out_.applications.size(); ++i) {
      if (out_.applications[i].parties.province_code == province_code) {
        own.push_back(static_cast<std::int64_t>(i));
      }
    }
    for (std::size_t i = own.size(); i > 1; --i) {
      std::swap(own[i - 1], own[rng_.between(0, static_cast<int>(i) - 1)]);
    }
    auto& list = out_.recommendations[province_code];
    int listed = std::min(quota, static_cast<int>(own.size()));
    for (int rank = 1; rank <= listed; ++rank) {
      list.push_back({own[rank - 1], rank, pick(rng_, kOpinions)});
    }
  }

  // Codes of the reference list in the division of `code` (classes and groups), `code` first.
  std::vector<std::string> near(const std::string& code) const {
    std::vector<std::string> out = {code};
    for (const auto& ind : ref_.industries) {
      if (ind.code != code && (ind.level == "class" || ind.level == "group") &&
          ind.code.compare(0, 2, code, 0, 2) == 0) {
        out.push_back(ind.code);
      }
    }
    return out;
  }

  void add_experts() {
    std::set<std::string> names;
    for (int n = 1; n <= kRoundExperts; ++n) {
      rounds::Expert e;
      e.code = fmt::format("E{:04}", n);
      do {
        e.name = pick(rng_, kSurnames);
        e.name += pick(rng_, kGivenNames);
        if (rng_.chance(0.6)) e.name += pick(rng_, kGivenNames);
      } while (!names.insert(e.name).second);
      auto [organisation, province] = pick(rng_, kOrganisations);
      e.organisation = organisation;
      e.province_code = province;
      e.title = pick(rng_, kTitles);
      // Near an application's industry: its class and up to two more of its division.
      if (!out_.applications.empty()) {
        auto pool = near(pick(rng_, out_.applications).parties.industry_code);
        e.fields.push_back(pool.front());
        pool.erase(pool.begin());
        int more = std::min(rng_.between(0, 2), static_cast<int>(pool.size()));
        for (int i = 0; i < more; ++i) {
          auto j = rng_.between(0, static_cast<int>(pool.size()) - 1);
          e.fields.push_back(pool[j]);
          pool.erase(pool.begin() + j);
        }
      }
      out_.experts.push_back(std::move(e));
    }
    // A few declare a conflict (主动回避): a firm they advise, or a zone they have worked for.
    if (out_.applications.empty()) return;
    std::set<int> declaring;
    while (declaring.size() < 6) declaring.insert(rng_.between(0, kRoundExperts - 1));
    for (int i : declaring) {
      const auto& parties = pick(rng_, out_.applications).parties;
      out_.experts[i].declared_conflicts.push_back(
          rng_.chance(0.5) ? parties.zone_name : pick(rng_, parties.leading_firms));
    }
  }

  const domain::ReferenceData& ref_;
  std::string today_;
  Random rng_;
  std::map<std::string, Places> places_;  // by province code
  std::vector<const domain::Industry*> industries_;
  std::vector<double> industry_weights_;
  std::set<std::string> firm_names_;
  DemoRound out_;
};

}  // namespace

DemoRound generate_round(const domain::ReferenceData& reference,
                         const std::vector<domain::City>& cities,
                         const std::vector<std::string>& active_zones, std::uint64_t seed,
                         const std::string& today) {
  return RoundGenerator(reference, cities, active_zones, seed, today).run();
}

}  // namespace atlas::demo
