#include "plots/distributioncharts.h"

#include "core/architecture.h"
#include "core/diagnostics.h"
#include "plots/gradientcharts.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace relulab {

namespace {

constexpr std::size_t histogramBins = 30;

// At most `most` of `count` snapshots, evenly spread, the first and the last among them.
std::vector<std::size_t> spreadSnapshots(std::size_t count, std::size_t most) {
    std::vector<std::size_t> chosen;
    if (count == 0)
        return chosen;
    most = std::max<std::size_t>(most, 2);
    if (count <= most) {
        for (std::size_t i = 0; i < count; ++i)
            chosen.push_back(i);
        return chosen;
    }
    for (std::size_t k = 0; k < most; ++k)
        chosen.push_back(
            std::size_t(std::llround(double(k) * double(count - 1) / double(most - 1))));
    return chosen;
}

std::string sampledNote(std::size_t shown, std::size_t total) {
    return shown < total ? std::to_string(shown) + " of the run's " + std::to_string(total) +
                               " snapshots, evenly spread"
                         : std::string();
}

} // namespace

std::string_view quantityName(LayerQuantity quantity) {
    return layerQuantities[std::size_t(quantity)].name;
}

std::string_view quantityId(LayerQuantity quantity) {
    return layerQuantities[std::size_t(quantity)].id;
}

std::vector<double> quantityValues(const LayerInspection& layer, LayerQuantity quantity) {
    const arma::mat& m = quantity == LayerQuantity::Weights          ? layer.weight
                         : quantity == LayerQuantity::Gradients      ? layer.weightGradient
                         : quantity == LayerQuantity::PreActivations ? layer.preActivations
                                                                     : layer.activations;
    return {m.begin(), m.end()};
}

Chart histogramChart(const LayerInspection& inspected, LayerQuantity quantity, std::size_t layer,
                     std::size_t layerCount, const std::string& at) {
    const std::string what(quantityName(quantity));
    Chart chart{"histogram_" + std::string(quantityId(quantity)),
                "Histogram of " + layerDisplayName(layer, layerCount) + "'s " + what + " " + at,
                what,
                "count",
                false,
                {}};
    chart.yScale = AxisScale::Count;
    chart.yCovers = {0.0};
    const std::vector<double> values = quantityValues(inspected, quantity);
    const Histogram h = histogram(values, histogramBins);
    Series bars{what, SeriesStyle::Bars, {}, {}};
    bars.colour = int(quantity);
    bars.inLegend = false; // the x axis names it
    if (!h.counts.empty())
        bars.barWidth = h.edges[1] - h.edges[0];
    for (std::size_t b = 0; b < h.counts.size(); ++b) {
        bars.x.push_back((h.edges[b] + h.edges[b + 1]) / 2.0);
        bars.y.push_back(double(h.counts[b]));
    }
    chart.note =
        std::to_string(values.size()) + " values in " + std::to_string(h.counts.size()) + " bins";
    if (h.nonFinite > 0)
        chart.note += "; " + std::to_string(h.nonFinite) + " not finite, left out";
    if (!bars.x.empty())
        chart.series.push_back(std::move(bars));
    return chart;
}

RunDistributions runDistributions(const RunRecord& run, const Dataset& data,
                                  std::size_t maxSnapshots) {
    const SnapshotSeries& s = run.result.snapshots;
    const std::vector<std::size_t> chosen = spreadSnapshots(s.count, maxSnapshots);
    RunDistributions out;
    out.snapshotsInRun = s.count;
    out.layers.resize(run.settings.architecture.layers.size());
    for (auto& layer : out.layers)
        for (auto& quantity : layer)
            quantity.resize(chosen.size());
    for (std::size_t index : chosen)
        out.steps.push_back(double(s.steps[index]));
    // Snapshots apart from each other: one forward and backward pass each, on any thread.
    tbb::parallel_for(std::size_t(0), chosen.size(), [&](std::size_t k) {
        const Network<double> net(run.settings.architecture, snapshotParameters(run, chosen[k]));
        const std::vector<LayerInspection> layers =
            inspectLayers(net, data.trainX, data.trainY, run.settings.loss);
        for (std::size_t l = 0; l < layers.size(); ++l)
            for (std::size_t q = 0; q < layerQuantities.size(); ++q)
                out.layers[l][q][k] =
                    percentiles(quantityValues(layers[l], layerQuantities[q].kind));
    });
    return out;
}

