#include "plots/classifiercharts.h"

#include "core/classification.h"

#include <cmath>
#include <sstream>

namespace relulab {

namespace {

void addPercent(Chart& chart, const SnapshotSeries& s, const std::vector<double>& values,
                Series series) {
    for (std::size_t i = 0; i < std::min(s.count, values.size()); ++i)
        if (std::isfinite(values[i])) {
            series.x.push_back(double(s.steps[i]));
            series.y.push_back(100.0 * values[i]);
        }
    if (!series.x.empty())
        chart.series.push_back(std::move(series));
}

} // namespace

Chart accuracyChart(const SnapshotSeries& s) {
    Chart chart{"accuracy", "Train and test accuracy", "iteration", "accuracy (%)", false, {}};
    chart.yLow = 0.0;
    chart.yHigh = 100.0;
    addPercent(chart, s, s.trainAccuracy, {"train (whole set)", SeriesStyle::Dashed, {}, {}});
    addPercent(chart, s, s.testAccuracy, {"test", SeriesStyle::Line, {}, {}});
    return chart;
}

Chart confusionChart(const Network<double>& net, LossKind loss, const arma::mat& x,
                     const arma::mat& y, const std::string& set, const std::string& id,
                     const std::string& at) {
    const ConfusionMatrix confusion = confusionMatrix(loss, net.predict(x), y);
    const std::size_t k = confusion.counts.n_rows;
    std::ostringstream note;
    note << confusion.correct() << " of " << confusion.total() << " right";
    Chart chart{id, "Confusion (" + set + ") " + at, "predicted class", "true class", false, {}};
    chart.note = note.str();
    chart.xScale = chart.yScale = AxisScale::Index;
    chart.yReversed = true; // class 0 at the top: the diagonal from top left, as usual
    chart.grid = {k, k, -0.5, double(k) - 0.5, -0.5, double(k) - 0.5};
    // Right ones green, wrong ones red, shaded by their share of the largest count.
    Heatmap counts{"count (x predicted, y true)", {}, {}};
    double most = 0.0;
    for (std::size_t t = 0; t < k; ++t) // rows of the grid: true classes
        for (std::size_t p = 0; p < k; ++p) {
            counts.values.push_back(double(confusion.counts(t, p)));
            counts.classes.push_back(t == p ? 2 : 1);
            most = std::max(most, counts.values.back());
        }
    counts.low = 0.0;
    counts.high = std::max(most, 1.0);
    counts.showValues = true;
    chart.heatmaps.push_back(std::move(counts));
    return chart;
}

} // namespace relulab
