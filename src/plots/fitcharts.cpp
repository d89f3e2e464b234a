#include "plots/fitcharts.h"

#include "core/linearregions.h"
#include "plots/gradientcharts.h"
#include "plots/regioncharts.h"

#include <algorithm>
#include <cmath>
#include <optional>

namespace relulab {

namespace {

constexpr arma::uword gridPoints = 400;
constexpr std::size_t maxUnitPieces = 64; // more pieces would hide the fit

std::vector<double> toStd(const arma::vec& v) {
    return {v.begin(), v.end()};
}

// Where a unit's piece out * act(w x + b) is grabbed to change its height: a quarter of the
// range from its elbow on the side where it is active (the middle for a flat unit); none where
// the piece is 0 there (a unit dead over the range) or the point would sit on the elbow.
std::optional<DragHandle> pieceHandle(const Activation& activation, double w, double b, double out,
                                      double low, double high) {
    const double range = high - low;
    double x = 0.5 * (low + high);
    if (w != 0.0) {
        const double elbow = -b / w;
        const double anchor = std::clamp(elbow, low, high);
        x = std::clamp(anchor + (w > 0 ? 0.25 : -0.25) * range, low, high);
        if (std::abs(x - elbow) < 0.05 * range)
            return std::nullopt;
    }
    const double value = activation.apply(w * x + b);
    if (value == 0.0 || !std::isfinite(value))
        return std::nullopt;
    return DragHandle{DragHandle::Kind::Piece, 0, x, out * value, -INFINITY, INFINITY};
}

} // namespace

// A grid over the data's inputs, a little wider so that the elbows near the ends show.
arma::vec inputGrid(const Dataset& data) {
    double low = data.trainX.min(), high = data.trainX.max();
    if (data.testX.n_rows > 0) {
        low = std::min(low, data.testX.min());
        high = std::max(high, data.testX.max());
    }
    if (!(high > low))
        high = low + 1.0;
    return arma::linspace(low, high, gridPoints);
}

Chart fitChart(const Network<double>& net, const Dataset& data, const arma::vec& grid,
               const std::string& at, bool handles) {
    Chart chart{"fit", "Fit " + at, "x", "y", false, {}};
    chart.series.push_back({"training data", SeriesStyle::Points, toStd(data.trainX.col(0)),
                            toStd(data.trainY.col(0))});
    if (data.testX.n_rows > 0)
        chart.series.push_back({"ground truth (test)", SeriesStyle::Dashed,
                                toStd(data.testX.col(0)), toStd(data.testY.col(0))});
    const arma::vec prediction = net.predict(grid).col(0);
    chart.series.push_back({"prediction", SeriesStyle::Line, toStd(grid), toStd(prediction)});

    // A piecewise linear net of any depth: its exact kinks (layer 2's too), where the
    // prediction changes slope; a first-layer elbow that dead units hide is none.
    const Architecture& a = net.architecture();
    const double low = grid.front(), high = grid.back();
    Series elbows{"elbows", SeriesStyle::Markers, {}, {}};
    const bool exact = isPiecewiseLinear(a);
    if (exact) {
        elbows.x = networkBreakpoints(net, low, high);
        if (!elbows.x.empty())
            elbows.y = toStd(net.predict(arma::mat(arma::vec(elbows.x))).col(0));
        chart.title += ": " + std::to_string(elbows.x.size() + 1) + " linear pieces";
    }
    // Each first-layer unit: its piece out_w * act(w x + b) when the net has one hidden layer,
    // and its elbow at x = -b / w on the prediction, as the seeds' plot_relus, in the unit's
    // colour of a colour scale (many units would repeat a palette). Deeper nets' kinks are the
    // whole net's: one colour.
    if (a.layers.size() >= 2 && static_cast<std::size_t>(a.layers[0].units) <= maxUnitPieces) {
        const arma::mat w = net.weightTransposed(0); // 1 x units
        const arma::vec b = net.bias(0);
        const bool pieces = a.layers.size() == 2;
        const arma::mat out = net.weightTransposed(1); // units x 1
        std::vector<Series> unitElbows, pieceHandles;
        const auto kinkOfNet = [&](double e) { // the exact net's kinks are the units' elbows
            return std::ranges::any_of(elbows.x, [e](double k) {
                return std::abs(k - e) <= 1e-9 * std::max(1.0, std::abs(e));
            });
        };
        for (arma::uword u = 0; u < b.n_elem; ++u) {
            const double scale = b.n_elem > 1 ? double(u) / double(b.n_elem - 1) : 0.0;
            if (pieces) {
                const Activation& activation = a.layers[0].activation;
                // A piecewise linear unit is exact at its ends and elbow; others on the grid.
                std::vector<double> at = toStd(grid);
                if (exact) {
                    at = {low, high};
                    const double e = -b[u] / w(0, u);
                    if (w(0, u) != 0.0 && e > low && e < high)
                        at.insert(at.begin() + 1, e);
                }
                std::vector<double> piece(at.size());
                for (std::size_t i = 0; i < at.size(); ++i)
                    piece[i] = out(u, 0) * activation.apply(at[i] * w(0, u) + b[u]);
                Series unit{u == 0 ? "unit pieces" : "unit " + std::to_string(u),
                            SeriesStyle::Dotted,
                            std::move(at),
                            std::move(piece),
                            false,
                            u == 0};
                unit.scale = scale;
                chart.series.push_back(std::move(unit));
                if (handles)
                    if (const std::optional<DragHandle> handle =
                            pieceHandle(activation, w(0, u), b[u], out(u, 0), low, high)) {
                        DragHandle placed = *handle;
                        placed.unit = u;
                        chart.handles.push_back(placed);
                        Series point{"unit " + std::to_string(u) + " piece handle",
                                     SeriesStyle::Points,
                                     {placed.x},
                                     {placed.y},
                                     false,
                                     false};
                        point.scale = scale;
                        point.markerSize = 10.0;
                        pieceHandles.push_back(std::move(point));
                    }
            }
            if ((!exact || pieces) && w(0, u) != 0.0) {
                const double e = -b[u] / w(0, u);
                if (e < low || e > high || (exact && !kinkOfNet(e)))
                    continue;
                Series elbow{"unit " + std::to_string(u) + " elbow",
                             SeriesStyle::Markers,
                             {e},
                             {net.predict(arma::mat{e})(0, 0)}};
                elbow.inLegend = false;
                elbow.scale = scale;
                if (handles) {
                    elbow.markerSize = 12.0;
                    chart.handles.push_back(
                        {DragHandle::Kind::Elbow, u, e, elbow.y.front(), low, high});
                }
                unitElbows.push_back(std::move(elbow));
            }
        }
        if ((!unitElbows.empty() || pieces) && b.n_elem > 1) {
            chart.scaleLow = "unit 0";
            chart.scaleHigh = "unit " + std::to_string(b.n_elem - 1);
        }
        if (handles && !chart.handles.empty())
            chart.note = "Drag a square (a unit's elbow) along x, a circle (a point of its "
                         "piece) up or down: each drag is one undoable edit";
        if (!unitElbows.empty()) { // in the units' colours, under one legend entry
            unitElbows.front().name = "elbows";
            unitElbows.front().inLegend = true;
            for (Series& elbow : unitElbows)
                chart.series.push_back(std::move(elbow));
            for (Series& handle : pieceHandles) // over the pieces, to be grabbed
                chart.series.push_back(std::move(handle));
            return chart;
        }
        for (Series& handle : pieceHandles)
            chart.series.push_back(std::move(handle));
    }
    if (!elbows.x.empty())
        chart.series.push_back(std::move(elbows));
    return chart;
}

Chart fitsOverlay(const std::vector<const RunRecord*>& runs,
                  const std::vector<const Dataset*>& data, const std::vector<long>& snapshots,
                  const std::string& title) {
    Chart chart{"fits", title, "x", "y", false, {}};
    bool first = true;
    for (std::size_t r = 0; r < runs.size(); ++r) {
        const RunRecord& run = *runs[r];
        const SnapshotSeries& s = run.result.snapshots;
        const Architecture& a = run.settings.architecture;
        if (s.count == 0 || a.inputs != 1 || a.outputs() != 1)
            continue;
        if (first) { // the data once: the runs of one experiment share it
            const Dataset& d = *data[r];
            Series points{"training data", SeriesStyle::Points, toStd(d.trainX.col(0)),
                          toStd(d.trainY.col(0))};
            points.colour = 7;
            chart.series.push_back(std::move(points));
            if (d.testX.n_rows > 0) {
                Series truth{"ground truth (test)", SeriesStyle::Dashed, toStd(d.testX.col(0)),
                             toStd(d.testY.col(0))};
                truth.colour = inkColour;
                chart.series.push_back(std::move(truth));
            }
            first = false;
        }
        const std::size_t index =
            std::min(snapshots[r] < 0 ? s.count - 1 : std::size_t(snapshots[r]), s.count - 1);
        const Network<double> net(a, snapshotParameters(run, index));
        const arma::vec grid = inputGrid(*data[r]);
        Series prediction{run.label + " at iteration " + std::to_string(s.steps[index]),
                          SeriesStyle::Line, toStd(grid),
                          toStd(arma::vec(net.predict(grid).col(0)))};
        prediction.colour = int(r);
        chart.series.push_back(std::move(prediction));
    }
    return chart;
}

} // namespace relulab
