#pragma once

#include "core/dataset.h"
#include "document/experiment.h"

#include <QByteArray>

#include <string>
#include <vector>

namespace relulab {

// How a column's numbers read: as numbers, or as the words they stand for.
enum class ColumnKind {
    Number,
    Whole,       // indices and labels
    YesNo,       // 1 yes, 0 no
    Set,         // 0 train, 1 test
    LayerName,   // "hidden 1" .. "output"
    WeightOrBias // 0 weight, 1 bias
};

// A table of numbers beside the charts (sorted by value, shown as text): the net's predictions
// on every sample, or its parameters, at a snapshot.
struct Table {
    std::string id; // file name stem: "predictions", "parameters"
    std::string title;
    std::vector<std::string> columns;
    std::vector<ColumnKind> kinds;
    std::vector<std::vector<double>> rows; // NaN: an empty cell (a bias has no input)
    std::size_t layerCount = 0;            // for LayerName columns
};

// A cell as it reads: "train", "yes", "hidden 2", or the number with 6 significant digits.
std::string tableText(const Table& table, std::size_t row, std::size_t column);

// Where snapshot number `snapshot` is among a run's `s.count` (> 0) snapshots: -1 and any
// past the last are the last.
std::size_t snapshotIndex(const SnapshotSeries& s, long snapshot);

// The iterations of the run's snapshots so far: a time series' x.
inline std::vector<double> snapshotSteps(const SnapshotSeries& s) {
    return {s.steps.begin(), s.steps.begin() + long(s.count)};
}

// Every training (then test) sample at the snapshot: its inputs and targets, the net's outputs
// (logits for classifiers, with the probability of the predicted class), and for classifiers
// the predicted and true labels and whether they agree (as the seed's XOR printout); for mse the
// squared error.
Table predictionTable(const RunRecord& run, const Dataset& data, long snapshot = -1);

// Every weight and bias of every layer at the snapshot, as the seeds print them, with the mean
// loss's gradient on the training set (`data`'s) and the change since initialization.
Table parameterTable(const RunRecord& run, const Dataset& data, long snapshot = -1);

// The table as CSV: the column names, then the cells as tableText writes them but numbers
// with all their digits.
QByteArray tableCsv(const Table& table);

} // namespace relulab
