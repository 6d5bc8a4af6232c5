// The headers of the cluster-level forms: a cluster's own yearly totals (JQ01 and the survey's
// cluster figures), R&D platforms, JQ03 service institutions, JQ04 alliances.
#include "atlas/ingest/columns.h"

namespace atlas::ingest {

const std::vector<FieldSpec>& cluster_report_fields() {
  using T = FieldType;
  static const std::vector<FieldSpec> kFields = [] {
    std::vector<FieldSpec> f = {
        cluster_field(),
        year_field(),
        {"firms", T::kWholeCount, false, {"企业数", "企业数量", "企业总数", "集群企业数", "firms"}},
        {"high_tech_firms",
         T::kWholeCount,
         false,
         {"高新技术企业数", "高新技术企业数量", "高企数", "high_tech_firms"}},
        {"specialised_firms",
         T::kWholeCount,
         false,
         {"专精特新企业数", "专精特新中小企业数", "specialised_firms", "specialized_firms"}},
        {"single_champion_firms",
         T::kWholeCount,
         false,
         {"单项冠军企业数", "制造业单项冠军企业数", "single_champion_firms"}},
        {"institutions",
         T::kWholeCount,
         false,
         {"服务机构数", "服务机构总数", "机构数", "institutions"}},
        {"national_platforms",
         T::kWholeCount,
         false,
         {"国家级平台数", "国家级创新平台数", "national_platforms"}},
        {"provincial_platforms",
         T::kWholeCount,
         false,
         {"省级平台数", "省级创新平台数", "provincial_platforms"}},
    };
    f.insert(f.end(), figure_fields().begin(), figure_fields().end());
    return f;
  }();
  return kFields;
}

const std::vector<FieldSpec>& platform_fields() {
  using T = FieldType;
  static const std::vector<FieldSpec> kFields = {
      cluster_field(),
      {"name", T::kText, true, {"平台名称", "名称", "name", "platform_name"}},
      {"level", T::kChoice, true, {"级别", "平台级别", "level"}},
      {"kind", T::kText, false, {"类型", "平台类型", "kind", "type"}},
      {"year_established",
       T::kYear,
       false,
       {"建立年份", "认定年份", "成立年份", "获批年份", "year_established"}},
  };
  return kFields;
}

const std::vector<FieldSpec>& institution_fields() {
  using T = FieldType;
  static const std::vector<FieldSpec> kFields = {
      cluster_field(),
      year_field(),
      {"name", T::kText, true, {"机构名称", "名称", "name", "institution_name"}},
      {"legal_representative", T::kText, false, {"法定代表人", "法人代表", "legal_representative"}},
      {"national", T::kFlag, false, {"是否国家级", "国家级", "national"}},
      {"category", T::kChoice, true, {"机构类别", "类别", "机构类型", "category"}},
      {"main_services", T::kText, false, {"主要服务内容", "主要服务", "main_services"}},
  };
  return kFields;
}

const std::vector<FieldSpec>& alliance_fields() {
  using T = FieldType;
  static const std::vector<FieldSpec> kFields = {
      cluster_field(),
      year_field(),
      {"name", T::kText, true, {"联盟名称", "名称", "name", "alliance_name"}},
      {"backbone_members",
       T::kWholeCount,
       true,
       {"骨干企业数", "骨干企业", "骨干成员数", "backbone_members"}},
      {"other_members",
       T::kWholeCount,
       true,
       {"其他企业数", "其他企业", "其他成员数", "other_members"}},
  };
  return kFields;
}

}  // namespace atlas::ingest
