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

} // namespace relulab
