#pragma once

#include <QString>

#include <armadillo>
#include <cmath>

namespace relulab::test {

// Element-wise relative comparison: |a - e| <= tolerance * max(|e|, floor), where floor is
// `floorFraction` (default 1e-6) of the largest |e| in the array, so that entries that cancel to
// (nearly) zero are held to the array's scale rather than to their own. Returns an empty string
// when all agree, else a description of the worst entry.
inline QString compareRelative(const arma::vec& actual, const arma::vec& expected, double tolerance,
                               double floorFraction = 1e-6) {
    if (actual.n_elem != expected.n_elem)
        return QStringLiteral("length %1, expected %2").arg(actual.n_elem).arg(expected.n_elem);
    if (expected.is_empty())
        return {};
    const double floor = floorFraction * arma::abs(expected).max();
    double worst = 0.0;
    arma::uword worstIndex = 0;
    for (arma::uword i = 0; i < expected.n_elem; ++i) {
        const double scale = std::max(std::abs(expected[i]), floor);
        const double error = scale > 0 ? std::abs(actual[i] - expected[i]) / scale
                                       : std::abs(actual[i] - expected[i]);
        if (!(error <= worst)) { // also catches NaN
            worst = error;
            worstIndex = i;
        }
    }
    if (worst <= tolerance)
        return {};
    return QStringLiteral("entry %1: got %2, expected %3 (relative error %4 > %5)")
        .arg(worstIndex)
        .arg(actual[worstIndex], 0, 'g', 17)
        .arg(expected[worstIndex], 0, 'g', 17)
        .arg(worst, 0, 'g', 3)
        .arg(tolerance, 0, 'g', 3);
}

inline QString compareRelative(const arma::mat& actual, const arma::mat& expected, double tolerance,
                               double floorFraction = 1e-6) {
    if (actual.n_rows != expected.n_rows || actual.n_cols != expected.n_cols)
        return QStringLiteral("shape %1 x %2, expected %3 x %4")
            .arg(actual.n_rows)
            .arg(actual.n_cols)
            .arg(expected.n_rows)
            .arg(expected.n_cols);
    return compareRelative(arma::vec(arma::vectorise(actual)), arma::vec(arma::vectorise(expected)),
                           tolerance, floorFraction);
}

} // namespace relulab::test

// QVERIFY2 with the comparison's description as the failure message; an optional fourth
// argument is the floor fraction.
#define RELULAB_COMPARE_RELATIVE(actual, expected, ...)                                            \
    do {                                                                                           \
        const QString relulabMismatch_ =                                                           \
            relulab::test::compareRelative((actual), (expected), __VA_ARGS__);                     \
        QVERIFY2(relulabMismatch_.isEmpty(), qPrintable(relulabMismatch_));                        \
    } while (false)
