#include "atlas/auth/secrets.h"

#include <gtest/gtest.h>

namespace atlas::auth {
namespace {

TEST(Secrets, Sha256MatchesThePublishedVectors) {
  // FIPS 180-2, appendix B.1 and B.2; the empty string from NIST's examples.
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Secrets, AStoredHashMatchesOnlyItsSecret) {
  const std::string stored = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  EXPECT_TRUE(matches_hash(stored, "abc"));  // the FIPS 180-2 vector above
  EXPECT_FALSE(matches_hash(stored, "abd"));
  EXPECT_FALSE(matches_hash("", "abc"));
}

TEST(Secrets, PasswordHashIsArgon2idAndVerifies) {
  auto hash = hash_password("长江大桥 correct horse");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_EQ(hash.find("correct horse"), std::string::npos);
  EXPECT_TRUE(verify_password(hash, "长江大桥 correct horse"));
  EXPECT_FALSE(verify_password(hash, "长江大桥 correct hors"));
  EXPECT_FALSE(verify_password("not a hash", "长江大桥 correct horse"));
  // A fresh salt each time: the same password never gives the same string.
  EXPECT_NE(hash_password("长江大桥 correct horse"), hash);
}

TEST(Secrets, NewPasswordsMustBeLongVariedAndNotTheLogin) {
  EXPECT_TRUE(password_problem("short", "wang"));
  EXPECT_TRUE(password_problem("aaaaaaaaaaaaaaaa", "wang"));  // one character repeated
  EXPECT_TRUE(password_problem("wang-was-here-2026", "wang"));
  EXPECT_FALSE(password_problem("tea-kettle-harbour", "wang"));
  // Twelve Chinese characters are twelve characters, not 36 bytes; eleven are too few.
  EXPECT_FALSE(password_problem("武汉东湖新技术开发区光谷", "wang"));
  EXPECT_TRUE(password_problem("武汉东湖新技术开发区光", "wang"));
}

TEST(Secrets, RandomSecretsAreBase64UrlAndDiffer) {
  auto a = random_secret();
  EXPECT_EQ(a.size(), 43u);  // 32 bytes, base64 without padding
  EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_NE(a, random_secret());
  EXPECT_EQ(random_secret(12).size(), 16u);
}

}  // namespace
}  // namespace atlas::auth
