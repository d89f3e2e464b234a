#pragma once

#include "core/nametable.h"

#include <armadillo>
#include <optional>
#include <string>
#include <string_view>

namespace relulab {

// mse: mean of (o - y)^2 over every output of every sample.
// bce_logits: binary cross-entropy on logits o, mean over every element, targets in [0, 1].
// cross_entropy: softmax cross-entropy, mean over samples; y holds class indices (n x 1).
enum class LossKind { Mse, BceLogits, CrossEntropy };

// Every kind with its name in files and on the command line, in the order the app lists them.
inline constexpr NameTable<LossKind, 3> lossKinds{{{
    {LossKind::Mse, "mse"},
    {LossKind::BceLogits, "bce_logits"},
    {LossKind::CrossEntropy, "cross_entropy"},
}}};
static_assert(lossKinds.coversEnum());

// Throws InvalidInput naming `where` when targets do not fit the loss and the output width
// (shape, class indices out of range, BCE targets outside [0, 1], non-finite values).
void checkTargets(LossKind kind, const arma::mat& targets, int outputs, const char* where);

// The loss of `output` against `targets`; with `gradient`, also dL/d(output).
template <typename T>
T computeLoss(LossKind kind, const arma::Mat<T>& output, const arma::Mat<T>& targets,
              arma::Mat<T>* gradient = nullptr);

} // namespace relulab
