#pragma once

#include <cstddef>

namespace relulab {

// The setting an error is about, as an identifier: the editor marks the field's widget by it
// and the file readers name it in their own terms, instead of either parsing the engine's
// "where" text.
enum class SettingField {
    None,
    ExperimentName,
    DatasetKind,
    // A data set's own fields, in DatasetField's order (core/datasetspec.h).
    DatasetSamples,
    DatasetTestSamples,
    DatasetNoise,
    DatasetLow,
    DatasetHigh,
    DatasetSpacing,
    DatasetExpression,
    DatasetClasses,
    DatasetFeatures,
    DatasetCsv,
    DatasetCsvTest,
    DatasetInputColumns,
    DatasetTargetColumns,
    DatasetTestFraction,
    DatasetValues, // the generated or loaded numbers themselves (NaN, shapes)
    DataSeed,
    NetworkInputs,
    NetworkLayers, // the layer list as a whole (count)
    LayerUnits,    // these five name one layer: FieldRef::layer
    LayerActivation,
    LayerParameter,
    LayerInitializer,
    LayerTrains,
    TrainableLayers, // the flags as a whole (count, none trains)
    Loss,
    InitSeed,
    Optimizer,
    LearningRate,
    Momentum,
    WeightDecay,
    Beta1,
    Beta2,
    Epsilon,
    Steps,
    Sampling,
    BatchSize,
    SamplingSeed,
    SnapshotEvery,
    RidgeLambda,
    SweepWidths,
    SweepHiddenLayers,
    SweepInitSeeds,
    SweepLearningRates,
    Notes,
};

struct FieldRef {
    SettingField field = SettingField::None;
    int layer = -1; // for the Layer* fields

    bool operator==(const FieldRef&) const = default;
    bool empty() const { return field == SettingField::None; }
};

inline FieldRef layerField(SettingField field, std::size_t layer) {
    return {field, static_cast<int>(layer)};
}

} // namespace relulab
