#include "runner/runresult.h"

#include <limits>

namespace relulab {

std::string_view runStatusName(RunStatus status) {
    switch (status) {
    case RunStatus::Pending:
        return "pending";
    case RunStatus::Running:
        return "running";
    case RunStatus::Finished:
        return "finished";
    case RunStatus::Cancelled:
        return "cancelled";
    case RunStatus::Diverged:
        return "diverged";
    case RunStatus::Failed:
        return "failed";
    }
    return "failed";
}

void SnapshotSeries::allocate(const std::vector<long>& snapshotSteps, std::size_t parameterCount,
                              std::size_t layers) {
    const std::size_t n = snapshotSteps.size();
    steps = snapshotSteps;
    trainError.assign(n, std::numeric_limits<double>::quiet_NaN());
    testError.assign(n, std::numeric_limits<double>::quiet_NaN());
    parameters.zeros(parameterCount, n);
    gradientNorms.zeros(layers, n);
    deadUnits.zeros(layers > 0 ? layers - 1 : 0, n);
    count = 0;
}

} // namespace relulab
