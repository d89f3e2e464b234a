#include "plots/runcharts.h"

#include "core/activation.h"
#include "core/jacobian.h"
#include "core/network.h"
#include "core/ridge.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace relulab {

namespace {

constexpr arma::uword gridPoints = 400;
constexpr std::size_t maxUnitPieces = 64;
constexpr std::size_t principalFeatureCount = 4;

std::vector<double> toStd(const arma::vec& v) {
    return {v.begin(), v.end()};
}

std::string formatNumber(double value) {
    std::ostringstream out;
    out.precision(4);
    out << value;
    return out.str();
}

// A grid over the data's inputs, a little wider so that the elbows near the ends show.
arma::vec inputGrid(const Dataset& data) {
    double low = data.trainX.min(), high = data.trainX.max();
    if (data.testX.n_rows > 0) {
        low = std::min(low, data.testX.min());
        high = std::max(high, data.testX.max());
    }
    if (!(high > low))
        high = low + 1.0;
    return arma::linspace(low, high, gridPoints);
}

Chart fitChart(const Network<double>& net, const Dataset& data, const arma::vec& grid,
               const std::string& at) {
    Chart chart{"fit", "Fit " + at, "x", "y", false, {}};
    chart.series.push_back({"training data", SeriesStyle::Points, toStd(data.trainX.col(0)),
                            toStd(data.trainY.col(0))});
    if (data.testX.n_rows > 0)
        chart.series.push_back({"ground truth (test)", SeriesStyle::Dashed,
                                toStd(data.testX.col(0)), toStd(data.testY.col(0))});
    const arma::vec prediction = net.predict(grid).col(0);
    chart.series.push_back({"prediction", SeriesStyle::Line, toStd(grid), toStd(prediction)});

    // Each first-layer unit: its piece out_w * act(w x + b) when the net has one hidden layer,
    // and its elbow at x = -b / w on the prediction, as the seeds' plot_relus.
    const Architecture& a = net.architecture();
    if (a.layers.size() < 2 || static_cast<std::size_t>(a.layers[0].units) > maxUnitPieces)
        return chart;
    const arma::mat w = net.weightTransposed(0); // 1 x units
    const arma::vec b = net.bias(0);
    const bool pieces = a.layers.size() == 2;
    const arma::mat out = net.weightTransposed(1); // units x 1
    Series elbows{"elbows", SeriesStyle::Markers, {}, {}};
    const double low = grid.front(), high = grid.back();
    for (arma::uword u = 0; u < b.n_elem; ++u) {
        if (pieces) {
            const Activation& activation = a.layers[0].activation;
            std::vector<double> piece(grid.n_elem);
            for (arma::uword i = 0; i < grid.n_elem; ++i)
                piece[i] = out(u, 0) * activation.apply(grid[i] * w(0, u) + b[u]);
            chart.series.push_back({"unit " + std::to_string(u), SeriesStyle::Dotted, toStd(grid),
                                    std::move(piece), false});
        }
        if (w(0, u) != 0.0) {
            const double e = -b[u] / w(0, u);
            if (e >= low && e <= high) {
                elbows.x.push_back(e);
                elbows.y.push_back(net.predict(arma::mat{e})(0, 0));
            }
        }
    }
    if (!elbows.x.empty())
        chart.series.push_back(std::move(elbows));
    return chart;
}

Chart errorsChart(const SnapshotSeries& s) {
    Chart chart{"errors", "Train and test error", "iteration", "loss", true, {}};
    Series train{"train (batch)", SeriesStyle::Line, {}, {}};
    Series test{"test", SeriesStyle::Line, {}, {}};
    for (std::size_t i = 0; i < s.count; ++i) {
        train.x.push_back(double(s.steps[i]));
        train.y.push_back(s.trainError[i]);
        if (std::isfinite(s.testError[i])) {
            test.x.push_back(double(s.steps[i]));
            test.y.push_back(s.testError[i]);
        }
    }
    chart.series.push_back(std::move(train));
    if (!test.x.empty())
        chart.series.push_back(std::move(test));
    return chart;
}

Chart gradientsChart(const SnapshotSeries& s) {
    Chart chart{"gradients", "Gradient norm per layer", "iteration", "||dL/dθ_layer||", true, {}};
    for (arma::uword l = 0; l < s.gradientNorms.n_rows; ++l) {
        Series layer{"layer " + std::to_string(l), SeriesStyle::Line, {}, {}};
        for (std::size_t i = 0; i < s.count; ++i) {
            layer.x.push_back(double(s.steps[i]));
            layer.y.push_back(s.gradientNorms(l, i));
        }
        chart.series.push_back(std::move(layer));
    }
    return chart;
}

Chart deadUnitsChart(const SnapshotSeries& s) {
    Chart chart{"dead_units", "Dead units per hidden layer", "iteration", "dead units", false, {}};
    for (arma::uword l = 0; l < s.deadUnits.n_rows; ++l) {
        if (s.count == 0 || s.deadUnits(l, 0) < 0)
            continue; // not a ReLU layer
        Series layer{"layer " + std::to_string(l), SeriesStyle::Line, {}, {}};
        for (std::size_t i = 0; i < s.count; ++i) {
            layer.x.push_back(double(s.steps[i]));
            layer.y.push_back(double(s.deadUnits(l, i)));
        }
        chart.series.push_back(std::move(layer));
    }
    return chart;
}

} // namespace