Chart distributionChart(const RunDistributions& distributions, LayerQuantity quantity,
                        std::size_t layer, std::size_t layerCount) {
    const std::string what(quantityName(quantity));
    Chart chart{"distribution_" + std::string(quantityId(quantity)),
                "Distribution of " + layerDisplayName(layer, layerCount) + "'s " + what,
                "iteration",
                what,
                false,
                {}};
    if (layer >= distributions.layers.size())
        return chart;
    const std::vector<Percentiles>& p = distributions.layers[layer][std::size_t(quantity)];
    // Outer bands first, so that the inner ones lie on top: 0-100, 7-93, 16-84, then 50.
    const std::array<const char*, 3> bandNames{"min - max", "7 - 93%", "16 - 84%"};
    for (std::size_t band = 0; band < 3; ++band) {
        Series area{bandNames[band], SeriesStyle::Band, distributions.steps, {}};
        area.colour = int(quantity);
        area.faint = band == 0;
        for (const Percentiles& at : p) {
            area.y.push_back(at[band]);
            area.yUpper.push_back(at[at.size() - 1 - band]);
        }
        chart.series.push_back(std::move(area));
    }
    Series median{"median", SeriesStyle::Line, distributions.steps, {}};
    median.colour = int(quantity);
    for (const Percentiles& at : p)
        median.y.push_back(at[3]);
    chart.series.push_back(std::move(median));
    chart.note = sampledNote(distributions.steps.size(), distributions.snapshotsInRun);
    return chart;
}

Chart saturationChart(const RunRecord& run, const Dataset& data, std::size_t maxSnapshots) {
    const SnapshotSeries& s = run.result.snapshots;
    const Architecture& a = run.settings.architecture;
    Chart chart{"saturation", "Dead and saturated units per hidden layer",
                "iteration",  "% of the layer's units",
                false,        {}};
    chart.yLow = -4.0; // a little air: a line at 0 or 100% stays off the frame
    chart.yHigh = 104.0;
    chart.note = "dead: ReLU slope 0 on every training sample; saturated: slope below " + [] {
        std::ostringstream t;
        t << saturatedSlope;
        return t.str();
    }() + " on over half of them";
    const std::vector<std::size_t> chosen = spreadSnapshots(s.count, maxSnapshots);
    std::vector<Series> layers(a.layers.size() > 0 ? a.layers.size() - 1 : 0);
    for (std::size_t l = 0; l < layers.size(); ++l) {
        const ActivationKind kind = a.layers[l].activation.kind;
        const ActivationDescriptor* d = activationKinds.find(kind);
        layers[l].name = layerDisplayName(l, a.layers.size()) +
                         (kind == ActivationKind::Relu ? " dead" : " saturated");
        layers[l].colour = int(l);
        if (kind != ActivationKind::Relu && !(d && d->saturates))
            layers[l].name.clear(); // can neither die nor saturate
    }
    for (std::size_t index : chosen) {
        ForwardPass<double> pass;
        std::vector<std::optional<double>> saturated;
        const bool anySaturating = std::ranges::any_of(layers, [&](const Series& series) {
            return !series.name.empty() && series.name.ends_with("saturated");
        });
        if (anySaturating) {
            const Network<double> net(a, snapshotParameters(run, index));
            net.forward(data.trainX, pass);
            saturated = saturatedFractions(net, pass);
        }
        for (std::size_t l = 0; l < layers.size(); ++l) {
            if (layers[l].name.empty())
                continue;
            double share = NAN;
            if (a.layers[l].activation.kind == ActivationKind::Relu) {
                if (l < s.deadUnits.n_rows && s.deadUnits(l, index) >= 0)
                    share = double(s.deadUnits(l, index)) / double(a.layers[l].units);
            } else if (l < saturated.size() && saturated[l]) {
                share = *saturated[l];
            }
            layers[l].x.push_back(double(s.steps[index]));
            layers[l].y.push_back(100.0 * share);
        }
    }
    for (Series& layer : layers)
        if (!layer.name.empty())
            chart.series.push_back(std::move(layer));
    const std::string sampled = sampledNote(chosen.size(), s.count);
    if (!sampled.empty())
        chart.note += "; " + sampled;
    return chart;
}

} // namespace relulab
