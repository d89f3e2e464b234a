#pragma once

#include "document/experiment.h"
#include "plots/runcharts.h"

#include <optional>
#include <string>
#include <vector>

namespace relulab {

// What the charts panel asks for: the runs it shows and how. Computed on a worker thread, since
// a chart may need a Jacobian, its SVD or a ridge fit.
struct ChartRequest {
    std::optional<Panel> panel;  // a run's panel, or (none) every panel (export)
    bool compare = false;        // the panel's first chart for each run
    bool overlayErrors = false;  // the Errors panel: all runs in one chart
    std::vector<RunRecord> runs; // the selected run first, but for overlayErrors:
    // overlayErrors: the selected one's index in runs; compare: its place among the others in
    // the notebook's order (where one chart of them all puts it back)
    int selected = -1;
    // overlayErrors: the selected run whole, for the charts of its own beside the overlay
    // (a classifier's accuracy and confusion).
    std::optional<RunRecord> detail;
    // An experiment without runs: its net as initialized, before training (a run of 0 steps
    // made here, on the worker), drawn as a run in its place.
    std::optional<ExperimentSettings> preview;
    ChartOptions options;      // options.snapshot: of the selected run
    std::string baseDirectory; // for CSV data sets
};

struct ChartAnswer {
    std::vector<Chart> charts;
    std::vector<Table> tables;       // the panel's (or, for an export, the run's) tables
    std::vector<std::string> titles; // compare: each run's label
    std::string error;               // why there are no charts (a data set that cannot load)
};

// The preview's run label, before each of its charts' titles.
inline constexpr char previewLabel[] = "Before training";

ChartAnswer computeCharts(const ChartRequest& request);

} // namespace relulab
