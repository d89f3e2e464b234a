#include "plots/gradientcharts.h"

#include "core/architecture.h"
#include "core/diagnostics.h"
#include "core/training.h"
#include "plots/runtables.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace relulab {

namespace {

// A log axis cannot show a gradient of 0, and a layer that gets none is the news: the chart's
// note says which.
std::string zeroLayersNote(const std::vector<arma::uword>& layers, std::size_t layerCount,
                           const char* what) {
    if (layers.empty())
        return {};
    std::string list;
    for (arma::uword l : layers)
        list += (list.empty() ? "" : ", ") + layerDisplayName(l, layerCount);
    return list + ": " + what;
}

// The loss gradient's norm per layer on the whole training set.
std::vector<double> trainingSetGradientNorms(const RunRecord& run, const Dataset& data,
                                             const arma::vec& parameters) {
    const Network<double> net(run.settings.architecture, parameters);
    arma::vec gradient;
    lossAndGradient(net, data.trainX, data.trainY, run.settings.loss, gradient);
    return gradientNormPerLayer(net, gradient);
}

std::string shortNumber(double value) {
    std::ostringstream out;
    out.precision(2);
    out << value;
    return out.str();
}

} // namespace

std::vector<std::string> layerNames(std::size_t layerCount) {
    std::vector<std::string> names;
    for (std::size_t l = 0; l < layerCount; ++l)
        names.push_back(layerDisplayName(l, layerCount));
    return names;
}

arma::vec initialParameters(const RunRecord& run) {
    return arma::conv_to<arma::vec>::from(run.result.initialParameters.is_empty()
                                              ? arma::fvec(run.result.snapshots.parameters.col(0))
                                              : run.result.initialParameters);
}

arma::vec snapshotParameters(const RunRecord& run, std::size_t index) {
    return arma::conv_to<arma::vec>::from(run.result.snapshots.parameters.col(index));
}

Chart gradientsChart(const SnapshotSeries& s) {
    Chart chart{"gradients", "Gradient norm per layer", "iteration", "||dL/dθ_layer||", true, {}};
    chart.note = "of each step's batch";
    chart.logEvenIfNarrow = true;
    std::vector<arma::uword> zeroLayers;
    for (arma::uword l = 0; l < s.gradientNorms.n_rows; ++l) {
        Series layer{
            layerDisplayName(l, s.gradientNorms.n_rows), SeriesStyle::Line, snapshotSteps(s), {}};
        for (std::size_t i = 0; i < s.count; ++i)
            layer.y.push_back(s.gradientNorms(l, i));
        if (s.count > 0 && std::ranges::all_of(layer.y, [](double g) { return g == 0.0; }))
            zeroLayers.push_back(l);
        chart.series.push_back(std::move(layer));
    }
    const std::string zeros =
        zeroLayersNote(zeroLayers, s.gradientNorms.n_rows, "gradient 0 throughout");
    if (!zeros.empty())
        chart.note += "; " + zeros;
    return chart;
}

Chart gradientBars(const SnapshotSeries& s, std::size_t index, const std::string& at) {
    Chart chart{
        "gradient_bars", "Gradient norm per layer " + at, "layer", "||dL/dθ_layer||", true, {}};
    chart.xScale = AxisScale::Index;
    chart.xNames = layerNames(s.gradientNorms.n_rows);
    chart.logEvenIfNarrow = true;
    const bool both = index > 0;
    Series first{"iteration " + std::to_string(s.steps[0]), SeriesStyle::Bars, {}, {}};
    Series shown{"iteration " + std::to_string(s.steps[index]), SeriesStyle::Bars, {}, {}};
    first.colour = 7; // grey: where it started
    shown.colour = 0;
    if (both) {
        first.barWidth = shown.barWidth = 0.38;
        first.barOffset = -0.2;
        shown.barOffset = 0.2;
    }
    std::vector<arma::uword> zeroLayers;
    for (arma::uword l = 0; l < s.gradientNorms.n_rows; ++l) {
        first.x.push_back(double(l));
        first.y.push_back(s.gradientNorms(l, 0));
        shown.x.push_back(double(l));
        shown.y.push_back(s.gradientNorms(l, index));
        if (shown.y.back() == 0.0)
            zeroLayers.push_back(l);
    }
    chart.note = "of the step's batch";
    const std::string zeros = zeroLayersNote(zeroLayers, s.gradientNorms.n_rows, "gradient 0");
    if (!zeros.empty())
        chart.note += "; " + zeros;
    if (both)
        chart.series.push_back(std::move(first));
    chart.series.push_back(std::move(shown));
    return chart;
}

