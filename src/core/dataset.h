#pragma once

#include <armadillo>
#include <cstdint>
#include <optional>
#include <string_view>

namespace relulab {

// Train and test parts of a data set, one row per sample (double: runs convert as they need).
struct Dataset {
    arma::mat trainX, trainY;
    arma::mat testX, testY;
};

// The 1-D targets of the homework notebooks.
enum class TargetFunction {
    PiecewiseLinear, // elbows at every tenth: 10x's fractional parts weighted by sin(12345 k)
    Sin20x,          // sin(20 x)
};

std::string_view targetFunctionName(TargetFunction function);
std::optional<TargetFunction> targetFunctionFromName(std::string_view name);
double evaluateTarget(TargetFunction function, double x);

// The homework's data: n sorted uniform x in [0, 1] from np.random.RandomState(seed), y = f(x)
// plus N(0, sigma^2) noise; test = the train x and linspace(0, 1, 1000), sorted, noiseless.
Dataset homeworkDataset(TargetFunction function, int samples = 200, double sigma = 0.1,
                        std::uint32_t seed = 1);

} // namespace relulab
