// Accounts of every role on the synthetic demo data set, so that someone trying the server
// (`make run`) can sign in as each kind of user the programme has: the programme office, a
// province, a zone, a cluster's promotion body, an expert and an analyst — the scoped ones
// scoped to real places of the data set (one cluster in the programme, its zone, its province).
// Their passwords are random, returned once to be shown to the person at the terminal and kept
// only as hashes. Refused on a database that does not hold the synthetic data set: printed
// passwords have no place in a real registry.
#pragma once
#include <string>
#include <vector>

#include "atlas/store/store.h"

namespace atlas::app {

struct DemoAccount {
  std::string login;     // "demo-province"
  std::string role;      // "province"
  std::string scope;     // "湖北省 (420000)", "" for roles without a scope
  std::string password;  // in clear: shown once, never stored or logged
  bool created = false;  // false: the account existed and its password was reset
};

// Creates the demo accounts, or gives existing ones a new random password (which ends their
// sessions and tokens, as any reset does). Throws kRule when the database is not the demo's.
std::vector<DemoAccount> ensure_demo_accounts(store::Store& store, const store::Actor& actor);

}  // namespace atlas::app