Chart depthProfile(const RunRecord& run, const Dataset& data, std::size_t index,
                   const std::string& at) {
    const SnapshotSeries& s = run.result.snapshots;
    const std::size_t layers = run.settings.architecture.layers.size();
    Chart chart{"depth_profile",
                "Gradient norm through the depth " + at,
                "layer",
                "||dL/dθ_layer||",
                true,
                {}};
    chart.xScale = AxisScale::Index;
    chart.xNames = layerNames(layers);
    chart.logEvenIfNarrow = true;
    const std::vector<double> start = trainingSetGradientNorms(run, data, initialParameters(run));
    const std::vector<double> now =
        trainingSetGradientNorms(run, data, snapshotParameters(run, index));
    Series initial{"at initialization", SeriesStyle::Dashed, {}, start};
    Series shown{"iteration " + std::to_string(s.steps[index]), SeriesStyle::Line, {}, now};
    initial.colour = 7;
    shown.colour = 0;
    std::vector<arma::uword> zeroLayers;
    for (std::size_t l = 0; l < layers; ++l) {
        initial.x.push_back(double(l));
        shown.x.push_back(double(l));
        if (now[l] == 0.0 || start[l] == 0.0)
            zeroLayers.push_back(l);
    }
    chart.note = "on the whole training set";
    const std::string zeros =
        zeroLayersNote(zeroLayers, layers, "gradient 0, marked at the axis's foot");
    if (!zeros.empty())
        chart.note += "; " + zeros;
    chart.series.push_back(std::move(initial));
    chart.series.push_back(std::move(shown));
    if (!zeroLayers.empty()) { // marked at the axis's foot: a dead layer's place is the news
        Series zero{"exactly 0", SeriesStyle::Markers, {}, {}};
        zero.onLogFloor = true;
        zero.setsRange = false;
        zero.colour = inkColour;
        for (arma::uword l : zeroLayers) {
            zero.x.push_back(double(l));
            zero.y.push_back(0.0);
        }
        chart.series.push_back(std::move(zero));
    }
    return chart;
}

Chart depthProfileOverlay(const std::vector<const RunRecord*>& runs,
                          const std::vector<const Dataset*>& data,
                          const std::vector<long>& snapshots, const std::string& title) {
    Chart chart{"depth_profile",   title, "layer from the input (each line ends at its output)",
                "||dL/dθ_layer||", true,  {}};
    chart.xScale = AxisScale::Count;
    chart.logEvenIfNarrow = true;
    chart.note = "on the whole training set; dashed: at initialization, solid: at the snapshot";
    for (std::size_t r = 0; r < runs.size(); ++r) {
        const RunRecord& run = *runs[r];
        const SnapshotSeries& s = run.result.snapshots;
        if (s.count == 0)
            continue;
        const std::size_t index =
            std::min(snapshots[r] < 0 ? s.count - 1 : std::size_t(snapshots[r]), s.count - 1);
        const std::vector<double> start =
            trainingSetGradientNorms(run, *data[r], initialParameters(run));
        const std::vector<double> now =
            trainingSetGradientNorms(run, *data[r], snapshotParameters(run, index));
        Series initial{run.label + " at initialization", SeriesStyle::Dashed, {}, start};
        Series shown{run.label, SeriesStyle::Line, {}, now};
        initial.colour = shown.colour = int(r);
        initial.inLegend = false; // one entry per run, as the note says
        for (std::size_t l = 0; l < start.size(); ++l) {
            initial.x.push_back(double(l + 1));
            shown.x.push_back(double(l + 1));
        }
        chart.series.push_back(std::move(initial));
        chart.series.push_back(std::move(shown));
    }
    return chart;
}

