#include "document/newexperiment.h"

#include "core/error.h"

#include <algorithm>
#include <cmath>

namespace relulab {

namespace {

constexpr int functionHiddenUnits = 20; // the 1-20-1 ReLU net the app always started with
constexpr int classifierHiddenUnits = 8;
constexpr std::size_t fullBatchRows = 1000; // up to this the whole set is one step's batch
constexpr std::size_t minibatchSize = 64;
constexpr long newSteps = 2000;
constexpr long newSnapshots = 50;

// The widths of the set's inputs and targets: the data's where it is at hand, else what the
// spec tells (0 inputs: a CSV file's implicit columns; its last column the target).
struct Widths {
    int inputs;
    int regressionOutputs;
};

Widths widthsOf(const DatasetSpec& spec, const Dataset* data) {
    if (data && data->trainX.n_rows > 0)
        return {int(data->trainX.n_cols), int(data->trainY.n_cols)};
    return {spec.inputDimension(), std::max(1, spec.targetColumnCount())};
}

struct TargetFit {
    LossKind loss;
    int outputs;
};

// The loss and output width the set's targets want: bce_logits for two classes unless the
// net already has cross_entropy, which fits any number.
TargetFit fittingTargets(const DatasetSpec& spec, LossKind current, const Dataset* data) {
    const int classes = datasetClasses(spec);
    if (classes == 0)
        return {LossKind::Mse, widthsOf(spec, data).regressionOutputs};
    if (classes == 2 && current != LossKind::CrossEntropy)
        return {LossKind::BceLogits, 1};
    return {LossKind::CrossEntropy, classes};
}

// Stricter than the engine's checks: mse on class labels can run but is not a classifier.
bool targetsFit(const ExperimentSettings& s, const Dataset* data) {
    const int classes = datasetClasses(s.dataset);
    const int outputs = s.architecture.outputs();
    switch (s.loss) {
    case LossKind::Mse:
        return classes == 0 && outputs == widthsOf(s.dataset, data).regressionOutputs;
    case LossKind::BceLogits:
        return classes == 2 && outputs == 1;
    case LossKind::CrossEntropy:
        return classes > 0 && outputs >= classes;
    }
    return false;
}

// A CSV set's implicit columns are the file's to tell: they fit until it is read.
bool inputsFit(const ExperimentSettings& s, const Dataset* data) {
    const int inputs = widthsOf(s.dataset, data).inputs;
    return inputs <= 0 || s.architecture.inputs == inputs;
}

bool batchFits(const ExperimentSettings& s) {
    if (s.training.sampling != SamplingKind::WithoutReplacement)
        return true;
    const auto rows = datasetTrainingRows(s.dataset);
    return !rows || s.training.batchSize <= *rows;
}

std::string name(std::string_view text) {
    return std::string(text);
}

// Hand-set values have the old shape; elbows need a net of one input.
bool initializerFits(const InitializerSpec& init, std::size_t layer, const Architecture& a) {
    if (init.kind == InitializerKind::Values)
        return false;
    return init.kind != InitializerKind::Elbows || (layer == 0 && a.inputs == 1);
}

} // namespace

int datasetClasses(const DatasetSpec& spec) {
    const DatasetKindDescriptor& kind = datasetKinds[spec.kind];
    // The fixed tables (xor, gradient print) are labelled points too.
    if (kind.family != DatasetFamily::Classification && kind.family != DatasetFamily::Fixed)
        return 0;
    return kind.uses(DatasetField::Classes) ? spec.classes : 2;
}

std::optional<std::size_t> datasetTrainingRows(const DatasetSpec& spec) {
    const DatasetKindDescriptor& kind = datasetKinds[spec.kind];
    if (kind.family == DatasetFamily::File)
        return std::nullopt;
    if (kind.uses(DatasetField::Spacing) && spec.spacing == XSpacing::Integers) {
        const double first = std::ceil(spec.low), last = std::floor(spec.high);
        if (!std::isfinite(first) || !std::isfinite(last) || last < first)
            return std::nullopt;
        return std::size_t(last - first) + 1;
    }
    if (kind.uses(DatasetField::Samples))
        return spec.samples > 0 ? std::optional<std::size_t>(std::size_t(spec.samples))
                                : std::nullopt;
    try { // a fixed table without a size of its own: small, and made at once
        return std::size_t(generateDataset(spec).trainX.n_rows);
    } catch (const InvalidInput&) {
        return std::nullopt;
    }
}

Experiment newExperiment(DatasetKind kind, std::string name) {
    ExperimentSettings s;
    s.dataset = DatasetSpec::defaults(kind);
    const TargetFit targets = fittingTargets(s.dataset, LossKind::Mse, nullptr);
    const int hidden = datasetClasses(s.dataset) == 0 ? functionHiddenUnits : classifierHiddenUnits;
    // A CSV file's columns decide its inputs once it is chosen; 1 until then.
    s.architecture.inputs = std::max(1, s.dataset.inputDimension());
    s.architecture.layers = {{hidden, Activation::relu()},
                             {targets.outputs, Activation::identity()}};
    s.initializers.assign(s.architecture.layers.size(), InitializerSpec{});
    s.loss = targets.loss;
    s.initSeed = 1;
    s.training.optimizer.kind = OptimizerKind::Adam;
    s.training.optimizer.learningRate = 0.01;
    s.training.samplingSeed = 2;
    const auto rows = datasetTrainingRows(s.dataset);
    if (rows && *rows > fullBatchRows) {
        s.training.sampling = SamplingKind::WithoutReplacement;
        s.training.batchSize = minibatchSize;
    } else {
        s.training.sampling = SamplingKind::FullBatch;
        s.training.batchSize = 0;
    }
    s.steps = newSteps;
    s.snapshotEvery = newSteps / newSnapshots;
    return {newUid(), std::move(name), {}, std::move(s), {}, {}};
}

FittedSettings fitToDataset(const ExperimentSettings& before, ExperimentSettings after,
                            const Dataset* afterData) {
    FittedSettings fitted{std::move(after), {}};
    ExperimentSettings& s = fitted.settings;
    Architecture& a = s.architecture;
    auto changed = [&fitted](const std::string& what, const auto& from, const auto& to) {
        fitted.changes.push_back(what + " " + from + " → " + to);
    };
    bool firstLayerReshaped = false, lastLayerReshaped = false;
    if (inputsFit(before, nullptr) && !inputsFit(s, afterData)) {
        const int inputs = widthsOf(s.dataset, afterData).inputs;
        changed("inputs", std::to_string(a.inputs), std::to_string(inputs));
        a.inputs = inputs;
        firstLayerReshaped = true;
    }
    if (targetsFit(before, nullptr) && !targetsFit(s, afterData) && !a.layers.empty()) {
        const TargetFit targets = fittingTargets(s.dataset, s.loss, afterData);
        if (targets.loss != s.loss)
            changed("loss", name(lossKinds.name(s.loss)), name(lossKinds.name(targets.loss)));
        s.loss = targets.loss;
        if (a.layers.back().units != targets.outputs) {
            changed("output units", std::to_string(a.layers.back().units),
                    std::to_string(targets.outputs));
            a.layers.back().units = targets.outputs;
            lastLayerReshaped = true;
        }
    }
    if (batchFits(before) && !batchFits(s)) {
        const std::size_t rows = *datasetTrainingRows(s.dataset);
        changed("batch size", std::to_string(s.training.batchSize), std::to_string(rows));
        s.training.batchSize = rows;
    }
    auto& inits = s.initializers;
    for (std::size_t layer = 0; layer < inits.size() && layer < a.layers.size(); ++layer) {
        const bool reshaped = (layer == 0 && firstLayerReshaped) ||
                              (layer + 1 == a.layers.size() && lastLayerReshaped);
        if (!reshaped || initializerFits(inits[layer], layer, a))
            continue;
        changed(layerDisplayName(layer, a) + " initializer",
                name(initializerKinds.name(inits[layer].kind)),
                name(initializerKinds.name(InitializerKind::PyTorchDefault)));
        inits[layer] = InitializerSpec{};
    }
    return fitted;
}

} // namespace relulab
