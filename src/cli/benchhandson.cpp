#include "cli/benchhandson.h"

#include "document/handbuild.h"
#include "document/templates.h"
#include "plots/chartdrawing.h"
#include "plots/runcharts.h"

#include <QImage>

#include <algorithm>
#include <chrono>

namespace relulab::cli {

namespace {

using Clock = std::chrono::steady_clock;

double millisecondsSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct SeedNet {
    std::string name;
    ExperimentSettings settings;
};

// The seeds' nets as the templates make them: seed 003's hand-set units and 64-unit net, seed
// 000's 1-40-1 net (all layers training), and the deep nets of the dead-ReLU and vanishing-gradient
// lessons.
std::vector<SeedNet> seedNets() {
    std::vector<SeedNet> nets;
    for (const auto& [name, experiment] : {std::pair{"relu-sum", 3},
                                           {"relu-sum", 4},
                                           {"linearized-features", 1},
                                           {"dead-relu", 0},
                                           {"vanishing-gradients", 0}}) {
        const Notebook notebook = makeTemplate(name);
        const std::size_t e = std::min(std::size_t(experiment), notebook.experiments.size() - 1);
        const Experiment& chosen = notebook.experiments[e];
        ExperimentSettings settings = chosen.settings;
        if (std::string(name) == "linearized-features")
            settings.architecture.layers[0].units = 40; // its width sweep's widest
        nets.push_back({std::string(name) + " / " + chosen.name, settings});
    }
    return nets;
}

// Best of `tries` times of `work`, in ms; 1e300 when it ever fails to give what it should.
template <typename Work> double bestOf(int tries, Work work) {
    double best = 1e300;
    for (int attempt = 0; attempt < tries; ++attempt) {
        const auto start = Clock::now();
        const bool gave = work();
        best = std::min(best, millisecondsSince(start));
        if (!gave)
            return 1e300;
    }
    return best;
}

} // namespace

HandsOnTimes measureHandsOn() {
    HandsOnTimes times{0.0, {}, 0.0, {}};
    for (const SeedNet& net : seedNets()) {
        const Dataset data = generateDataset(net.settings.dataset);
        for (Panel panel : allPanels) {
            if (!panelApplies(panel, net.settings.architecture))
                continue;
            const double ms = bestOf(3, [&] {
                const RunRecord run = untrainedRun(net.settings, {}, "preview");
                return !panelCharts(panel, run, data).empty() ||
                       !panelTables(panel, run, data).empty();
            });
            if (ms > times.previewMs) {
                times.previewMs = ms;
                times.previewCase = net.name + ": " + std::string(panelTitle(panel));
            }
        }
        const Architecture& a = net.settings.architecture;
        if (a.inputs != 1 || a.outputs() != 1 || a.layers.size() != 2)
            continue; // the hand-built nets: one hidden layer on 1-D input
        ChartOptions options;
        options.handBuild = true;
        double x = 0.0;
        const double ms = bestOf(5, [&] {
            const ExperimentSettings moved = withElbowAt(net.settings, 0, x += 0.01);
            const RunRecord run = untrainedRun(moved, {}, "preview");
            const std::vector<Chart> charts = panelCharts(Panel::Fit, run, data, options);
            // Drawn as the window redraws it, on a page of a 1366 x 768 screen.
            const QImage drawn = renderChart(charts.front(), {760, 540});
            return !charts.empty() && !charts.front().handles.empty() && !drawn.isNull();
        });
        if (ms > times.dragMs) {
            times.dragMs = ms;
            times.dragCase = net.name;
        }
    }
    return times;
}

} // namespace relulab::cli
