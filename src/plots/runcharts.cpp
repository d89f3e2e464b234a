#include "plots/runcharts.h"

#include "core/activation.h"
#include "core/classification.h"
#include "core/diagnostics.h"
#include "core/jacobian.h"
#include "core/linearregions.h"
#include "core/network.h"
#include "core/ridge.h"
#include "plots/classifiercharts.h"
#include "plots/distributioncharts.h"
#include "plots/elbowcharts.h"
#include "plots/errorcharts.h"
#include "plots/gradientcharts.h"
#include "plots/regioncharts.h"
#include "plots/surfacecharts.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace relulab {

namespace {

constexpr std::size_t maxUnitPieces = 64;
constexpr std::size_t principalFeatureCount = 4;
// Singular values at most this fraction of the largest are zero to rounding: the fast SVD's
// zero directions come out at 1e-13 to 1e-10 of the largest (core/jacobian.h), and float32
// parameters resolve no more than 1e-7.
constexpr double numericalRankTolerance = 1e-9;

std::vector<double> toStd(const arma::vec& v) {
    return {v.begin(), v.end()};
}

std::string formatNumber(double value) {
    std::ostringstream out;
    out.precision(4);
    out << value;
    return out.str();
}

// dy/dθ for each weight (or bias) of one layer as a function of x: the features of the
// linearized net that training that layer alone moves along (the homework's part (a)).
Chart parameterFeatures(const Network<double>& net, const arma::vec& grid, std::size_t layer,
                        bool biases, const std::string& id, const std::string& at) {
    const LayerSlice& slice = net.slices()[layer];
    const std::string what = biases ? "b" : "W";
    Chart chart{
        id,    "dy/d" + what + " of " + layerDisplayName(layer, net.slices().size()) + " " + at,
        "x",   "dy/d" + what,
        false, {}};
    const arma::mat jacobian = outputJacobian(net, arma::mat(grid));
    const std::size_t begin = biases ? slice.biasOffset : slice.weightOffset;
    const std::size_t count = std::min(biases ? slice.units : slice.weightCount(), maxUnitPieces);
    // One colour scale over the parameters rather than a legend that cannot hold them.
    for (std::size_t p = 0; p < count; ++p) {
        Series feature{what + "[" + std::to_string(p) + "]",
                       SeriesStyle::Line,
                       toStd(grid),
                       toStd(jacobian.col(begin + p)),
                       true,
                       false};
        feature.scale = count > 1 ? double(p) / double(count - 1) : 0.0;
        chart.series.push_back(std::move(feature));
    }
    if (count > 1) {
        chart.scaleLow = what + "[0]";
        chart.scaleHigh = what + "[" + std::to_string(count - 1) + "]";
    }
    return chart;
}

Chart deadUnitsChart(const SnapshotSeries& s, const Architecture& architecture) {
    Chart chart{"dead_units", "Dead units per hidden layer", "iteration", "dead units", false, {}};
    chart.yScale = AxisScale::Count;
    chart.yCovers = {0.0};
    for (arma::uword l = 0; l < s.deadUnits.n_rows; ++l) {
        if (s.count == 0 || s.deadUnits(l, 0) < 0)
            continue; // not a ReLU layer
        Series layer{layerDisplayName(l, architecture.layers.size()),
                     SeriesStyle::Line,
                     snapshotSteps(s),
                     {}};
        for (std::size_t i = 0; i < s.count; ++i)
            layer.y.push_back(double(s.deadUnits(l, i)));
        chart.series.push_back(std::move(layer));
        chart.yCovers.push_back(double(architecture.layers[l].units)); // all of them dead
    }
    return chart;
}

// Which units of each ReLU layer are dead on the training set: a map, unit against layer.
Chart deadUnitMap(const Network<double>& net, const Dataset& data, const std::string& at) {
    Chart chart{"dead_unit_map", "Dead ReLUs " + at, "unit", "layer", false, {}};
    chart.xScale = AxisScale::Index;
    chart.yScale = AxisScale::Index;
    chart.yNames = layerNames(net.architecture().layers.size());
    ForwardPass<double> pass;
    net.forward(data.trainX, pass);
    const auto dead = deadUnits(net, pass);
    Series alive{"alive", SeriesStyle::Points, {}, {}};
    Series gone{"dead", SeriesStyle::Markers, {}, {}};
    for (std::size_t l = 0; l < dead.size(); ++l) {
        if (!dead[l])
            continue;
        for (std::size_t u = 0; u < dead[l]->size(); ++u) {
            Series& into = (*dead[l])[u] ? gone : alive;
            into.x.push_back(double(u));
            into.y.push_back(double(l));
        }
    }
    if (alive.x.empty() && gone.x.empty())
        return chart;
    chart.series.push_back(std::move(alive));
    chart.series.push_back(std::move(gone));
    return chart;
}

std::vector<Chart> principalFeatureCharts(const Network<double>& net, const Dataset& data,
                                          const arma::vec& grid, const ChartOptions& options,
                                          const std::string& at) {
    const JacobianSvd<double> svd = jacobianSvd(net, data.trainX);
    Chart values{"singular_values", "Jacobian singular values " + at, "index",
                 "singular value",  options.logSingularValues,        {}};
    values.xScale = AxisScale::Index;
    values.logEvenIfNarrow = true; // the user's choice
    // Directions the Jacobian does not have come out near zero, not at zero: apart from the
    // others, hollow under the rank's line, so that the numerical rank reads off the chart.
    const double largest = svd.singularValues.is_empty() ? 0.0 : svd.singularValues.max();
    const double tolerance = numericalRankTolerance * largest;
    Series sv{"singular values", SeriesStyle::Points, {}, {}};
    Series zeros{"zero to rounding", SeriesStyle::Rings, {}, {}};
    zeros.markerSize = 7.0;
    std::size_t exactZeros = 0;
    for (arma::uword i = 0; i < svd.singularValues.n_elem; ++i) {
        const double value = svd.singularValues[i];
        Series& into = value > tolerance ? sv : zeros;
        into.x.push_back(double(i));
        into.y.push_back(value);
        exactZeros += value == 0.0 ? 1 : 0;
    }
    const std::size_t rank = sv.x.size();
    if (largest > 0.0 && !zeros.x.empty()) {
        values.series.push_back({"rank tolerance (1e-9 of the largest)",
                                 SeriesStyle::Dashed,
                                 {-0.5, double(svd.singularValues.n_elem) - 0.5},
                                 {tolerance, tolerance}});
        values.series.back().colour = inkColour;
    }
    values.note = "numerical rank " + std::to_string(rank) + " of " +
                  std::to_string(svd.singularValues.n_elem);
    if (exactZeros > 0 && options.logSingularValues)
        values.note += "; " + std::to_string(exactZeros) + " exactly 0, off the log axis";
    values.series.push_back(std::move(sv));
    if (!zeros.x.empty())
        values.series.push_back(std::move(zeros));
    std::vector<Chart> charts{std::move(values)};
    if (grid.is_empty())
        return charts;
    const arma::mat features = principalFeatures(
        net, svd, arma::mat(grid),
        std::min<std::size_t>(options.principalFeatureCount, svd.singularValues.n_elem));
    Chart principal{
        "principal_features", "Principal features (U·S) " + at, "x", "feature", false, {}};
    for (arma::uword c = 0; c < features.n_cols; ++c)
        principal.series.push_back({"feature " + std::to_string(c), SeriesStyle::Line, toStd(grid),
                                    toStd(features.col(c))});
    charts.push_back(std::move(principal));
    return charts;
}

Chart hiddenFeatures(const Network<double>& net, const Dataset& data, const arma::vec& grid,
                     const std::string& at) {
    const Architecture& a = net.architecture();
    const arma::mat hidden = penultimateFeatures(net, arma::mat(grid));
    Chart features{"hidden_features", "Hidden features " + at, "x", "unit output", false, {}};
    const arma::uword shown = std::min<arma::uword>(hidden.n_cols, maxUnitPieces);
    for (arma::uword u = 0; u < shown; ++u) {
        Series unit{u == 0 ? "hidden units" : "unit " + std::to_string(u),
                    SeriesStyle::Dotted,
                    toStd(grid),
                    toStd(hidden.col(u)),
                    true,
                    u == 0};
        unit.scale = shown > 1 ? double(u) / double(shown - 1) : 0.0;
        features.series.push_back(std::move(unit));
    }
    if (shown > 1) {
        features.scaleLow = "unit 0";
        features.scaleHigh = "unit " + std::to_string(shown - 1);
    }
    if (a.layers.back().activation.kind != ActivationKind::Identity)
        return features;
    Network<double> ridge = net;
    fitOutputLayerByRidge(ridge, data.trainX, data.trainY, 1e-5);
    features.series.push_back({"ridge fit", SeriesStyle::Line, toStd(grid),
                               toStd(arma::vec(ridge.predict(arma::mat(grid)).col(0))), true, true,
                               inkColour});
    features.title = "Hidden features and ridge fit " + at;
    if (data.testX.n_rows > 0) {
        const double mse = arma::accu(arma::square(ridge.predict(data.testX) - data.testY)) /
                           double(data.testY.n_elem);
        features.title += " (test MSE " + formatNumber(mse) + ")";
    }
    return features;
}

} // namespace

