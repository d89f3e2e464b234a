#pragma once

#include <array>
#include <cstddef>
#include <vector>

namespace relulab {

// Equal-width bins from the smallest value to the largest, the last bin closed (numpy's
// histogram): edges has one more entry than counts. Values all alike get one bin a unit wide
// around them; no values, no bins. Non-finite values are left out and counted apart.
struct Histogram {
    std::vector<double> edges;
    std::vector<std::size_t> counts;
    std::size_t nonFinite = 0;
};
Histogram histogram(const std::vector<double>& values, std::size_t bins);

// The percentiles TensorBoard's distributions draw: the extremes, then bands of about 1, 1.5
// and 2 standard deviations of a normal distribution around the median.
inline constexpr std::array<double, 7> distributionPercentiles{0, 7, 16, 50, 84, 93, 100};
using Percentiles = std::array<double, distributionPercentiles.size()>;

// Those percentiles of the finite values, linearly interpolated between order statistics
// (numpy's and torch.quantile's default); NaN each when there are none. Takes the values by
// value: it partially sorts them.
Percentiles percentiles(std::vector<double> values);

} // namespace relulab
