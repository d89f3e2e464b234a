#include "plots/elbowcharts.h"

#include "core/network.h"
#include "plots/gradientcharts.h"

#include <algorithm>
#include <cmath>

namespace relulab {

namespace {

constexpr std::size_t maxUnitLines = 256; // more would be a grey mass

bool hasFirstLayerBend(const Architecture& a) {
    return a.inputs == 1 && a.layers.size() >= 2 &&
           a.layers[0].activation.kind != ActivationKind::Identity;
}

// Where its bend is called an elbow (a kink) and where a centre (a smooth step).
bool kinked(const Architecture& a) {
    const ActivationKind kind = a.layers[0].activation.kind;
    return kind == ActivationKind::Relu || kind == ActivationKind::LeakyRelu ||
           kind == ActivationKind::Elu;
}

// The first layer's w and b at initialization (iteration 0) and at every snapshot.
struct FirstLayerHistory {
    std::vector<double> steps;
    std::vector<arma::vec> weights, biases; // per step: one entry per unit
};

FirstLayerHistory firstLayerHistory(const RunRecord& run) {
    const Architecture& a = run.settings.architecture;
    const SnapshotSeries& s = run.result.snapshots;
    FirstLayerHistory history;
    auto add = [&](double step, const arma::vec& parameters) {
        const Network<double> net(a, parameters);
        history.steps.push_back(step);
        history.weights.push_back(arma::vec(net.weightTransposed(0).row(0).t()));
        history.biases.push_back(net.bias(0));
    };
    if (!run.result.initialParameters.is_empty() && (s.count == 0 || s.steps[0] > 0))
        add(0.0, initialParameters(run));
    for (std::size_t i = 0; i < s.count; ++i)
        add(double(s.steps[i]), snapshotParameters(run, i));
    return history;
}

// One line per unit in the unit's colour of the chart's colour scale, as the fit draws its
// pieces and elbows; the scale, not a legend entry, names them.
void addUnitLines(Chart& chart, const FirstLayerHistory& history, std::size_t units, bool elbows) {
    const std::size_t shown = std::min(units, maxUnitLines);
    for (std::size_t u = 0; u < shown; ++u) {
        Series line{"unit " + std::to_string(u), SeriesStyle::Line, history.steps, {}};
        for (std::size_t t = 0; t < history.steps.size(); ++t) {
            const double w = history.weights[t][u], b = history.biases[t][u];
            line.y.push_back(!elbows ? w : w != 0.0 ? -b / w : NAN); // w = 0: no bend anywhere
        }
        line.scale = shown > 1 ? double(u) / double(shown - 1) : 0.0;
        line.inLegend = shown == 1;
        line.setsRange = !elbows; // an elbow gone to -1e3 would squash the others
        chart.series.push_back(std::move(line));
    }
    if (shown > 1) {
        chart.scaleLow = "unit 0";
        chart.scaleHigh = "unit " + std::to_string(shown - 1);
    }
    if (shown < units)
        chart.note =
            "the first " + std::to_string(shown) + " of " + std::to_string(units) + " units";
}

void appendNote(Chart& chart, const std::string& text) {
    chart.note += (chart.note.empty() ? "" : "; ") + text;
}

} // namespace

std::optional<Chart> elbowTrajectories(const RunRecord& run, const Dataset& data) {
    const Architecture& a = run.settings.architecture;
    if (!hasFirstLayerBend(a) || data.trainX.n_rows == 0)
        return std::nullopt;
    const FirstLayerHistory history = firstLayerHistory(run);
    if (history.steps.empty())
        return std::nullopt;
    const std::string bend = kinked(a) ? "elbow" : "centre";
    Chart chart{"elbow_trajectories",
                "Hidden 1's " + bend + "s x = -b/w over training",
                "iteration",
                bend + " x",
                false,
                {}};
    const double low = data.trainX.col(0).min(), high = data.trainX.col(0).max();
    const double margin = high > low ? high - low : 1.0;
    Series range{"training inputs' x range", SeriesStyle::Band, {}, {}};
    range.x = {history.steps.front(), history.steps.back()};
    range.y = {low, low};
    range.yUpper = {high, high};
    range.colour = 7; // grey, under the units
    range.faint = true;
    chart.series.push_back(std::move(range));
    const std::size_t units = history.biases.front().n_elem;
    addUnitLines(chart, history, units, true);
    chart.yLow = low - margin;
    chart.yHigh = high + margin;

    // Where the elbows ended: outside the view, or with no slope (no bend at all).
    std::size_t outside = 0, flat = 0;
    for (std::size_t u = 0; u < std::min(units, maxUnitLines); ++u) {
        const double w = history.weights.back()[u], b = history.biases.back()[u];
        if (w == 0.0)
            ++flat;
        else if (-b / w < chart.yLow || -b / w > chart.yHigh)
            ++outside;
    }
    if (outside > 0)
        appendNote(chart, std::to_string(outside) + " " + bend + (outside > 1 ? "s" : "") +
                              " beyond the view at the end");
    if (flat > 0)
        appendNote(chart, std::to_string(flat) + " unit" + (flat > 1 ? "s" : "") +
                              " with w = 0 at the end: no " + bend);
    return chart;
}

std::optional<Chart> slopeTrajectories(const RunRecord& run) {
    const Architecture& a = run.settings.architecture;
    if (!hasFirstLayerBend(a))
        return std::nullopt;
    const FirstLayerHistory history = firstLayerHistory(run);
    if (history.steps.empty())
        return std::nullopt;
    Chart chart{
        "slope_trajectories", "Hidden 1's slopes w over training", "iteration", "w", false, {}};
    chart.yCovers = {0.0}; // the sign of w says which side of its elbow a unit is on
    addUnitLines(chart, history, history.weights.front().n_elem, false);
    return chart;
}

} // namespace relulab