std::string_view panelTitle(Panel panel) {
    switch (panel) {
    case Panel::Fit:
        return "Fit";
    case Panel::Surface:
        return "Decision surface";
    case Panel::Predictions:
        return "Predictions";
    case Panel::Errors:
        return "Errors";
    case Panel::Gradients:
        return "Gradients";
    case Panel::Distributions:
        return "Distributions";
    case Panel::PrincipalFeatures:
        return "Principal features";
    case Panel::DeadUnits:
        return "Dead and saturated";
    case Panel::HiddenFeatures:
        return "Hidden features";
    }
    return {};
}

bool panelApplies(Panel panel, const Architecture& a) {
    const bool oneD = a.inputs == 1 && a.outputs() == 1;
    switch (panel) {
    case Panel::Fit:
        return oneD;
    case Panel::Surface:
        return a.inputs >= 2;
    case Panel::PrincipalFeatures:
        return a.outputs() == 1;
    case Panel::HiddenFeatures:
        return oneD && a.layers.size() >= 2;
    case Panel::DeadUnits: // ReLUs can die, sigmoids and the like saturate; others neither
        return std::any_of(a.layers.begin(), a.layers.end() - 1, [](const LayerSpec& layer) {
            const ActivationDescriptor* kind = activationKinds.find(layer.activation.kind);
            return layer.activation.kind == ActivationKind::Relu || (kind && kind->saturates);
        });
    case Panel::Errors:
    case Panel::Predictions:
    case Panel::Gradients:
    case Panel::Distributions:
        break;
    }
    return true;
}

