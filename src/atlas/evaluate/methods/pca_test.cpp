#include "atlas/evaluate/methods/pca.h"

#include <gtest/gtest.h>

#include "atlas/evaluate/methods/test_support.h"

namespace atlas::evaluate::methods {
namespace {

using namespace test_support;

TEST(Pca, WeightsAreTheFirstComponentsSquaredLoadings) {
  // Expected from numpy: eigh(corrcoef(M, rowvar=False)); the eigenvalues' shares and the
  // squares of the eigenvector of the largest one.
  auto m = matrix({{1, 2, 3}, {2, 4, 1}, {3, 5, 4}, {4, 4, 2}, {5, 7, 5}});
  auto r = principal_components(m);
  expect_values(r.weights, {0.3557025393431115, 0.3863803075850927, 0.2579171530717955}, 1e-9);
  expect_values(r.variance_explained, {0.77763581, 0.18291168, 0.03945251}, 1e-8);
  EXPECT_TRUE(r.warnings.empty());
}

TEST(Pca, IncompleteUnitsAndConstantColumnsAreSetAside) {
  // Two perfectly correlated columns share the weight; the constant one gets 0; the unit with a
  // gap is left out.
  auto m = matrix({{1, 2, 7}, {2, 4, 7}, {3, 6, 7}, {NaN, 1, 7}, {4, 8, 7}});
  auto r = principal_components(m);
  expect_values(r.weights, {0.5, 0.5, 0}, 1e-9);
  EXPECT_EQ(r.complete_units, 4u);
  EXPECT_EQ(r.warnings.size(), 2u);
}

TEST(Pca, TooLittleDataGivesEqualWeights) {
  auto r = principal_components(matrix({{1, 2}, {2, 1}}));
  expect_values(r.weights, {0.5, 0.5});
  EXPECT_TRUE(r.variance_explained.empty());
}

}  // namespace
}  // namespace atlas::evaluate::methods
