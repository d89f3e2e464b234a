#pragma once

#include "plots/chart.h"

#include <optional>
#include <vector>

namespace relulab {

// The x and y ranges a zoomed chart shows.
struct ViewBox {
    double xLow = 0.0, xHigh = 1.0, yLow = 0.0, yHigh = 1.0;
};

// A legend entry stands for its series and the ones after it that are not in the legend (a
// unit's pieces under one "unit pieces" entry): the series that hiding entry `series` hides.
std::vector<std::size_t> legendGroup(const Chart& chart, std::size_t series);

// The chart as a user has it on screen ("export as shown"): without the series they hid, and
// when zoomed, on the zoomed ranges with only the points inside them (a Segments piece stays
// whole when either end is inside, so contours reach the frame).
Chart shownChart(const Chart& chart, const std::vector<bool>& hidden,
                 const std::optional<ViewBox>& zoom);

} // namespace relulab