namespace {

// The layers whose maps, histograms and features a panel shows: the one inspected, or all.
std::vector<std::size_t> shownLayers(const ChartOptions& options, const Architecture& a) {
    std::vector<std::size_t> layers;
    for (std::size_t l = 0; l < a.layers.size(); ++l)
        if (options.everyLayer || l == std::min(options.inspectedLayer, a.layers.size() - 1))
            layers.push_back(l);
    return layers;
}

// A per-layer chart marked with its layer; with every layer shown its id names it
// ("gradient_map_hidden_2"), so that the files of all the layers sit side by side.
Chart ofLayer(Chart chart, std::size_t layer, const ChartOptions& options, const Architecture& a) {
    chart.layer = layer;
    if (options.everyLayer) {
        std::string name = layerDisplayName(layer, a.layers.size());
        std::replace(name.begin(), name.end(), ' ', '_');
        chart.id += "_" + name;
    }
    return chart;
}

std::vector<Chart> chartsOfPanel(Panel panel, const RunRecord& run, const Dataset& data,
                                 const ChartOptions& options) {
    const SnapshotSeries& s = run.result.snapshots;
    const Architecture& a = run.settings.architecture;
    if (s.count == 0)
        return {};
    const std::size_t index = snapshotIndex(s, options.snapshot);
    const std::string at = "at iteration " + std::to_string(s.steps[index]);
    const Network<double> net(a, arma::conv_to<arma::vec>::from(s.parameters.col(index)));
    const bool oneD = a.inputs == 1 && a.outputs() == 1;
    const arma::vec grid = oneD ? inputGrid(data) : arma::vec();
    if (!panelApplies(panel, a))
        return {};

    switch (panel) {
    case Panel::Fit: {
        std::vector<Chart> charts{fitChart(net, data, grid, at, options.handBuild)};
        if (s.count < 2) // a net before training (a preview, a run of 0 steps): no history
            return charts;
        if (isPiecewiseLinear(a))
            charts.push_back(regionCountChart(run, std::nullopt, grid.front(), grid.back()));
        for (std::optional<Chart> units : {elbowTrajectories(run, data), slopeTrajectories(run)})
            if (units)
                charts.push_back(std::move(*units));
        return charts;
    }
    case Panel::Surface: {
        const std::size_t inputs = std::size_t(a.inputs);
        const std::size_t px = std::min(options.planeX, inputs - 1);
        std::size_t py = std::min(options.planeY, inputs - 1);
        if (py == px)
            py = px == 0 ? 1 : 0;
        const InputPlane plane = inputPlane(data, px, py);
        std::vector<Chart> charts{decisionSurfaceChart(net, run.settings.loss, data, plane, at)};
        if (a.layers.size() > 1)
            charts.push_back(unitMapsChart(net, plane, at));
        if (isPiecewiseLinear(a)) {
            charts.push_back(linearRegionsChart(net, run.settings.loss, plane, at));
            charts.push_back(regionCountChart(run, plane, 0.0, 0.0));
        }
        return charts;
    }
    case Panel::Errors: {
        std::vector<Chart> charts{errorsChart(s)};
        if (!isClassification(run.settings.loss))
            return charts;
        charts.push_back(accuracyChart(s));
        return charts;
    }
    case Panel::Predictions: {
        std::vector<Chart> charts;
        if (!isClassification(run.settings.loss))
            return charts;
        charts.push_back(confusionChart(net, run.settings.loss, data.trainX, data.trainY, "train",
                                        "confusion", at));
        if (data.testX.n_rows > 0)
            charts.push_back(confusionChart(net, run.settings.loss, data.testX, data.testY, "test",
                                            "confusion_test", at));
        return charts;
    }
    case Panel::Gradients: {
        // Where along the depth the gradient vanishes first: the lesson at a glance.
        std::vector<Chart> charts{depthProfile(run, data, index, at), gradientsChart(s),
                                  gradientBars(s, index, at)};
        const Network<double> initialNet(a, initialParameters(run));
        const std::vector<LayerInspection> shown =
            inspectLayers(net, data.trainX, data.trainY, run.settings.loss);
        const std::vector<LayerInspection> initial =
            inspectLayers(initialNet, data.trainX, data.trainY, run.settings.loss);
        for (std::size_t layer : shownLayers(options, a)) {
            std::vector<Chart> own{parameterMap(ParameterMapKind::Gradient, shown[layer],
                                                initial[layer], layer, a.layers.size(),
                                                options.logMagnitude, at),
                                   parameterMap(options.weightMap, shown[layer], initial[layer],
                                                layer, a.layers.size(), options.logMagnitude, at)};
            if (oneD) {
                own.push_back(parameterFeatures(initialNet, grid, layer, options.featureBiases,
                                                "parameter_features_init", "at initialization"));
                own.push_back(parameterFeatures(net, grid, layer, options.featureBiases,
                                                "parameter_features", at));
            }
            for (Chart& chart : own)
                charts.push_back(ofLayer(std::move(chart), layer, options, a));
        }
        return charts;
    }
    case Panel::Distributions: {
        const std::vector<LayerInspection> shown =
            inspectLayers(net, data.trainX, data.trainY, run.settings.loss);
        const RunDistributions distributions = runDistributions(run, data);
        std::vector<Chart> charts;
        for (std::size_t layer : shownLayers(options, a))
            for (const LayerQuantityDescriptor& q : layerQuantities) { // histogram, evolution
                charts.push_back(
                    ofLayer(histogramChart(shown[layer], q.kind, layer, a.layers.size(), at), layer,
                            options, a));
                charts.push_back(
                    ofLayer(distributionChart(distributions, q.kind, layer, a.layers.size()), layer,
                            options, a));
            }
        return charts;
    }
    case Panel::PrincipalFeatures:
        return principalFeatureCharts(net, data, grid, options, at);
    case Panel::DeadUnits: {
        std::vector<Chart> charts{saturationChart(run, data)};
        Chart counts = deadUnitsChart(s, a);
        if (counts.series.empty())
            return charts;
        charts.push_back(std::move(counts));
        charts.push_back(deadUnitMap(net, data, at));
        return charts;
    }
    case Panel::HiddenFeatures:
        return {hiddenFeatures(net, data, grid, at)};
    }
    return {};
}

} // namespace

