#include "core/distribution.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace relulab {

Histogram histogram(const std::vector<double>& values, std::size_t bins) {
    Histogram h;
    double low = std::numeric_limits<double>::infinity(), high = -low;
    for (double v : values)
        if (std::isfinite(v)) {
            low = std::min(low, v);
            high = std::max(high, v);
        } else {
            ++h.nonFinite;
        }
    if (!(low <= high) || bins == 0)
        return h;
    if (high == low) {
        low -= 0.5;
        high += 0.5;
        bins = 1;
    }
    h.edges.resize(bins + 1);
    for (std::size_t e = 0; e <= bins; ++e)
        h.edges[e] = low + (high - low) * double(e) / double(bins);
    h.edges.back() = high; // exactly, so that the largest value falls in the last bin
    h.counts.assign(bins, 0);
    const double width = (high - low) / double(bins);
    for (double v : values) {
        if (!std::isfinite(v))
            continue;
        auto bin = std::size_t(std::min((v - low) / width, double(bins - 1)));
        // Rounding of (v - low) / width may put a value on an edge into its neighbour.
        while (bin > 0 && v < h.edges[bin])
            --bin;
        while (bin + 1 < bins && v >= h.edges[bin + 1])
            ++bin;
        ++h.counts[bin];
    }
    return h;
}

Percentiles percentiles(std::vector<double> values) {
    std::erase_if(values, [](double v) { return !std::isfinite(v); });
    Percentiles out;
    if (values.empty()) {
        out.fill(std::numeric_limits<double>::quiet_NaN());
        return out;
    }
    // Ascending positions, so that each partial sort leaves the values above it for the next.
    auto from = values.begin();
    for (std::size_t i = 0; i < distributionPercentiles.size(); ++i) {
        const double position = distributionPercentiles[i] / 100.0 * double(values.size() - 1);
        const auto below = std::size_t(std::floor(position));
        const double fraction = position - double(below);
        const auto at = values.begin() + long(below);
        std::nth_element(from, at, values.end());
        double value = *at;
        if (fraction > 0.0 && below + 1 < values.size()) {
            const double next = *std::min_element(at + 1, values.end());
            value += fraction * (next - value);
        }
        out[i] = value;
        from = at;
    }
    return out;
}

} // namespace relulab
