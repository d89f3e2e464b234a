#pragma once

// What a new experiment starts from, and what follows when its data set changes: both read the
// kind's description (core/datasetkinds.h), so each kind gets a net and a loss that fit it.

#include "document/experiment.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace relulab {

// The classes of the set's targets: its Classes field, 2 (labels 0 and 1) for the other
// labelled kinds, 0 for the regression kinds (functions, CSV files).
int datasetClasses(const DatasetSpec& spec);

// The training rows the spec makes, where that is known without reading a file or drawing a
// large set: every integer of the range, the samples asked for, or the fixed table's rows.
std::optional<std::size_t> datasetTrainingRows(const DatasetSpec& spec);

// A new experiment on the kind's default data set, valid as it is and quick to train: a small
// ReLU net (1-20-1 for 1-D functions, d-8-1 with bce_logits for two classes, d-8-C with
// cross_entropy for C), Adam on the whole set when the set is small, no sweep.
Experiment newExperiment(DatasetKind kind, std::string name);

struct FittedSettings {
    ExperimentSettings settings;
    std::vector<std::string> changes; // "inputs 1 → 2", "loss mse → bce_logits"
};

// `after` with what its new data set would break, and `before`'s did not, made to fit again:
// the net's inputs and outputs, the loss, a batch larger than the set, hand-set initial values
// of a layer whose shape changed. What was already wrong stays for the user to see.
// `afterData`, where the caller has it, tells the widths the spec cannot (a CSV file's).
FittedSettings fitToDataset(const ExperimentSettings& before, ExperimentSettings after,
                            const Dataset* afterData = nullptr);

} // namespace relulab