std::vector<Chart> panelCharts(Panel panel, const RunRecord& run, const Dataset& data,
                               const ChartOptions& options) {
    std::vector<Chart> charts = chartsOfPanel(panel, run, data, options);
    const SnapshotSeries& s = run.result.snapshots;
    if (s.count == 0)
        return charts;
    const std::size_t index = snapshotIndex(s, options.snapshot);
    for (Chart& chart : charts) // time series: where the scrubber is
        if (chart.xLabel == "iteration")
            chart.xMarker = double(s.steps[index]);
    return charts;
}

std::vector<Table> panelTables(Panel panel, const RunRecord& run, const Dataset& data,
                               const ChartOptions& options) {
    if (panel != Panel::Predictions || run.result.snapshots.count == 0)
        return {};
    return {predictionTable(run, data, options.snapshot),
            parameterTable(run, data, options.snapshot)};
}

std::vector<Chart> titledWithRun(std::vector<Chart> charts, const RunRecord& run) {
    if (!run.label.empty())
        for (Chart& chart : charts)
            chart.title = run.label + ": " + chart.title;
    return charts;
}

std::vector<Chart> runCharts(const RunRecord& run, const Dataset& data,
                             const ChartOptions& options) {
    std::vector<Chart> charts;
    for (Panel panel : allPanels)
        for (Chart& chart : panelCharts(panel, run, data, options))
            charts.push_back(std::move(chart));
    return charts;
}

std::vector<Chart> runChartsOfEveryLayer(const RunRecord& run, const Dataset& data) {
    ChartOptions options;
    options.everyLayer = true;
    return runCharts(run, data, options);
}

} // namespace relulab