std::vector<Chart> runCharts(const RunRecord& run, const Dataset& data, long snapshot) {
    std::vector<Chart> charts;
    const SnapshotSeries& s = run.result.snapshots;
    const Architecture& a = run.settings.architecture;
    if (s.count == 0)
        return charts;
    const std::size_t index =
        snapshot < 0 ? s.count - 1 : std::min<std::size_t>(std::size_t(snapshot), s.count - 1);
    const std::string at = "at iteration " + std::to_string(s.steps[index]);
    const Network<double> net(a, arma::conv_to<arma::vec>::from(s.parameters.col(index)));
    const bool oneD = a.inputs == 1 && a.outputs() == 1;
    const arma::vec grid = oneD ? inputGrid(data) : arma::vec();

    if (oneD)
        charts.push_back(fitChart(net, data, grid, at));
    charts.push_back(errorsChart(s));
    charts.push_back(gradientsChart(s));
    Chart dead = deadUnitsChart(s);
    if (!dead.series.empty())
        charts.push_back(std::move(dead));

    if (a.outputs() == 1) {
        const JacobianSvd<double> svd = thinSvd(outputJacobian(net, data.trainX));
        Chart values{"singular_values",
                     "Singular values of the per-sample Jacobian " + at,
                     "index",
                     "singular value",
                     true,
                     {}};
        Series sv{"singular values", SeriesStyle::Points, {}, {}};
        for (arma::uword i = 0; i < svd.singularValues.n_elem; ++i) {
            sv.x.push_back(double(i));
            sv.y.push_back(svd.singularValues[i]);
        }
        values.series.push_back(std::move(sv));
        charts.push_back(std::move(values));
        if (oneD) {
            const arma::mat features = principalFeatures(
                net, svd, arma::mat(grid),
                std::min<std::size_t>(principalFeatureCount, svd.singularValues.n_elem));
            Chart principal{
                "principal_features", "Principal features (U·S) " + at, "x", "feature", false, {}};
            for (arma::uword c = 0; c < features.n_cols; ++c)
                principal.series.push_back({"feature " + std::to_string(c), SeriesStyle::Line,
                                            toStd(grid), toStd(features.col(c))});
            charts.push_back(std::move(principal));
        }
    }

    if (oneD && a.layers.size() >= 2) {
        const arma::mat hidden = penultimateFeatures(net, arma::mat(grid));
        Chart features{"hidden_features", "", "x", "unit output", false, {}};
        for (arma::uword u = 0; u < hidden.n_cols && u < maxUnitPieces; ++u)
            features.series.push_back({"unit " + std::to_string(u), SeriesStyle::Dotted,
                                       toStd(grid), toStd(hidden.col(u))});
        if (a.layers.back().activation.kind == ActivationKind::Identity) {
            Network<double> ridge = net;
            fitOutputLayerByRidge(ridge, data.trainX, data.trainY, 1e-5);
            features.series.push_back({"ridge fit", SeriesStyle::Line, toStd(grid),
                                       toStd(arma::vec(ridge.predict(arma::mat(grid)).col(0)))});
            std::string title = "Hidden features and ridge fit " + at;
            if (data.testX.n_rows > 0) {
                const double mse =
                    arma::accu(arma::square(ridge.predict(data.testX) - data.testY)) /
                    double(data.testY.n_elem);
                title += " (test MSE " + formatNumber(mse) + ")";
            }
            features.title = title;
        } else {
            features.title = "Hidden features " + at;
        }
        charts.push_back(std::move(features));
    }
    return charts;
}

Chart errorComparison(const Experiment& experiment) {
    Chart chart{
        "test_errors", "Test error: " + experiment.name, "iteration", "test loss", true, {}};
    for (const RunRecord& run : experiment.runs) {
        const SnapshotSeries& s = run.result.snapshots;
        Series series{run.label, SeriesStyle::Line, {}, {}};
        for (std::size_t i = 0; i < s.count; ++i) {
            const double e = std::isfinite(s.testError[i]) ? s.testError[i] : s.trainError[i];
            series.x.push_back(double(s.steps[i]));
            series.y.push_back(e);
        }
        chart.series.push_back(std::move(series));
    }
    return chart;
}

} // namespace relulab
