#pragma once

#include "core/dataset.h"
#include "document/experiment.h"
#include "plots/chart.h"
#include "plots/errorcharts.h"
#include "plots/fitcharts.h"
#include "plots/gradientcharts.h"
#include "plots/runtables.h"

#include <array>
#include <string_view>
#include <vector>

namespace relulab {

// The app's chart panels, in the order they are shown; `relulab run --out` writes the same.
// Surface: what the net computes over a plane of its inputs (nets of 2 or more inputs);
// Predictions: the tables of its outputs and parameters (and a classifier's confusion).
enum class Panel {
    Fit,
    Surface,
    Errors,
    Predictions,
    Gradients,
    Distributions,
    PrincipalFeatures,
    DeadUnits,
    HiddenFeatures
};
inline constexpr std::array<Panel, 9> allPanels{Panel::Fit,
                                                Panel::Surface,
                                                Panel::Errors,
                                                Panel::Predictions,
                                                Panel::Gradients,
                                                Panel::Distributions,
                                                Panel::PrincipalFeatures,
                                                Panel::DeadUnits,
                                                Panel::HiddenFeatures};
std::string_view panelTitle(Panel panel);

// Whether the panel can show anything for a net of this shape (the fit needs one input and one
// output, the surface two inputs or more): the window hides the others.
bool panelApplies(Panel panel, const Architecture& architecture);

// What the panels show beyond the run itself.
struct ChartOptions {
    long snapshot = -1;             // the snapshot the panels are at; -1: the last one
    std::size_t inspectedLayer = 0; // the layer of the maps, distributions and dy/dθ features
    bool everyLayer = false;        // those charts for every layer instead, their ids naming it
    bool featureBiases = false;     // dy/dθ features of the layer's biases rather than weights
    ParameterMapKind weightMap = ParameterMapKind::Weights; // or their change since the start
    bool logMagnitude = false;     // maps of log10 |value| rather than signed values
    bool logSingularValues = true; // singular values on a log axis
    std::size_t principalFeatureCount = 4;
    std::size_t planeX = 0, planeY = 1; // the inputs the surface charts span
    bool handBuild = false; // the fit offers its elbows and pieces to drag (a net before training)
};

// One panel's charts for a run at a snapshot: those that apply (no fit for a 2-D input) and
// none for a run without snapshots. `data` is the run's data set. The Errors panel here is the
// run's own; errorsOverlay() puts several runs in one chart.
std::vector<Chart> panelCharts(Panel panel, const RunRecord& run, const Dataset& data,
                               const ChartOptions& options = {});

// The panel's tables (the Predictions panel's predictions and parameters), none for a run
// without snapshots.
std::vector<Table> panelTables(Panel panel, const RunRecord& run, const Dataset& data,
                               const ChartOptions& options = {});

// The run's name before each chart's title ("width 20: Fit at iteration 500"), so that a chart
// read alone, in a window or a file, says whose it is.
std::vector<Chart> titledWithRun(std::vector<Chart> charts, const RunRecord& run);

// Every panel's charts.
std::vector<Chart> runCharts(const RunRecord& run, const Dataset& data,
                             const ChartOptions& options = {});

// Every panel's charts at the last snapshot, the per-layer ones (maps, histograms,
// distributions, dy/dθ features) once for each layer, their ids ending in the layer's name
// ("gradient_map_hidden_2", "histogram_weights_output"): what `relulab run --out` writes.
std::vector<Chart> runChartsOfEveryLayer(const RunRecord& run, const Dataset& data);

} // namespace relulab
