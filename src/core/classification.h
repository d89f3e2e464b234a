#pragma once

#include "core/loss.h"

#include <armadillo>
#include <cstddef>

namespace relulab {

// What a classifier's outputs mean as labels, for the losses that train classifiers.
// bce_logits: each output is a logit, predicted 1 when it is > 0 (the seed's
// `(model(inputs) > 0)`), true 1 when the target is >= 0.5; every output is a label of its own.
// cross_entropy: the predicted class is the output with the largest logit (the first of equal
// ones, as torch.argmax), the true one the target's class index.
inline bool isClassification(LossKind kind) {
    return kind == LossKind::BceLogits || kind == LossKind::CrossEntropy;
}

// Labels predicted from `output` (samples x outputs): samples x 1 class indices for
// cross_entropy, samples x outputs 0/1 for bce_logits. Empty for mse.
arma::umat predictedLabels(LossKind kind, const arma::mat& output);

// The targets as labels, the same shape as predictedLabels.
arma::umat targetLabels(LossKind kind, const arma::mat& targets);

// The fraction of labels predicted right (over every output of every sample for bce_logits);
// NaN for mse and for no samples.
double accuracy(LossKind kind, const arma::mat& output, const arma::mat& targets);
double accuracy(LossKind kind, const arma::fmat& output, const arma::fmat& targets);

// How many samples of each true class (rows) were predicted as each class (columns). For
// bce_logits the classes are 0 and 1, counted over every output. `classes` is the output
// layer's width for cross_entropy, 2 for bce_logits.
struct ConfusionMatrix {
    arma::umat counts; // true class x predicted class
    std::size_t correct() const { return arma::accu(counts.diag()); }
    std::size_t total() const { return arma::accu(counts); }
};
ConfusionMatrix confusionMatrix(LossKind kind, const arma::mat& output, const arma::mat& targets);

} // namespace relulab
