#include "core/dataset.h"

#include "core/error.h"
#include "core/nametable.h"
#include "core/numpyrandom.h"

#include <cmath>
#include <string>

namespace relulab {

namespace {
constexpr NameTable<TargetFunction, 2> names{{{
    {TargetFunction::PiecewiseLinear, "piecewise_linear"},
    {TargetFunction::Sin20x, "sin(20x)"},
}}};
} // namespace

std::string_view targetFunctionName(TargetFunction function) {
    return names.name(function);
}

std::optional<TargetFunction> targetFunctionFromName(std::string_view name) {
    return names.find(name);
}

double evaluateTarget(TargetFunction function, double x) {
    if (function == TargetFunction::Sin20x)
        return std::sin(20.0 * x);
    // Linear between the points k/10, where it takes the value sin(12345 k).
    const double tenX = 10.0 * x;
    const double low = std::floor(tenX), high = std::ceil(tenX);
    return (tenX - low) * std::sin(12345.0 * high) - (tenX - high) * std::sin(12345.0 * low);
}

Dataset homeworkDataset(TargetFunction function, int samples, double sigma, std::uint32_t seed) {
    if (samples < 1 || samples > 10'000'000)
        throw InvalidInput("dataset.n",
                           "must be between 1 and 10000000, got " + std::to_string(samples));
    if (!std::isfinite(sigma) || sigma < 0)
        throw InvalidInput("dataset.noise", "must be a finite number >= 0");
    NumpyRandomState random(seed);
    Dataset data;
    arma::vec x(static_cast<arma::uword>(samples));
    for (double& v : x)
        v = random.rand();
    x = arma::sort(x);
    arma::vec y(x.n_elem);
    for (arma::uword i = 0; i < x.n_elem; ++i)
        y[i] = evaluateTarget(function, x[i]);
    for (arma::uword i = 0; i < x.n_elem; ++i)
        y[i] += random.randn() * sigma;
    data.trainX = x;
    data.trainY = y;

    arma::vec test = arma::sort(arma::join_cols(x, arma::linspace(0.0, 1.0, 1000)));
    data.testX = test;
    data.testY.set_size(test.n_elem, 1);
    for (arma::uword i = 0; i < test.n_elem; ++i)
        data.testY(i, 0) = evaluateTarget(function, test[i]);
    return data;
}

} // namespace relulab
