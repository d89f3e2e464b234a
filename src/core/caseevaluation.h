#pragma once

#include "core/architecture.h"
#include "core/linearregions.h"
#include "core/loss.h"
#include "core/optimizer.h"

#include <armadillo>
#include <optional>
#include <vector>

namespace relulab {

enum class Precision { Float32, Float64 };

// A network with given parameters on given data: what a reference case (or a user's dumped
// PyTorch state_dict) holds. Values are double here; evaluation converts to the precision asked.
struct EvaluationCase {
    Architecture network;
    LossKind loss = LossKind::Mse;
    arma::vec parameters; // flat, state_dict order
    arma::mat x;          // samples x inputs
    arma::mat y;          // samples x outputs (class indices for cross_entropy)

    struct FullBatchTraining {
        OptimizerSpec optimizer;
        std::size_t steps = 0;
    };
    std::optional<FullBatchTraining> training;

    // The box whose exact linear regions are wanted: [low, high] per input (1 or 2 inputs).
    std::optional<std::vector<std::array<double, 2>>> regionsBox;

    // Throws InvalidInput naming the field when anything is inconsistent or not finite.
    void validate() const;
};

// Everything the engine computes for a case, in double whatever the precision used.
struct EvaluationResult {
    arma::mat output;
    double lossValue = 0.0;
    arma::vec lossGradient;
    std::vector<std::optional<int>> deadUnitsPerLayer;
    std::vector<double> gradientNormPerLayer;
    std::optional<arma::mat> jacobian; // one-output networks only
    std::optional<arma::vec> singularValues;

    struct Trajectory {
        std::vector<double> losses; // before each step
        arma::vec finalParameters;
    };
    std::optional<Trajectory> training;

    // With a regions box: the regions of the net with the case's parameters (as the precision
    // holds them), computed in double.
    struct Regions {
        std::size_t count = 0;
        std::vector<double> breakpoints;   // 1 input: where the function changes slope
        std::vector<LinearRegion> regions; // 2 inputs
    };
    std::optional<Regions> linearRegions;
};

EvaluationResult evaluateCase(const EvaluationCase& input, Precision precision);

} // namespace relulab
