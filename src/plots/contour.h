#pragma once

#include "plots/chart.h"

#include <vector>

namespace relulab {

// Where `field` (a value per cell of `grid`, rows from yLow) crosses `level`, by marching
// squares between the cells' centres: the ends of line segments in pairs, as a Segments series
// holds them. Each crossing is placed by linear interpolation along the square's edge; a saddle
// is decided by the square's mean. Non-finite values cut nothing.
void contourSegments(const Grid& grid, const std::vector<double>& field, double level,
                     std::vector<double>& x, std::vector<double>& y);

} // namespace relulab
