#include "atlas/store/audit_chain.h"

#include <gtest/gtest.h>

namespace atlas::store {
namespace {

AuditEntry example() {
  AuditEntry e;
  e.id = 7;
  e.at = "2026-12-04T08:30:00Z";
  e.actor = "王工";
  e.origin = "cli";
  e.action = "set-status";
  e.entity = "cluster";
  e.entity_key = "12";
  e.detail = "pilot → recognised";
  e.reason = "复核通过";
  e.before = R"({"status":"pilot"})";
  e.after = R"({"status":"recognised"})";
  e.prev_hash = kChainStart;
  return e;
}

TEST(AuditChain, CanonicalFormIsTheDocumentedJsonArray) {
  // Written by hand from docs/accounts-and-audit.md; the hash is Python's
  // hashlib.sha256(json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()).
  EXPECT_EQ(canonical_form(example()),
            R"([7,"2026-12-04T08:30:00Z","王工",null,"cli","set-status","cluster","12",)"
            R"("pilot → recognised","复核通过","{\"status\":\"pilot\"}",)"
            R"("{\"status\":\"recognised\"}",)"
            R"("0000000000000000000000000000000000000000000000000000000000000000"])");
  EXPECT_EQ(entry_hash(example()),
            "3e08d3988e3fb12f2ff67fe00e1233996c8814878744f04191c8aec2ff757444");
}

std::vector<AuditEntry> chain(int n) {
  std::vector<AuditEntry> out;
  std::string previous = kChainStart;
  for (int i = 1; i <= n; ++i) {
    auto e = example();
    e.id = i;
    e.prev_hash = previous;
    e.hash = entry_hash(e);
    previous = e.hash;
    out.push_back(e);
  }
  return out;
}

TEST(AuditChain, AnIntactChainVerifies) {
  auto entries = chain(4);
  auto check = check_chain(entries);
  EXPECT_FALSE(check.broken_id);
  EXPECT_EQ(check.entries, 4);
  EXPECT_EQ(check.head_hash, entries.back().hash);
  EXPECT_EQ(check_chain({}).head_hash, kChainStart);
}

TEST(AuditChain, AnEditedEntryIsNamed) {
  auto entries = chain(4);
  entries[2].reason = "另有原因";
  auto check = check_chain(entries);
  ASSERT_TRUE(check.broken_id);
  EXPECT_EQ(*check.broken_id, 3);
  EXPECT_EQ(check.entries, 2);
  EXPECT_NE(check.problem.find("changed after it was written"), std::string::npos);
}

TEST(AuditChain, ARemovedEntryBreaksTheNextLink) {
  auto entries = chain(4);
  entries.erase(entries.begin() + 1);
  auto check = check_chain(entries);
  ASSERT_TRUE(check.broken_id);
  EXPECT_EQ(*check.broken_id, 3);
  EXPECT_NE(check.problem.find("not the hash of entry 1"), std::string::npos) << check.problem;
  auto first_gone = chain(3);
  first_gone.erase(first_gone.begin());
  EXPECT_EQ(check_chain(first_gone).broken_id, 2);
}

}  // namespace
}  // namespace atlas::store
