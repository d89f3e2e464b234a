#pragma once

#include "core/architecture.h"
#include "core/loss.h"

#include <optional>
#include <string>

namespace relulab {

// The shape of the homework's nets, which the fast CPU kernels and the CUDA backend train: 1
// input, 1 or 2 hidden layers of the same width (up to homeworkMaxWidth) and activation (one
// the shared formulas in core/activationmath.h know), 1 identity output, the MSE loss. Each
// backend adds its own bounds (batch size, data size) on top.
inline constexpr int homeworkMaxWidth = 256;
inline constexpr int homeworkMaxHiddenLayers = 2;

// Why `architecture` with `loss` is not the homework shape, in words for a user ("the mse loss
// only", ...); nothing when it is.
std::optional<std::string> homeworkShapeMismatch(const Architecture& architecture, LossKind loss);

inline bool isHomeworkShape(const Architecture& architecture, LossKind loss) {
    return !homeworkShapeMismatch(architecture, loss);
}

} // namespace relulab