Chart parameterMap(ParameterMapKind kind, const LayerInspection& shown,
                   const LayerInspection& initial, std::size_t layer, std::size_t layerCount,
                   bool logMagnitude, const std::string& at) {
    const std::string name = layerDisplayName(layer, layerCount);
    arma::mat weights;
    arma::vec biases;
    std::string id, what;
    switch (kind) {
    case ParameterMapKind::Gradient:
        weights = shown.weightGradient;
        biases = shown.biasGradient;
        id = "gradient_map";
        what = "dL/dW and dL/db";
        break;
    case ParameterMapKind::Weights:
        weights = shown.weight;
        biases = shown.bias;
        id = "weight_map";
        what = "W and b";
        break;
    case ParameterMapKind::Change:
        weights = shown.weight - initial.weight;
        biases = shown.bias - initial.bias;
        id = "weight_change_map";
        what = "Change of W and b since initialization";
        break;
    }
    const std::size_t units = weights.n_rows, inputs = weights.n_cols;
    Chart chart{id, what + " of " + name + " " + at, "input", "unit", false, {}};
    chart.xScale = chart.yScale = AxisScale::Index;
    chart.yReversed = true; // unit 0 at the top, as the matrix prints
    const std::size_t columns = inputs + 1;
    chart.grid = {columns, units, -0.5, double(columns) - 0.5, -0.5, double(units) - 0.5};
    for (std::size_t i = 0; i < inputs; ++i)
        chart.xNames.push_back(layer == 0 ? "x" + std::to_string(i + 1) : std::to_string(i));
    chart.xNames.push_back("bias");
    if (layer > 0)
        chart.xLabel = "unit of " + layerDisplayName(layer - 1, layerCount) + ", then the bias";
    else
        chart.xLabel = "input, then the bias";

    Heatmap map{what, {}, {}};
    map.zeroApart = true;
    double largest = 0.0, smallestLog = INFINITY, largestLog = -INFINITY;
    std::size_t zeros = 0;
    std::vector<std::size_t> zeroUnits;
    for (std::size_t u = 0; u < units; ++u) {
        bool unitZero = true;
        for (std::size_t c = 0; c < columns; ++c) {
            const double v = c < inputs ? weights(u, c) : biases[u];
            map.values.push_back(v);
            largest = std::max(largest, std::abs(v));
            unitZero = unitZero && v == 0.0;
            zeros += v == 0.0;
            if (v != 0.0 && std::isfinite(v)) {
                smallestLog = std::min(smallestLog, std::log10(std::abs(v)));
                largestLog = std::max(largestLog, std::log10(std::abs(v)));
            }
        }
        if (unitZero)
            zeroUnits.push_back(u);
    }
    if (logMagnitude) {
        // log10 |v|: white at the smallest magnitude to full at the largest; 0 has none (grey).
        for (double& v : map.values) // no magnitude for 0: nan in the CSV, grey on the map
            v = v == 0.0 ? NAN : std::log10(std::abs(v));
        map.name = "log10 |" + what + "|";
        chart.title = "Magnitude (log10) of " + what + " of " + name + " " + at;
        if (!(smallestLog <= largestLog))
            smallestLog = largestLog = 0.0;
        smallestLog = std::max(smallestLog, largestLog - 12.0); // float32's digits and a few
        map.low = map.middle = smallestLog;
        map.high = largestLog > smallestLog ? largestLog : smallestLog + 1.0;
        map.highColour = 4;
        chart.scaleLow = "1e" + shortNumber(std::floor(map.low));
        chart.scaleHigh = "1e" + shortNumber(std::ceil(map.high));
    } else {
        const double span = largest > 0.0 ? largest : 1.0;
        map.low = -span;
        map.middle = 0.0;
        map.high = span;
        chart.scaleLow = "-" + shortNumber(span);
        chart.scaleHigh = shortNumber(span);
    }
    std::string note;
    if (!zeroUnits.empty()) {
        note = std::to_string(zeroUnits.size()) + " unit" + (zeroUnits.size() > 1 ? "s" : "") +
               " with every entry exactly 0 (grey)";
        if (kind == ParameterMapKind::Gradient)
            note += ": dead or cut off";
    } else if (zeros > 0) {
        note = std::to_string(zeros) + " entries exactly 0 (grey)";
    }
    // An update smaller than the stored number's last digit (float32's 1e-7 of the weight) is
    // lost on storing: the change reads exactly 0 though the gradient was not.
    if (kind == ParameterMapKind::Change && zeros > 0)
        note += ": not updated, or by less than the stored precision";
    chart.note = note;
    chart.heatmaps.push_back(std::move(map));
    return chart;
}

} // namespace relulab
