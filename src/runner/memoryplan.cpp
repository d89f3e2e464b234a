#include "runner/memoryplan.h"

#include "core/error.h"
#include "core/numbertext.h"
#include "runner/runresult.h"
#include "runner/runspec.h"

#include <algorithm>
#include <functional>
#include <numeric>
#include <set>
#include <unistd.h>

namespace relulab {

namespace {

// Numbers in a data set: its inputs and targets, training and test.
double elements(const Dataset& data) {
    return static_cast<double>(data.trainX.n_elem + data.trainY.n_elem + data.testX.n_elem +
                               data.testY.n_elem);
}

// Hidden and output units together: the width of one sample's forward pass.
double unitsPerSample(const RunSpec& spec) {
    double units = 0;
    for (const LayerSpec& layer : spec.architecture.layers)
        units += layer.units;
    return units;
}

} // namespace

long snapshotCount(long steps, long every) {
    if (steps <= 0 || every <= 0)
        return 1;
    const long multiples = steps / every;
    return multiples + (every == 1 ? 0 : 1); // step 1, then every multiple (1 itself once)
}

MemoryPlan planMemory(const RunSpec& spec) {
    MemoryPlan plan;
    plan.snapshots = snapshotCount(spec.steps, spec.snapshotEvery);
    const auto parameters = static_cast<double>(spec.architecture.parameterCount());
    const auto layers = static_cast<double>(spec.architecture.layerCount());
    // A column of each of SnapshotSeries' arrays, and the initial and final parameters.
    const double perSnapshot = sizeof(long) + 3 * sizeof(double) + parameters * sizeof(float) +
                               layers * sizeof(double) +
                               std::max(layers - 1, 0.0) * sizeof(arma::sword);
    plan.snapshotBytes =
        static_cast<double>(plan.snapshots) * perSnapshot + 2 * parameters * sizeof(float);
    if (!spec.data)
        return plan;
    const Dataset& data = *spec.data;
    plan.dataBytes = elements(data) * sizeof(float);
    const auto trainRows = static_cast<double>(data.trainX.n_rows);
    const auto testRows = static_cast<double>(data.testX.n_rows);
    const double batch = spec.training.sampling == SamplingKind::FullBatch
                             ? trainRows
                             : static_cast<double>(spec.training.batchSize);
    const double units = unitsPerSample(spec);
    // The batch's pass keeps pre-activations, activations and their gradients; the snapshot
    // passes over the training and test sets keep pre-activations and activations.
    const double batchColumns = static_cast<double>(data.trainX.n_cols + data.trainY.n_cols);
    plan.workingBytes =
        (batch * (3 * units + batchColumns) + (trainRows + testRows) * 2 * units) * sizeof(float);
    return plan;
}

double memoryLimitBytes() {
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long pageSize = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || pageSize <= 0)
        return 4e9; // unknown: a small machine's half
    return static_cast<double>(pages) * static_cast<double>(pageSize) / 2;
}

std::string byteText(double bytes) {
    const char* units[] = {"bytes", "kB", "MB", "GB", "TB", "PB"};
    int unit = 0;
    while (bytes >= 1000 && unit < 5) {
        bytes /= 1000;
        ++unit;
    }
    if (unit == 0)
        return shortNumber(bytes) + " bytes";
    char text[32];
    std::snprintf(text, sizeof text, bytes < 10 ? "%.1f %s" : "%.0f %s", bytes, units[unit]);
    return text;
}

void checkMemory(const std::vector<const RunSpec*>& runs, std::size_t concurrent, double limit) {
    double snapshots = 0;
    double data = 0;
    std::vector<double> working;
    std::set<const Dataset*> datasets;
    for (const RunSpec* spec : runs) {
        const MemoryPlan plan = planMemory(*spec);
        snapshots += plan.snapshotBytes;
        data += plan.dataBytes;
        working.push_back(plan.workingBytes);
        if (spec->data && datasets.insert(spec->data.get()).second) // the shared double copy
            data += elements(*spec->data) * sizeof(double);
    }
    const std::size_t together = std::min(std::max<std::size_t>(concurrent, 1), working.size());
    std::partial_sort(working.begin(), working.begin() + static_cast<long>(together), working.end(),
                      std::greater<>());
    const double workingTotal =
        std::accumulate(working.begin(), working.begin() + static_cast<long>(together), 0.0);
    const double total = snapshots + data + workingTotal;
    if (total <= limit)
        return;
    const std::string runsText =
        runs.size() == 1 ? "the run" : std::to_string(runs.size()) + " runs";
    const std::string message = runsText + " would need " + byteText(total) +
                                " of memory (snapshots " + byteText(snapshots) + ", data " +
                                byteText(data) + ", working arrays " + byteText(workingTotal) +
                                "), more than the " + byteText(limit) +
                                " allowed (half of this machine's memory)";
    if (snapshots >= data + workingTotal)
        throw InvalidInput("snapshot_every", message + ": take fewer snapshots or fewer runs",
                           {SettingField::SnapshotEvery});
    throw InvalidInput("dataset",
                       message + ": use fewer samples, narrower layers or a smaller batch",
                       {SettingField::DatasetSamples});
}

} // namespace relulab
