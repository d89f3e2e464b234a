#pragma once

#include "core/architecture.h" // layerDisplayName, which the charts take from here too
#include "core/network.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace relulab {

// The exact linear regions of a piecewise linear net (relu, leaky_relu and identity layers) over
// a box of its input: a relu or leaky_relu unit cuts the input space where its pre-activation,
// which is affine on every region the layers before it leave, crosses zero. Computed layer by
// layer by cutting intervals (1 input) or convex polygons (2 inputs), not by sampling.
//
// These are activation regions: one per activation pattern that occurs on a set of positive
// area. Two neighbours with different patterns but the same affine function (a unit whose
// change reaches the output through dead units only) stay two regions; networkBreakpoints, by
// contrast, keeps only the points where the function itself changes slope.

inline constexpr std::size_t defaultMaxRegions = 200'000;

// Throws InvalidInput unless every layer's activation is relu, leaky_relu or identity, naming
// the first that is not ("linear regions need piecewise linear activations: hidden 2 is tanh").
void checkPiecewiseLinear(const Architecture& architecture);

// Throws InvalidInput (at `where`) unless low < high and both are finite.
void checkRegionRange(const std::array<double, 2>& range, const std::string& where);

// 1 input, any depth and outputs: the sorted x strictly inside (low, high) where some output
// changes slope. Throws InvalidInput for other inputs, smooth activations, a bad interval, or
// more than `maxPieces` activation pieces.
std::vector<double> networkBreakpoints(const Network<double>& net, double low, double high,
                                       std::size_t maxPieces = defaultMaxRegions);

struct LinearRegion {
    std::vector<std::array<double, 2>> polygon; // convex, counter-clockwise, no repeated vertex
    // One entry per cutting unit (relu and leaky_relu layers, the output's too), in layer and
    // unit order: 1 where the unit is active (pre-activation > 0) inside the region, 0 where not.
    std::vector<std::uint8_t> pattern;
};

// 2 inputs: the regions that tile the box [x0, x1] x [y0, y1]; pieces thinner than the cut's
// rounding (area below 1e-12 of the box) are left in their neighbour. Throws InvalidInput for
// other inputs, smooth activations, a bad box, or more than `maxRegions` regions.
std::vector<LinearRegion> linearRegions(const Network<double>& net, std::array<double, 2> xRange,
                                        std::array<double, 2> yRange,
                                        std::size_t maxRegions = defaultMaxRegions);

// The number of linearRegions(), without keeping their polygons.
std::size_t linearRegionCount(const Network<double>& net, std::array<double, 2> xRange,
                              std::array<double, 2> yRange,
                              std::size_t maxRegions = defaultMaxRegions);

} // namespace relulab
