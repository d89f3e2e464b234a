#include "runner/runresult.h"

#include "core/nametable.h"

#include <limits>

namespace relulab {

void SnapshotSeries::allocate(const std::vector<long>& snapshotSteps, std::size_t parameterCount,
                              std::size_t layers) {
    const std::size_t n = snapshotSteps.size();
    steps = snapshotSteps;
    trainError.assign(n, std::numeric_limits<double>::quiet_NaN());
    testError.assign(n, std::numeric_limits<double>::quiet_NaN());
    trainSetError.assign(n, std::numeric_limits<double>::quiet_NaN());
    trainAccuracy.assign(n, std::numeric_limits<double>::quiet_NaN());
    testAccuracy.assign(n, std::numeric_limits<double>::quiet_NaN());
    parameters.zeros(parameterCount, n);
    gradientNorms.zeros(layers, n);
    deadUnits.zeros(layers > 0 ? layers - 1 : 0, n);
    count = 0;
}

} // namespace relulab
