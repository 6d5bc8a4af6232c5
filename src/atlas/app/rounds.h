// Selection rounds as the shells offer them (`round`, `application`, `recommend`; later the API):
// what people type — a province as 湖北 or 42, a zone by name — turned into the store's calls,
// and the listings of rounds and applications. The rules are the store's and rounds/'s.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "atlas/app/database.h"
#include "atlas/report/table.h"

namespace atlas::app {

struct RoundCreateRequest {
  std::string kind = "admission";  // or reevaluation (复核); the Chinese names too
  int year = 0;
  std::string name, doc_no;
  std::string system;  // a shipped indicator system's name or a YAML file: it must load
  double data_weight = 0.4;
  std::map<std::string, std::string> deadlines;  // stage key → YYYY-MM-DD
  std::vector<std::string> quotas;               // "湖北=3" or "42=3"
};

// The new round's id. Throws kUsage for an unknown kind or a quota not written PROVINCE=N,
// kNotFound for an unknown province or system, and what the store throws.
std::int64_t create_round(const Database& db, const RoundCreateRequest& request,
                          const store::Actor& actor);
report::Table round_list(const Database& db);
// The round's stages with their deadlines and where it is, and per province how many applied,
// were returned and are recommended, against the quota; the round itself as notes.
report::Table round_show(const Database& db, std::int64_t round_id);
// Per province with an application or a quota: how many applied, were returned and are
// recommended, and the quota (empty: none, no limit). What a province's page ranks against.
report::Table round_provinces(const Database& db, std::int64_t round_id);

struct ApplicationRequest {
  std::int64_t round_id = 0;
  std::string zone;  // id or exact name
  std::string cluster_name, industry_code, building_unit, management_body, contact;
  std::vector<std::string> leading_firms;
};
std::int64_t submit_application(const Database& db, const ApplicationRequest& request,
                                const store::Actor& actor);

struct ApplicationListRequest {
  std::int64_t round_id = 0;
  std::string province;  // code or name; empty: all
  std::string zone;      // id or exact name; empty: all
  std::string state;     // submitted | returned (or 已提交 | 已退回); empty: all
};
report::Table application_list(const Database& db, const ApplicationListRequest& request);
// One application as field / value rows.
report::Table application_show(const Database& db, std::int64_t application_id);

struct RecommendRequest {
  std::int64_t round_id = 0;
  std::string province;                    // code or name
  std::vector<std::int64_t> applications;  // in rank order: the first is ranked 1
  std::vector<std::string> opinions;       // one per application
};
// Throws kUsage when the applications and opinions do not pair up.
void recommend(const Database& db, const RecommendRequest& request, const store::Actor& actor);

// The round, or kNotFound naming its id.
rounds::Round existing_round(store::Store& store, std::int64_t id);
// An application's id as a file writes it: digits only; nullopt for anything else.
std::optional<std::int64_t> application_id(const std::string& text);

}  // namespace atlas::app
