#include "runner/runspec.h"

#include "core/error.h"
#include "runner/memoryplan.h"

#include <cmath>

namespace relulab {

void RunSpec::validate() const {
    architecture.validate();
    if (!initializers.empty()) {
        if (initializers.size() != architecture.layers.size())
            throw InvalidInput("initializers", "expected one per layer",
                               {SettingField::LayerInitializer});
        for (std::size_t l = 0; l < initializers.size(); ++l)
            checkInitializer(initializers[l], architecture, l);
    }
    if (steps < 0)
        throw InvalidInput("steps", "must be at least 0, got " + std::to_string(steps),
                           {SettingField::Steps});
    if (snapshotEvery < 1)
        throw InvalidInput("snapshot_every", "must be at least 1", {SettingField::SnapshotEvery});
    if (steps > 0 && snapshotEvery > steps)
        throw InvalidInput("snapshot_every",
                           "is " + std::to_string(snapshotEvery) + ", larger than the " +
                               std::to_string(steps) + " steps",
                           {SettingField::SnapshotEvery});
    if (const long snapshots = snapshotCount(steps, snapshotEvery); snapshots > maxSnapshotsPerRun)
        throw InvalidInput("snapshot_every",
                           "is " + std::to_string(snapshotEvery) + ": " + std::to_string(steps) +
                               " steps would take " + std::to_string(snapshots) +
                               " snapshots, and a run keeps at most " +
                               std::to_string(maxSnapshotsPerRun) + ": make it at least " +
                               std::to_string(steps / maxSnapshotsPerRun + 1),
                           {SettingField::SnapshotEvery});
    training.optimizer.validate("optimizer");
    if (from) {
        if (from->step < 0)
            throw InvalidInput("from", "starts at step " + std::to_string(from->step) +
                                           ", before the first");
        if (from->parameters.n_elem != architecture.parameterCount())
            throw InvalidInput("from",
                               "has " + std::to_string(from->parameters.n_elem) +
                                   " parameters, but the network has " +
                                   std::to_string(architecture.parameterCount()),
                               {SettingField::NetworkLayers});
        if (!from->parameters.is_finite())
            throw InvalidInput("from", "has parameters that are NaN or infinite");
        if (ridgeLambda)
            throw InvalidInput("ridge_lambda",
                               "fits the output layer of an initial net; a continued run starts "
                               "from a snapshot's",
                               {SettingField::RidgeLambda});
    }
    if (ridgeLambda) {
        if (!std::isfinite(*ridgeLambda) || *ridgeLambda <= 0)
            throw InvalidInput("ridge_lambda", "must be a finite number > 0",
                               {SettingField::RidgeLambda});
        if (architecture.layers.back().activation.kind != ActivationKind::Identity ||
            loss != LossKind::Mse)
            throw InvalidInput("ridge_lambda",
                               "the ridge fit needs an identity output layer and the mse loss",
                               {SettingField::RidgeLambda});
    }
    if (!data)
        throw InvalidInput("dataset", "is missing", {SettingField::DatasetValues});
    const auto inputs = static_cast<arma::uword>(architecture.inputs);
    if (data->trainX.n_rows == 0 || data->trainX.n_cols != inputs)
        throw InvalidInput("dataset",
                           "training inputs must have " + std::to_string(inputs) +
                               " column(s) and at least one row",
                           {SettingField::DatasetValues});
    if (data->testX.n_rows > 0 && data->testX.n_cols != inputs)
        throw InvalidInput("dataset",
                           "test inputs must have " + std::to_string(inputs) + " column(s)",
                           {SettingField::DatasetValues});
    if (!data->trainX.is_finite() || !data->trainY.is_finite() || !data->testX.is_finite() ||
        !data->testY.is_finite())
        throw InvalidInput("dataset", "contains NaN or infinity", {SettingField::DatasetValues});
    try { // targets that do not fit are the loss's to fix (or the output width's)
        checkTargets(loss, data->trainY, architecture.outputs(), "dataset.train_y");
        if (data->testX.n_rows > 0)
            checkTargets(loss, data->testY, architecture.outputs(), "dataset.test_y");
    } catch (const InvalidInput& error) {
        throw error.about({SettingField::Loss});
    }
    if (data->trainY.n_rows != data->trainX.n_rows || data->testY.n_rows != data->testX.n_rows)
        throw InvalidInput("dataset", "inputs and targets have different numbers of rows",
                           {SettingField::DatasetValues});
    if (training.sampling == SamplingKind::WithoutReplacement &&
        training.batchSize > data->trainX.n_rows)
        throw InvalidInput("batch_size",
                           "is larger than the " + std::to_string(data->trainX.n_rows) +
                               " training samples (sampling without replacement)",
                           {SettingField::BatchSize});
    if (training.sampling != SamplingKind::FullBatch && training.batchSize < 1)
        throw InvalidInput("batch_size", "must be at least 1", {SettingField::BatchSize});
    checkMemory({this}, 1);
}

std::vector<long> RunSpec::snapshotSteps() const {
    const long first = firstStep();
    if (steps == 0)
        return {first};
    std::vector<long> result{first + 1};
    for (long s = (first / snapshotEvery + 1) * snapshotEvery; s <= first + steps;
         s += snapshotEvery)
        if (s != first + 1)
            result.push_back(s);
    return result;
}

} // namespace relulab
