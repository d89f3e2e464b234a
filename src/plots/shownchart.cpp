#include "plots/shownchart.h"

namespace relulab {

std::vector<std::size_t> legendGroup(const Chart& chart, std::size_t series) {
    std::vector<std::size_t> group;
    if (series >= chart.series.size())
        return group;
    group.push_back(series);
    for (std::size_t next = series + 1; next < chart.series.size() && !chart.series[next].inLegend;
         ++next)
        group.push_back(next);
    return group;
}

namespace {

bool inside(const ViewBox& box, double x, double y) {
    return x >= box.xLow && x <= box.xHigh && y >= box.yLow && y <= box.yHigh;
}

Series cropped(const Series& s, const ViewBox& box) {
    Series out = s;
    out.x.clear();
    out.y.clear();
    const std::size_t n = std::min(s.x.size(), s.y.size());
    const std::size_t stride = s.style == SeriesStyle::Segments ? 2 : 1;
    for (std::size_t i = 0; i + stride <= n; i += stride) {
        bool keep = false;
        for (std::size_t k = i; k < i + stride; ++k)
            keep = keep || inside(box, s.x[k], s.y[k]);
        if (!keep)
            continue;
        out.x.insert(out.x.end(), s.x.begin() + long(i), s.x.begin() + long(i + stride));
        out.y.insert(out.y.end(), s.y.begin() + long(i), s.y.begin() + long(i + stride));
    }
    return out;
}

} // namespace

Chart shownChart(const Chart& chart, const std::vector<bool>& hidden,
                 const std::optional<ViewBox>& zoom) {
    Chart shown = chart;
    shown.series.clear();
    int next = 0;
    for (std::size_t i = 0; i < chart.series.size(); ++i) {
        Series s = zoom ? cropped(chart.series[i], *zoom) : chart.series[i];
        if (takesNextColour(s)) // the colour it had beside the hidden ones
            s.colour = next++;
        if (i >= hidden.size() || !hidden[i])
            shown.series.push_back(std::move(s));
    }
    if (zoom) {
        shown.xLow = zoom->xLow;
        shown.xHigh = zoom->xHigh;
        shown.yLow = zoom->yLow;
        shown.yHigh = zoom->yHigh;
    }
    return shown;
}

} // namespace relulab
