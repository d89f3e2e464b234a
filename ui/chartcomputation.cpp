#include "chartcomputation.h"

#include "core/datasetspec.h"
#include "document/handbuild.h"

#include <algorithm>
#include <deque>

namespace relulab {

namespace {

// Where run `run` is when the selected run is at snapshot `selected` of `selectedCount`: the
// same fraction of its own snapshots (runs of one sweep snapshot at the same steps).
long snapshotFor(const RunRecord& run, long selected, std::size_t selectedCount) {
    const std::size_t count = run.result.snapshots.count;
    if (selected < 0 || selectedCount <= 1 || count == 0)
        return -1;
    return long(double(selected) / double(selectedCount - 1) * double(count - 1) + 0.5);
}

} // namespace

ChartAnswer computeCharts(const ChartRequest& request) {
    if (request.preview && request.runs.empty()) {
        ChartRequest own = request;
        try {
            own.runs.push_back(untrainedRun(*request.preview, request.baseDirectory, previewLabel));
        } catch (const std::exception& error) {
            return ChartAnswer{{}, {}, {}, error.what()};
        }
        own.preview.reset();
        own.options.snapshot = -1;
        own.compare = own.overlayErrors = false;
        return computeCharts(own);
    }
    ChartAnswer answer;
    if (request.runs.empty())
        return answer;
    try {
        const RunRecord& selected = request.runs.front();
        if (request.overlayErrors) {
            std::vector<const RunRecord*> runs;
            for (const RunRecord& run : request.runs)
                runs.push_back(&run);
            Chart overlay = errorsOverlay(runs, "Train (dashed) and test error", request.selected);
            if (request.selected >= 0 && std::size_t(request.selected) < request.runs.size()) {
                const SnapshotSeries& s =
                    request.runs[std::size_t(request.selected)].result.snapshots;
                if (s.count > 0) // the scrubber's snapshot of the selected run
                    overlay.xMarker = double(s.steps[snapshotIndex(s, request.options.snapshot)]);
            }
            answer.charts.push_back(std::move(overlay));
            if (request.detail) {
                const Dataset data =
                    generateDataset(request.detail->settings.dataset, request.baseDirectory);
                std::vector<Chart> own = titledWithRun(
                    panelCharts(Panel::Errors, *request.detail, data, request.options),
                    *request.detail);
                for (std::size_t c = 1; c < own.size(); ++c) // the first is the errors chart
                    answer.charts.push_back(std::move(own[c]));
            }
            return answer;
        }
        const Dataset data = generateDataset(selected.settings.dataset, request.baseDirectory);
        if (!request.panel) {
            answer.charts = titledWithRun(runCharts(selected, data, request.options), selected);
            answer.tables = panelTables(Panel::Predictions, selected, data, request.options);
            return answer;
        }
        if (!request.compare) {
            answer.charts = titledWithRun(
                panelCharts(*request.panel, selected, data, request.options), selected);
            answer.tables = panelTables(*request.panel, selected, data, request.options);
            return answer;
        }
        // A depth sweep's question, at which depth the gradient vanishes, in one chart; and a
        // width sweep's fits in one.
        std::deque<Dataset> ownData;
        std::vector<const RunRecord*> overlaid;
        std::vector<const Dataset*> overlaidData;
        std::vector<long> overlaidSnapshots;
        for (const RunRecord& run : request.runs) {
            ChartOptions options = request.options;
            options.snapshot =
                snapshotFor(run, request.options.snapshot, selected.result.snapshots.count);
            const Dataset& runData = run.settings.dataset == selected.settings.dataset
                                         ? data
                                         : ownData.emplace_back(generateDataset(
                                               run.settings.dataset, request.baseDirectory));
            const bool overlays =
                *request.panel == Panel::Gradients || *request.panel == Panel::Fit;
            if (overlays && run.result.snapshots.count > 0) {
                overlaid.push_back(&run);
                overlaidData.push_back(&runData);
                overlaidSnapshots.push_back(options.snapshot);
            }
            std::vector<Chart> charts = panelCharts(*request.panel, run, runData, options);
            if (charts.empty())
                continue;
            answer.charts.push_back(std::move(titledWithRun(std::move(charts), run).front()));
            answer.titles.push_back(run.label);
        }
        if (overlaid.size() > 1) {
            // In the notebook's order, as run --out draws it: the selected run back in its place.
            if (overlaid.front() == &selected && request.selected > 0) {
                const auto place = std::min(std::size_t(request.selected), overlaid.size() - 1);
                std::rotate(overlaid.begin(), overlaid.begin() + 1,
                            overlaid.begin() + long(place) + 1);
                std::rotate(overlaidData.begin(), overlaidData.begin() + 1,
                            overlaidData.begin() + long(place) + 1);
                std::rotate(overlaidSnapshots.begin(), overlaidSnapshots.begin() + 1,
                            overlaidSnapshots.begin() + long(place) + 1);
            }
            answer.charts.insert(
                answer.charts.begin(),
                *request.panel == Panel::Fit
                    ? fitsOverlay(overlaid, overlaidData, overlaidSnapshots, "Fits, every run")
                    : depthProfileOverlay(overlaid, overlaidData, overlaidSnapshots,
                                          "Gradient norm through the depth, every run"));
            answer.titles.insert(answer.titles.begin(), "every run");
        }
    } catch (const std::exception& error) {
        answer.charts.clear();
        answer.tables.clear();
        answer.error = error.what();
    }
    return answer;
}

} // namespace relulab
