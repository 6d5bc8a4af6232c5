// The API's routes, one group a file; api_routes() (api_routes.cpp) gathers them. A new resource
// is a new group: its handlers and its entries of the route table side by side.
#pragma once
#include "server/routes.h"

namespace atlas::server {

void add_session_routes(RouteTable& t);       // log in, who am I, log out
void add_registry_routes(RouteTable& t);      // the public overview, zones, clusters
void add_statistics_routes(RouteTable& t);    // enterprises and statistics
void add_evaluation_routes(RouteTable& t);    // evaluations
void add_systems_routes(RouteTable& t);       // indicator systems
void add_exports_routes(RouteTable& t);       // exports
void add_report_routes(RouteTable& t);        // reports: the annual report, fact sheets
void add_import_routes(RouteTable& t);        // imports (uploads) and their revisions
void add_job_routes(RouteTable& t);           // jobs: long work, its progress and result
void add_discovery_routes(RouteTable& t);     // discovery, specialisation, spatial statistics
void add_reevaluation_routes(RouteTable& t);  // re-evaluation (复核) proposals and decisions
void add_round_routes(RouteTable& t);         // selection rounds, applications, recommendations
void add_round_review_routes(RouteTable& t);  // reviews, decision, notice, admission
void add_defence_routes(RouteTable& t);       // defence sessions (视频答辩)
void add_account_routes(RouteTable& t);       // accounts: list, add, role, disable, unlock
void add_audit_log_routes(RouteTable& t);     // the audit log and its chain check
void add_web_routes(RouteTable& t);           // the dashboard's page, files and map

}  // namespace atlas::server
