#include "cli/benchlayercharts.h"

#include "core/initializer.h"
#include "plots/distributioncharts.h"
#include "plots/gradientcharts.h"

#include <algorithm>
#include <chrono>

namespace relulab::cli {

namespace {

using Clock = std::chrono::steady_clock;

double millisecondsSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// A run as training stores it: `snapshots` parameter vectors of the net, drifting from its
// initialization.
RunRecord syntheticRun(const Architecture& architecture, std::size_t snapshots) {
    RunRecord run;
    run.settings.architecture = architecture;
    run.settings.loss = LossKind::Mse;
    Network<double> net(architecture);
    initializeNetwork(net, {}, 1);
    SnapshotSeries& s = run.result.snapshots;
    s.parameters.set_size(net.parameterCount(), snapshots);
    arma::arma_rng::set_seed(2);
    for (std::size_t i = 0; i < snapshots; ++i) {
        s.steps.push_back(long(i) * 10);
        s.parameters.col(i) = arma::conv_to<arma::fvec>::from(
            net.parameters() + 0.01 * double(i) * arma::randn(net.parameterCount()));
    }
    s.count = snapshots;
    run.result.initialParameters = s.parameters.col(0);
    return run;
}

Dataset syntheticData(int inputs, arma::uword samples) {
    arma::arma_rng::set_seed(3);
    return {arma::randu(samples, arma::uword(inputs)), arma::randn(samples, 1), {}, {}};
}

} // namespace

LayerChartTimes measureLayerCharts() {
    LayerChartTimes times;
    const RunRecord small = syntheticRun(
        Architecture{
            1, {{40, Activation::relu()}, {40, Activation::relu()}, {1, Activation::identity()}}},
        151);
    const Dataset smallData = syntheticData(1, 200);
    const RunRecord wide = syntheticRun(
        Architecture{256, {{256, Activation::relu()}, {1, Activation::identity()}}}, 1);
    const Dataset wideData = syntheticData(256, 200);
    const Network<double> wideNet(wide.settings.architecture, snapshotParameters(wide, 0));
    for (int attempt = 0; attempt < 5; ++attempt) {
        auto start = Clock::now();
        const RunDistributions all = runDistributions(small, smallData);
        times.distributionsMs = std::min(times.distributionsMs, millisecondsSince(start));
        if (all.steps.size() != 151)
            times.distributionsMs = 1e300; // not what was asked for

        start = Clock::now();
        const LayerInspection layer =
            inspectLayers(wideNet, wideData.trainX, wideData.trainY, LossKind::Mse)[0];
        const Chart map =
            parameterMap(ParameterMapKind::Gradient, layer, layer, 0, 2, false, "at iteration 0");
        times.gradientMapMs = std::min(times.gradientMapMs, millisecondsSince(start));
        if (map.heatmaps.at(0).values.size() != 256 * 257)
            times.gradientMapMs = 1e300;
    }
    return times;
}

} // namespace relulab::cli
