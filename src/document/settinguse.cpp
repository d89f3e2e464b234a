#include "document/settinguse.h"

namespace relulab {

namespace {

std::string name(std::string_view text) {
    return std::string(text);
}

// Whether generating the set draws anything from its seed.
bool drawsFromSeed(const DatasetSpec& spec, const DatasetKindDescriptor& kind) {
    switch (kind.family) {
    case DatasetFamily::Function:
        return spec.noise != 0 || spec.spacing == XSpacing::Random;
    case DatasetFamily::File:
        return spec.csvTestPath.empty() && spec.testFraction > 0;
    case DatasetFamily::Fixed:
        return !kind.fields.empty(); // gradient print draws its inputs and labels; xor is a table
    case DatasetFamily::Classification:
        break;
    }
    return true;
}

} // namespace

std::map<SettingField, std::string> unusedSettings(const ExperimentSettings& settings) {
    std::map<SettingField, std::string> unused;
    const DatasetSpec& data = settings.dataset;
    const DatasetKindDescriptor& kind = datasetKinds[data.kind];
    const std::string kindName = name(kind.name);
    for (const DatasetFieldDescriptor& field : datasetFields)
        if (!kind.uses(field.kind))
            unused[settingField(field.kind)] = "the " + kindName + " data set does not use it";
    if (kind.uses(DatasetField::Spacing) && data.spacing == XSpacing::Integers)
        unused[SettingField::DatasetSamples] =
            "integer spacing puts one sample at every integer of the x range";
    if (kind.uses(DatasetField::CsvTest) && !data.csvTestPath.empty())
        unused[SettingField::DatasetTestFraction] = "the test CSV file is the test set";
    if (!drawsFromSeed(data, kind))
        unused[SettingField::DataSeed] =
            kind.fields.empty() ? kindName + " is a fixed table: nothing is drawn"
                                : "nothing is drawn: no noise, and no random x or test rows";
    if (const int inputs = data.inputDimension(); inputs > 0)
        unused[SettingField::NetworkInputs] =
            "set by the data set: " + std::to_string(inputs) + (inputs == 1 ? " input" : " inputs");

    const TrainingSpec& training = settings.training;
    if (training.sampling == SamplingKind::FullBatch) {
        unused[SettingField::BatchSize] = "full_batch trains on every sample at each step";
        unused[SettingField::SamplingSeed] = "full_batch draws no batches";
    }
    switch (training.optimizer.kind) {
    case OptimizerKind::Sgd:
        for (SettingField adam : {SettingField::Beta1, SettingField::Beta2, SettingField::Epsilon})
            unused[adam] = "Adam's; SGD does not use it";
        break;
    case OptimizerKind::Adam:
        unused[SettingField::Momentum] = "SGD's; Adam has none of its own (β1 plays its part)";
        break;
    }
    if (settings.steps == 0)
        unused[SettingField::SnapshotEvery] = "no steps: only the start is stored";
    return unused;
}

} // namespace relulab
