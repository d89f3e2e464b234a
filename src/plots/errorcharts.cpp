#include "plots/errorcharts.h"

#include <algorithm>
#include <cmath>

namespace relulab {

namespace {

// `values` at the snapshots where it is finite (a run without test data has no test error, one
// from an older notebook no training set error) into `series`, added when it has a point.
void addFinite(Chart& chart, const SnapshotSeries& s, const std::vector<double>& values,
               Series series) {
    for (std::size_t i = 0; i < std::min(s.count, values.size()); ++i)
        if (std::isfinite(values[i])) {
            series.x.push_back(double(s.steps[i]));
            series.y.push_back(values[i]);
        }
    if (!series.x.empty())
        chart.series.push_back(std::move(series));
}

bool hasTrainSetError(const SnapshotSeries& s) {
    return std::any_of(s.trainSetError.begin(),
                       s.trainSetError.begin() + long(std::min(s.count, s.trainSetError.size())),
                       [](double e) { return std::isfinite(e); });
}

} // namespace

Chart errorsChart(const SnapshotSeries& s) {
    Chart chart{"errors", "Train and test error", "iteration", "loss", true, {}};
    // The batch's loss is what the seeds' code records; the whole training set's is the
    // error the model has, measured at the same snapshot as the test error.
    // A colour each, as the errors overlay of one run has them: legends show colours, not dashes.
    addFinite(chart, s, s.trainError,
              {"train (batch)", SeriesStyle::Dotted, {}, {}, true, true, 0});
    addFinite(chart, s, s.trainSetError,
              {"train (whole set)", SeriesStyle::Dashed, {}, {}, true, true, 2});
    addFinite(chart, s, s.testError, {"test", SeriesStyle::Line, {}, {}, true, true, 1});
    return chart;
}

Chart errorsOverlay(const std::vector<const RunRecord*>& runs, const std::string& title,
                    int highlighted) {
    Chart chart{"errors_overlay", title, "iteration", "loss", true, {}};
    const bool many = runs.size() > namedRunsAtMost;
    auto add = [&](std::size_t r, bool ink) {
        const SnapshotSeries& s = runs[r]->result.snapshots;
        // The training set's error where the run has it (runs of older notebooks: the batch's).
        const bool wholeSet = hasTrainSetError(s);
        const char* trainName = !wholeSet          ? " train (batch)"
                                : runs.size() == 1 ? " train (whole set)"
                                                   : " train";
        Series train{runs[r]->label + trainName, SeriesStyle::Dashed, {}, {}};
        Series test{runs[r]->label + " test", SeriesStyle::Line, {}, {}};
        train.faint = test.faint = many && !ink;
        if (runs.size() == 1) { // one run: a colour per error, its batch loss too
            test.colour = 1;
            train.colour = 2;
            if (wholeSet) {
                Series batch{runs[r]->label + " train (batch)", SeriesStyle::Dotted, {}, {}};
                batch.colour = 0;
                addFinite(chart, s, s.trainError, std::move(batch));
            }
            addFinite(chart, s, wholeSet ? s.trainSetError : s.trainError, std::move(train));
            addFinite(chart, s, s.testError, std::move(test));
            return;
        }
        // Several: a colour per run, its legend entry (test, solid) standing for its train
        // error too (dashed, as the title says): one swatch per run, toggled together.
        train.colour = test.colour = ink ? inkColour : int(r);
        test.inLegend = !many || ink;
        train.inLegend = false;
        const std::size_t before = chart.series.size();
        addFinite(chart, s, s.testError, std::move(test));
        if (chart.series.size() == before) // no test error: the train error takes the entry
            train.inLegend = !many || ink;
        addFinite(chart, s, wholeSet ? s.trainSetError : s.trainError, std::move(train));
    };
    const bool inked = many && highlighted >= 0 && std::size_t(highlighted) < runs.size();
    for (std::size_t r = 0; r < runs.size(); ++r)
        if (!inked || int(r) != highlighted)
            add(r, false);
    if (inked)
        add(std::size_t(highlighted), true); // last, so on top
    if (many)
        chart.note = std::to_string(runs.size()) + " runs" +
                     (inked ? ", the selected one in black" : ", too many to name here") +
                     " (the CSV names each)";
    return chart;
}

} // namespace relulab
