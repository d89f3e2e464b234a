#include "core/classification.h"

#include <limits>

namespace relulab {

namespace {

template <typename T> arma::umat predicted(LossKind kind, const arma::Mat<T>& output) {
    if (kind == LossKind::CrossEntropy) {
        arma::umat labels(output.n_rows, 1);
        for (arma::uword i = 0; i < output.n_rows; ++i) {
            arma::uword best = 0;
            for (arma::uword c = 1; c < output.n_cols; ++c)
                if (output(i, c) > output(i, best)) // strictly: the first of equal logits wins
                    best = c;
            labels(i, 0) = best;
        }
        return labels;
    }
    if (kind == LossKind::BceLogits) {
        arma::umat labels(output.n_rows, output.n_cols);
        for (arma::uword k = 0; k < output.n_elem; ++k)
            labels[k] = output[k] > T(0) ? 1 : 0;
        return labels;
    }
    return {};
}

template <typename T> arma::umat actual(LossKind kind, const arma::Mat<T>& targets) {
    arma::umat labels(targets.n_rows, targets.n_cols);
    if (kind == LossKind::CrossEntropy) {
        for (arma::uword k = 0; k < targets.n_elem; ++k)
            labels[k] = arma::uword(targets[k]);
        return labels;
    }
    if (kind == LossKind::BceLogits) {
        for (arma::uword k = 0; k < targets.n_elem; ++k)
            labels[k] = targets[k] >= T(0.5) ? 1 : 0;
        return labels;
    }
    return {};
}

template <typename T>
double accuracyOf(LossKind kind, const arma::Mat<T>& output, const arma::Mat<T>& targets) {
    if (!isClassification(kind) || output.n_rows == 0)
        return std::numeric_limits<double>::quiet_NaN();
    const arma::umat guess = predicted(kind, output);
    const arma::umat truth = actual(kind, targets);
    std::size_t right = 0;
    for (arma::uword k = 0; k < guess.n_elem; ++k)
        right += guess[k] == truth[k];
    return double(right) / double(guess.n_elem);
}

} // namespace

arma::umat predictedLabels(LossKind kind, const arma::mat& output) {
    return predicted(kind, output);
}

arma::umat targetLabels(LossKind kind, const arma::mat& targets) {
    return actual(kind, targets);
}

double accuracy(LossKind kind, const arma::mat& output, const arma::mat& targets) {
    return accuracyOf(kind, output, targets);
}

double accuracy(LossKind kind, const arma::fmat& output, const arma::fmat& targets) {
    return accuracyOf(kind, output, targets);
}

ConfusionMatrix confusionMatrix(LossKind kind, const arma::mat& output, const arma::mat& targets) {
    if (!isClassification(kind))
        return {};
    const arma::uword classes = kind == LossKind::CrossEntropy ? output.n_cols : 2;
    ConfusionMatrix matrix{arma::umat(classes, classes, arma::fill::zeros)};
    const arma::umat guess = predicted(kind, output);
    const arma::umat truth = actual(kind, targets);
    for (arma::uword k = 0; k < guess.n_elem; ++k)
        if (truth[k] < classes) // targets not checked against the output width count nowhere
            ++matrix.counts(truth[k], guess[k]);
    return matrix;
}

} // namespace relulab
