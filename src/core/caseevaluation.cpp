#include "core/caseevaluation.h"

#include "core/diagnostics.h"
#include "core/error.h"
#include "core/jacobian.h"
#include "core/network.h"
#include "core/training.h"

#include <string>

namespace relulab {

namespace {

// A box of one interval per input, for a net of 1 or 2 inputs whose activations are piecewise
// linear.
void validateRegionsBox(const Architecture& network,
                        const std::vector<std::array<double, 2>>& box) {
    const std::string where = "regions_box";
    if (network.inputs > 2)
        throw InvalidInput(where, "linear regions are for nets of 1 or 2 inputs; this one has " +
                                      std::to_string(network.inputs));
    if (box.size() != static_cast<std::size_t>(network.inputs))
        throw InvalidInput(where, "expected an interval for each of the " +
                                      std::to_string(network.inputs) + " inputs, got " +
                                      std::to_string(box.size()));
    for (std::size_t i = 0; i < box.size(); ++i)
        checkRegionRange(box[i],
                         network.inputs == 1 ? where : where + "[" + std::to_string(i) + "]");
    try {
        checkPiecewiseLinear(network);
    } catch (const InvalidInput& error) {
        throw error.under(where);
    }
}

} // namespace

void EvaluationCase::validate() const {
    network.validate();
    if (parameters.n_elem != network.parameterCount())
        throw InvalidInput("parameters", "expected " + std::to_string(network.parameterCount()) +
                                             " values in all, got " +
                                             std::to_string(parameters.n_elem));
    if (!parameters.is_finite())
        throw InvalidInput("parameters", "contains NaN or infinity");
    if (x.n_rows == 0)
        throw InvalidInput("x", "has no samples");
    if (x.n_cols != static_cast<arma::uword>(network.inputs))
        throw InvalidInput("x", "expected " + std::to_string(network.inputs) +
                                    " columns (network.inputs), got " + std::to_string(x.n_cols));
    if (!x.is_finite())
        throw InvalidInput("x", "contains NaN or infinity");
    if (y.n_rows != x.n_rows)
        throw InvalidInput("y", "has " + std::to_string(y.n_rows) + " rows but x has " +
                                    std::to_string(x.n_rows));
    checkTargets(loss, y, network.outputs(), "y");
    if (training) {
        training->optimizer.validate("full_batch_training");
        if (training->steps == 0)
            throw InvalidInput("full_batch_training.steps", "must be at least 1");
    }
    if (regionsBox)
        validateRegionsBox(network, *regionsBox);
}

namespace {

template <typename T> arma::Col<T> toPrecision(const arma::vec& v) {
    return arma::conv_to<arma::Col<T>>::from(v);
}
template <typename T> arma::Mat<T> toPrecision(const arma::mat& m) {
    return arma::conv_to<arma::Mat<T>>::from(m);
}
template <typename M> auto toDouble(const M& m) {
    if constexpr (M::is_col)
        return arma::conv_to<arma::vec>::from(m);
    else
        return arma::conv_to<arma::mat>::from(m);
}

template <typename T> EvaluationResult evaluate(const EvaluationCase& input) {
    Network<T> network(input.network, toPrecision<T>(input.parameters));
    const arma::Mat<T> x = toPrecision<T>(input.x);
    const arma::Mat<T> y = toPrecision<T>(input.y);

    EvaluationResult result;
    ForwardPass<T> pass;
    arma::Col<T> gradient;
    result.lossValue =
        static_cast<double>(lossAndGradient(network, x, y, input.loss, gradient, &pass));
    result.output = toDouble(pass.output());
    result.lossGradient = toDouble(gradient);
    result.deadUnitsPerLayer = deadUnitCounts(deadUnits(network, pass));
    result.gradientNormPerLayer = gradientNormPerLayer(network, gradient);

    if (input.network.outputs() == 1) {
        // Analysis runs in double whatever the training precision, on the parameters and data
        // as this precision holds them: float32 rounding of the Jacobian's entries (6e-8 of its
        // norm) would swamp the singular values below about 1e-4 of the largest, which are the
        // point of the singular value plot.
        const Network<double> analysed(input.network, toDouble(network.parameters()));
        const arma::mat jacobian = outputJacobian(analysed, toDouble(x));
        result.jacobian = jacobian;
        result.singularValues = thinSvd(jacobian).singularValues;
    }

    // Before the training below moves the parameters.
    if (input.regionsBox) {
        const Network<double> analysed(input.network, toDouble(network.parameters()));
        const std::vector<std::array<double, 2>>& box = *input.regionsBox;
        EvaluationResult::Regions regions;
        try {
            if (input.network.inputs == 1) {
                regions.breakpoints = networkBreakpoints(analysed, box[0][0], box[0][1]);
                regions.count = regions.breakpoints.size() + 1;
            } else {
                regions.regions = linearRegions(analysed, box[0], box[1]);
                regions.count = regions.regions.size();
            }
        } catch (const InvalidInput& error) {
            throw error.under("regions_box");
        }
        result.linearRegions = std::move(regions);
    }

    if (input.training) {
        TrainingSpec spec;
        spec.optimizer = input.training->optimizer;
        spec.sampling = SamplingKind::FullBatch;
        TrainingLoop<T> loop(network, x, y, input.loss, spec);
        EvaluationResult::Trajectory trajectory;
        for (std::size_t s = 0; s < input.training->steps; ++s)
            trajectory.losses.push_back(static_cast<double>(loop.step()));
        trajectory.finalParameters = toDouble(network.parameters());
        result.training = std::move(trajectory);
    }
    return result;
}

} // namespace

EvaluationResult evaluateCase(const EvaluationCase& input, Precision precision) {
    input.validate();
    return precision == Precision::Float32 ? evaluate<float>(input) : evaluate<double>(input);
}

} // namespace relulab
