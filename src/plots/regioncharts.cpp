#include "plots/regioncharts.h"

#include "core/error.h"
#include "core/linearregions.h"

namespace relulab {

bool isPiecewiseLinear(const Architecture& architecture) {
    try {
        checkPiecewiseLinear(architecture);
        return true;
    } catch (const InvalidInput&) {
        return false;
    }
}

Network<double> planeNet(const Network<double>& net, const InputPlane& plane) {
    Architecture a = net.architecture();
    if (a.inputs == 2 && plane.xInput == 0 && plane.yInput == 1)
        return net;
    const arma::mat w = net.weightTransposed(0); // inputs x units
    const arma::vec b = net.bias(0);
    const arma::uword units = w.n_cols;
    const arma::vec folded = b + w.t() * plane.base.t() -
                             w.row(plane.xInput).t() * plane.base[plane.xInput] -
                             w.row(plane.yInput).t() * plane.base[plane.yInput];
    const std::size_t rest = net.slices()[0].end();
    arma::vec parameters(3 * units + (net.parameterCount() - rest));
    for (arma::uword u = 0; u < units; ++u) { // Linear(2, units): weight row-major, then bias
        parameters[2 * u] = w(plane.xInput, u);
        parameters[2 * u + 1] = w(plane.yInput, u);
        parameters[2 * units + u] = folded[u];
    }
    parameters.tail(net.parameterCount() - rest) =
        net.parameters().tail(net.parameterCount() - rest);
    a.inputs = 2;
    return Network<double>(std::move(a), std::move(parameters));
}

Chart linearRegionsChart(const Network<double>& net, LossKind loss, const InputPlane& plane,
                         const std::string& at) {
    const std::vector<LinearRegion> regions =
        linearRegions(planeNet(net, plane), {plane.xLow, plane.xHigh}, {plane.yLow, plane.yHigh});
    Chart chart{"linear_regions",
                std::to_string(regions.size()) +
                    (regions.size() == 1 ? " linear region " : " linear regions ") + at,
                inputName(plane.xInput),
                inputName(plane.yInput),
                false,
                {}};
    chart.note = "exact; the net is affine on each";
    if (!plane.note.empty())
        chart.note += "; " + plane.note;
    chart.grid = planeGrid(plane, 200);
    chart.heatmaps.push_back(
        std::move(planeFields(net, loss, planeInputs(plane, chart.grid), 0).surface));
    Series outlines{"region outlines", SeriesStyle::Segments, {}, {}};
    outlines.colour = inkColour;
    outlines.faint = regions.size() > 40; // many outlines would hide the surface
    outlines.setsRange = false;
    for (const LinearRegion& region : regions)
        for (std::size_t v = 0; v < region.polygon.size(); ++v) {
            const auto& p = region.polygon[v];
            const auto& q = region.polygon[(v + 1) % region.polygon.size()];
            outlines.x.insert(outlines.x.end(), {p[0], q[0]});
            outlines.y.insert(outlines.y.end(), {p[1], q[1]});
        }
    chart.series.push_back(std::move(outlines));
    return chart;
}

Chart regionCountChart(const RunRecord& run, const std::optional<InputPlane>& plane, double low,
                       double high, std::size_t samples) {
    const SnapshotSeries& s = run.result.snapshots;
    Chart chart{"region_counts",
                plane ? "Linear regions against iterations" : "Linear pieces against iterations",
                "iteration",
                plane ? "regions" : "pieces",
                false,
                {}};
    chart.yScale = AxisScale::Count;
    chart.yCovers = {1.0};
    Series counts{plane ? "regions in the box" : "pieces over the data", SeriesStyle::Line, {}, {}};
    const std::size_t stride = std::max<std::size_t>(1, (s.count + samples - 1) / samples);
    std::vector<std::size_t> shown;
    for (std::size_t i = 0; i < s.count; i += stride)
        shown.push_back(i);
    if (s.count > 0 && shown.back() != s.count - 1)
        shown.push_back(s.count - 1);
    for (std::size_t i : shown) {
        const Network<double> net(run.settings.architecture,
                                  arma::conv_to<arma::vec>::from(s.parameters.col(i)));
        const double count =
            plane ? double(linearRegionCount(planeNet(net, *plane), {plane->xLow, plane->xHigh},
                                             {plane->yLow, plane->yHigh}))
                  : double(networkBreakpoints(net, low, high).size() + 1);
        counts.x.push_back(double(s.steps[i]));
        counts.y.push_back(count);
    }
    if (stride > 1)
        chart.note = "at " + std::to_string(counts.x.size()) + " of " + std::to_string(s.count) +
                     " snapshots";
    chart.series.push_back(std::move(counts));
    return chart;
}

} // namespace relulab
