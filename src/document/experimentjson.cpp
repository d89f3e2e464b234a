#include "document/experimentjson.h"

#include "core/error.h"
#include "core/regularfile.h"
#include "document/casefile.h"
#include "document/jsonfields.h"
#include "runner/memoryplan.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <type_traits>

namespace relulab {

namespace {

using json::field;

constexpr long long maxSeed = (1LL << 53);
constexpr long long maxSteps = 1'000'000'000'000LL;
constexpr int formatVersion = 1;
const char* const formatName = "relulab-experiment";

QString qs(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

double numberOr(const QJsonObject& object, const char* key, const std::string& where,
                double fallback) {
    const QJsonValue value = object.value(QLatin1String(key));
    return value.isUndefined() ? fallback : json::toFiniteNumber(value, field(where, key));
}

long long wholeOr(const QJsonObject& object, const char* key, const std::string& where,
                  long long fallback, long long low, long long high) {
    const QJsonValue value = object.value(QLatin1String(key));
    return value.isUndefined() ? fallback : json::toWhole(value, field(where, key), low, high);
}

std::string stringOr(const QJsonObject& object, const char* key, const std::string& where,
                     const std::string& fallback) {
    const QJsonValue value = object.value(QLatin1String(key));
    return value.isUndefined() ? fallback : json::toString(value, field(where, key));
}

// A name from one of the kinds' tables, or its fallback when the key is absent.
template <class Table, class Enum>
Enum enumFrom(const QJsonObject& object, const char* key, const std::string& where,
              const Table& table, Enum fallback) {
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isUndefined())
        return fallback;
    const std::string name = json::toString(value, field(where, key));
    const auto found = table.fromName(name);
    if (!found)
        throw InvalidInput(field(where, key),
                           "unknown value \"" + name + "\" (known: " + table.joinedNames() + ")");
    return *found;
}

QJsonArray stringsToJson(const std::vector<std::string>& values) {
    QJsonArray array;
    for (const std::string& v : values)
        array.append(qs(v));
    return array;
}

std::vector<std::string> stringsFromJson(const QJsonObject& object, const char* key,
                                         const std::string& where) {
    std::vector<std::string> values;
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isUndefined())
        return values;
    const QJsonArray array = json::toArray(value, field(where, key));
    for (qsizetype i = 0; i < array.size(); ++i)
        values.push_back(json::toString(array[i], json::index(field(where, key), i)));
    return values;
}

QJsonArray numbersToJson(const std::vector<double>& values) {
    QJsonArray array;
    for (double v : values)
        array.append(v);
    return array;
}

std::vector<double> numbersFromJson(const QJsonValue& value, const std::string& where) {
    const arma::vec v = json::toVector(value, where);
    return {v.begin(), v.end()};
}

// ---- data set ----

// A data set holds the fields its kind uses (core/datasetkinds.h), each as its type says.
QJsonValue datasetFieldToJson(const DatasetSpec& d, DatasetField f) {
    return visitField(d, f, [](const auto& member) -> QJsonValue {
        using T = std::decay_t<decltype(member)>;
        if constexpr (std::is_same_v<T, XSpacing>)
            return qs(xSpacings.name(member));
        else if constexpr (std::is_same_v<T, std::string>)
            return qs(member);
        else if constexpr (std::is_same_v<T, std::vector<std::string>>)
            return stringsToJson(member);
        else
            return member;
    });
}

void datasetFieldFromJson(const QJsonObject& o, const std::string& where, DatasetField f,
                          DatasetSpec& d) {
    const char* key = datasetFields[f].name.data(); // the names are literals: terminated
    visitField(d, f, [&](auto& member) {
        using T = std::decay_t<decltype(member)>;
        if constexpr (std::is_same_v<T, XSpacing>)
            member = enumFrom(o, key, where, xSpacings, member);
        else if constexpr (std::is_same_v<T, std::string>)
            member = stringOr(o, key, where, member);
        else if constexpr (std::is_same_v<T, std::vector<std::string>>)
            member = stringsFromJson(o, key, where);
        else if constexpr (std::is_same_v<T, int>) // the kind's limits are checked after
            member =
                static_cast<int>(wholeOr(o, key, where, member, std::numeric_limits<int>::min(),
                                         std::numeric_limits<int>::max()));
        else
            member = numberOr(o, key, where, member);
    });
}

QJsonObject datasetToJson(const DatasetSpec& d) {
    QJsonObject o{{QStringLiteral("kind"), qs(datasetKinds.name(d.kind))}};
    for (const FieldUse& use : datasetKinds[d.kind].fields) {
        const QJsonValue value = datasetFieldToJson(d, use.field);
        const bool optionalAndEmpty = use.low < 1 && value.isString() && value.toString().isEmpty();
        if (!optionalAndEmpty) // an optional text left empty (csv_test) is left out
            o.insert(qs(datasetFields[use.field].name), value);
    }
    return o;
}

DatasetSpec datasetFromJson(const QJsonObject& o, const std::string& where, std::uint32_t seed) {
    std::vector<std::string> keys{"kind"};
    for (const DatasetFieldDescriptor& f : datasetFields)
        keys.emplace_back(f.name);
    json::checkKeys(o, keys, where);
    const std::string kindName =
        json::toString(json::require(o, "kind", where), field(where, "kind"));
    const auto kind = datasetKinds.fromName(kindName);
    if (!kind)
        throw InvalidInput(field(where, "kind"), "unknown data set \"" + kindName + "\" (known: " +
                                                     datasetKinds.joinedNames() + ")");
    DatasetSpec d = DatasetSpec::defaults(*kind);
    d.seed = seed;
    // Fields the kind does not use are read (older files may hold them) and never used.
    for (const DatasetFieldDescriptor& f : datasetFields)
        datasetFieldFromJson(o, where, f.kind, d);
    try {
        checkDatasetSettings(d);
    } catch (const InvalidInput& error) {
        const DatasetFieldDescriptor* f = datasetFieldOf(error.field().field);
        if (!f)
            throw;
        throw InvalidInput(field(where, std::string(f->name).c_str()), error.message(),
                           error.field());
    }
    return d;
}

// ---- network, initializers and trainable layers ----

QJsonObject initializerToJson(const InitializerSpec& init) {
    QJsonObject o{{QStringLiteral("kind"), qs(initializerKinds.name(init.kind))}};
    switch (initializerParameters(init.kind)) {
    case InitializerParameters::Value:
        o.insert(QStringLiteral("value"), init.value);
        break;
    case InitializerParameters::Interval:
        o.insert(QStringLiteral("low"), init.low);
        o.insert(QStringLiteral("high"), init.high);
        break;
    case InitializerParameters::Values:
        o.insert(QStringLiteral("weights"), numbersToJson(init.weights));
        o.insert(QStringLiteral("biases"), numbersToJson(init.biases));
        break;
    case InitializerParameters::None:
        break;
    }
    return o;
}

InitializerSpec initializerFromJson(const QJsonValue& value, const std::string& where) {
    const QJsonObject o = json::toObject(value, where);
    json::checkKeys(o, {"kind", "value", "low", "high", "weights", "biases"}, where);
    const std::string name = json::toString(json::require(o, "kind", where), field(where, "kind"));
    const auto kind = initializerKinds.fromName(name);
    if (!kind)
        throw InvalidInput(field(where, "kind"), "unknown initializer \"" + name + "\" (known: " +
                                                     initializerKinds.joinedNames() + ")");
    InitializerSpec init = InitializerSpec::of(*kind);
    const InitializerParameters parameters = initializerParameters(*kind);
    if (parameters == InitializerParameters::Value)
        init.value = json::toFiniteNumber(json::require(o, "value", where), field(where, "value"));
    init.low = numberOr(o, "low", where, init.low);
    init.high = numberOr(o, "high", where, init.high);
    if (parameters == InitializerParameters::Values) {
        init.weights = numbersFromJson(json::require(o, "weights", where), field(where, "weights"));
        init.biases = numbersFromJson(json::require(o, "biases", where), field(where, "biases"));
    }
    return init;
}

QJsonObject networkToJson(const ExperimentSettings& s) {
    QJsonObject network = architectureToJson(s.architecture);
    QJsonArray layers = network.value(QStringLiteral("layers")).toArray();
    for (qsizetype l = 0; l < layers.size(); ++l) {
        QJsonObject layer = layers[l].toObject();
        const auto index = static_cast<std::size_t>(l);
        layer.insert(
            QStringLiteral("init"),
            initializerToJson(s.initializers.empty() ? InitializerSpec{} : s.initializers[index]));
        layer.insert(QStringLiteral("train"),
                     s.training.trainableLayers.empty() || s.training.trainableLayers[index]);
        layers[l] = layer;
    }
    network.insert(QStringLiteral("layers"), layers);
    return network;
}

// The layers carry "init" and "train" besides what the case format's architecture reader knows:
// take them out, and let that reader check the rest with the same field names.
void networkFromJson(const QJsonObject& network, const std::string& where, ExperimentSettings& s) {
    QJsonObject plain = network;
    const std::string layersWhere = field(where, "layers");
    QJsonArray layers = json::toArray(json::require(network, "layers", where), layersWhere);
    s.initializers.clear();
    s.training.trainableLayers.clear();
    for (qsizetype l = 0; l < layers.size(); ++l) {
        const std::string at = json::index(layersWhere, l);
        QJsonObject layer = json::toObject(layers[l], at);
        const QJsonValue init = layer.take(QStringLiteral("init"));
        s.initializers.push_back(init.isUndefined() ? InitializerSpec{}
                                                    : initializerFromJson(init, field(at, "init")));
        const QJsonValue train = layer.take(QStringLiteral("train"));
        s.training.trainableLayers.push_back(train.isUndefined() ||
                                             json::toBool(train, field(at, "train")));
        layers[l] = layer;
    }
    plain.insert(QStringLiteral("layers"), layers);
    s.architecture = architectureFromJson(plain, where);
    for (std::size_t l = 0; l < s.initializers.size(); ++l)
        checkInitializer(s.initializers[l], s.architecture, l,
                         field(json::index(layersWhere, static_cast<qsizetype>(l)), "init"));
    bool allTrain = true;
    for (bool t : s.training.trainableLayers)
        allTrain = allTrain && t;
    if (allTrain)
        s.training.trainableLayers.clear(); // the engine's "all layers"
}

// ---- training ----

QJsonObject trainingToJson(const ExperimentSettings& s) {
    const OptimizerSpec& o = s.training.optimizer;
    QJsonObject t{{QStringLiteral("optimizer"), qs(optimizerKinds.name(o.kind))},
                  {QStringLiteral("lr"), o.learningRate}};
    if (o.kind == OptimizerKind::Sgd) {
        t.insert(QStringLiteral("momentum"), o.momentum);
    } else {
        t.insert(QStringLiteral("beta1"), o.beta1);
        t.insert(QStringLiteral("beta2"), o.beta2);
        t.insert(QStringLiteral("eps"), o.epsilon);
    }
    t.insert(QStringLiteral("weight_decay"), o.weightDecay);
    t.insert(QStringLiteral("sampling"), qs(samplingKinds.name(s.training.sampling)));
    if (s.training.sampling != SamplingKind::FullBatch)
        t.insert(QStringLiteral("batch_size"), static_cast<double>(s.training.batchSize));
    t.insert(QStringLiteral("steps"), static_cast<double>(s.steps));
    t.insert(QStringLiteral("snapshot_every"), static_cast<double>(s.snapshotEvery));
    if (s.ridgeLambda)
        t.insert(QStringLiteral("ridge_lambda"), *s.ridgeLambda);
    return t;
}

void trainingFromJson(const QJsonObject& t, const std::string& where, ExperimentSettings& s) {
    json::checkKeys(t,
                    {"optimizer", "lr", "momentum", "weight_decay", "beta1", "beta2", "eps",
                     "sampling", "batch_size", "steps", "snapshot_every", "ridge_lambda"},
                    where);
    OptimizerSpec& o = s.training.optimizer;
    o.kind = enumFrom(t, "optimizer", where, optimizerKinds, OptimizerKind::Sgd);
    o.learningRate = json::toFiniteNumber(json::require(t, "lr", where), field(where, "lr"));
    o.momentum = numberOr(t, "momentum", where, o.momentum);
    o.weightDecay = numberOr(t, "weight_decay", where, o.weightDecay);
    o.beta1 = numberOr(t, "beta1", where, o.beta1);
    o.beta2 = numberOr(t, "beta2", where, o.beta2);
    o.epsilon = numberOr(t, "eps", where, o.epsilon);
    o.validate(where);
    s.training.sampling = enumFrom(t, "sampling", where, samplingKinds, SamplingKind::FullBatch);
    s.training.batchSize = static_cast<std::size_t>(
        wholeOr(t, "batch_size", where, 0, s.training.sampling == SamplingKind::FullBatch ? 0 : 1,
                10'000'000));
    s.steps = static_cast<long>(
        json::toWhole(json::require(t, "steps", where), field(where, "steps"), 0, maxSteps));
    s.snapshotEvery = static_cast<long>(json::toWhole(json::require(t, "snapshot_every", where),
                                                      field(where, "snapshot_every"), 1, maxSteps));
    if (s.steps > 0 && s.snapshotEvery > s.steps)
        throw InvalidInput(field(where, "snapshot_every"), "is " + std::to_string(s.snapshotEvery) +
                                                               ", larger than the " +
                                                               std::to_string(s.steps) + " steps");
    const QJsonValue ridge = t.value(QStringLiteral("ridge_lambda"));
    s.ridgeLambda.reset();
    if (!ridge.isUndefined()) {
        s.ridgeLambda = json::toFiniteNumber(ridge, field(where, "ridge_lambda"));
        if (*s.ridgeLambda <= 0)
            throw InvalidInput(field(where, "ridge_lambda"), "must be > 0");
    }
}

// ---- run results ----

QJsonValue numberOrNull(double value) {
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
}

double numberFromNullable(const QJsonValue& value, const std::string& where) {
    return value.isNull() ? std::numeric_limits<double>::quiet_NaN()
                          : json::toFiniteNumber(value, where);
}

QJsonArray columnsToJson(const arma::mat& columns, std::size_t count) {
    QJsonArray array;
    for (std::size_t c = 0; c < count; ++c) {
        QJsonArray column;
        for (arma::uword r = 0; r < columns.n_rows; ++r)
            column.append(numberOrNull(columns(r, c)));
        array.append(column);
    }
    return array;
}

arma::mat columnsFromJson(const QJsonValue& value, const std::string& where, std::size_t rows,
                          std::size_t count) {
    const QJsonArray array = json::toArray(value, where);
    if (static_cast<std::size_t>(array.size()) != count)
        throw InvalidInput(where, "expected " + std::to_string(count) + " snapshots, got " +
                                      std::to_string(array.size()));
    arma::mat out(rows, count);
    for (std::size_t c = 0; c < count; ++c)
        out.col(c) = json::toVector(array[static_cast<qsizetype>(c)],
                                    json::index(where, static_cast<qsizetype>(c)),
                                    static_cast<qsizetype>(rows));
    return out;
}

} // namespace

QJsonObject settingsToJson(const ExperimentSettings& s) {
    return {
        {QStringLiteral("dataset"), datasetToJson(s.dataset)},
        {QStringLiteral("network"), networkToJson(s)},
        {QStringLiteral("loss"), qs(lossKinds.name(s.loss))},
        {QStringLiteral("training"), trainingToJson(s)},
        {QStringLiteral("seeds"),
         QJsonObject{{QStringLiteral("data"), static_cast<double>(s.dataset.seed)},
                     {QStringLiteral("init"), static_cast<double>(s.initSeed)},
                     {QStringLiteral("sampling"), static_cast<double>(s.training.samplingSeed)}}}};
}

ExperimentSettings settingsFromJson(const QJsonObject& o, const std::string& where) {
    json::checkKeys(o, {"dataset", "network", "loss", "training", "seeds"}, where);
    ExperimentSettings s;
    const std::string seedsWhere = field(where, "seeds");
    const QJsonObject seeds = json::toObject(json::require(o, "seeds", where), seedsWhere);
    json::checkKeys(seeds, {"data", "init", "sampling"}, seedsWhere);
    const auto dataSeed = static_cast<std::uint32_t>(
        wholeOr(seeds, "data", seedsWhere, 1, 0, std::numeric_limits<std::uint32_t>::max()));
    s.initSeed = static_cast<std::uint64_t>(wholeOr(seeds, "init", seedsWhere, 0, 0, maxSeed));
    s.training.samplingSeed =
        static_cast<std::uint64_t>(wholeOr(seeds, "sampling", seedsWhere, 0, 0, maxSeed));
    s.dataset =
        datasetFromJson(json::toObject(json::require(o, "dataset", where), field(where, "dataset")),
                        field(where, "dataset"), dataSeed);
    networkFromJson(json::toObject(json::require(o, "network", where), field(where, "network")),
                    field(where, "network"), s);
    s.loss = enumFrom(o, "loss", where, lossKinds, LossKind::Mse);
    const std::vector<bool> trainable = s.training.trainableLayers;
    trainingFromJson(json::toObject(json::require(o, "training", where), field(where, "training")),
                     field(where, "training"), s);
    s.training.trainableLayers = trainable;
    return s;
}

QJsonObject sweepToJson(const SweepSpec& sweep) {
    QJsonObject o;
    auto ints = [](const auto& values) {
        QJsonArray array;
        for (auto v : values)
            array.append(static_cast<double>(v));
        return array;
    };
    if (!sweep.widths.empty())
        o.insert(QStringLiteral("widths"), ints(sweep.widths));
    if (!sweep.hiddenLayers.empty())
        o.insert(QStringLiteral("hidden_layers"), ints(sweep.hiddenLayers));
    if (!sweep.initSeeds.empty())
        o.insert(QStringLiteral("init_seeds"), ints(sweep.initSeeds));
    if (!sweep.learningRates.empty())
        o.insert(QStringLiteral("learning_rates"), numbersToJson(sweep.learningRates));
    return o;
}

SweepSpec sweepFromJson(const QJsonObject& o, const std::string& where) {
    json::checkKeys(o, {"widths", "hidden_layers", "init_seeds", "learning_rates"}, where);
    SweepSpec sweep;
    auto wholes = [&](const char* key, long long low, long long high) {
        std::vector<long long> values;
        const QJsonValue value = o.value(QLatin1String(key));
        if (value.isUndefined())
            return values;
        const QJsonArray array = json::toArray(value, field(where, key));
        for (qsizetype i = 0; i < array.size(); ++i)
            values.push_back(json::toWhole(array[i], json::index(field(where, key), i), low, high));
        return values;
    };
    for (long long w : wholes("widths", 1, Architecture::maxUnits))
        sweep.widths.push_back(static_cast<int>(w));
    for (long long d : wholes("hidden_layers", 1, Architecture::maxLayers - 1))
        sweep.hiddenLayers.push_back(static_cast<int>(d));
    for (long long seed : wholes("init_seeds", 0, maxSeed))
        sweep.initSeeds.push_back(static_cast<std::uint64_t>(seed));
    const QJsonValue rates = o.value(QStringLiteral("learning_rates"));
    if (!rates.isUndefined()) {
        sweep.learningRates = numbersFromJson(rates, field(where, "learning_rates"));
        for (std::size_t i = 0; i < sweep.learningRates.size(); ++i)
            if (sweep.learningRates[i] <= 0)
                throw InvalidInput(
                    json::index(field(where, "learning_rates"), static_cast<qsizetype>(i)),
                    "must be > 0");
    }
    return sweep;
}

QJsonObject runToJson(const RunRecord& run) {
    const RunResult& r = run.result;
    const SnapshotSeries& s = r.snapshots;
    QJsonArray steps, train, test, trainSet;
    for (std::size_t i = 0; i < s.count; ++i) {
        steps.append(static_cast<double>(s.steps[i]));
        train.append(numberOrNull(s.trainError[i]));
        test.append(numberOrNull(s.testError[i]));
        trainSet.append(numberOrNull(s.trainSetError[i]));
    }
    return {
        {QStringLiteral("uid"), qs(run.uid)},
        {QStringLiteral("label"), qs(run.label)},
        {QStringLiteral("started_at"), qs(run.startedAt)},
        {QStringLiteral("settings"), settingsToJson(run.settings)},
        {QStringLiteral("status"), qs(runStatusKinds.name(r.status))},
        {QStringLiteral("message"), qs(r.message)},
        {QStringLiteral("steps_done"), static_cast<double>(r.stepsDone)},
        {QStringLiteral("wall_seconds"), r.wallSeconds},
        {QStringLiteral("backend"), qs(r.backend)},
        {QStringLiteral("initial_parameters"),
         json::fromVector(arma::conv_to<arma::vec>::from(r.initialParameters))},
        {QStringLiteral("final_parameters"),
         json::fromVector(arma::conv_to<arma::vec>::from(r.finalParameters))},
        {QStringLiteral("snapshots"),
         QJsonObject{
             {QStringLiteral("steps"), steps},
             {QStringLiteral("train_error"), train},
             {QStringLiteral("test_error"), test},
             {QStringLiteral("train_set_error"), trainSet},
             {QStringLiteral("parameters"),
              columnsToJson(arma::conv_to<arma::mat>::from(s.parameters), s.count)},
             {QStringLiteral("gradient_norms"), columnsToJson(s.gradientNorms, s.count)},
             {QStringLiteral("dead_units"),
              columnsToJson(arma::conv_to<arma::mat>::from(s.deadUnits), s.count)},
         }},
    };
}

RunRecord runFromJson(const QJsonObject& o, const std::string& where) {
    json::checkKeys(o,
                    {"uid", "label", "started_at", "settings", "status", "message", "steps_done",
                     "wall_seconds", "backend", "initial_parameters", "final_parameters",
                     "snapshots"},
                    where);
    RunRecord run;
    run.uid = stringOr(o, "uid", where, newUid());
    run.label = stringOr(o, "label", where, "");
    run.startedAt = stringOr(o, "started_at", where, "");
    run.settings = settingsFromJson(
        json::toObject(json::require(o, "settings", where), field(where, "settings")),
        field(where, "settings"));
    RunResult& r = run.result;
    r.status = enumFrom(o, "status", where, runStatusKinds, RunStatus::Failed);
    r.message = stringOr(o, "message", where, "");
    r.stepsDone = static_cast<long>(wholeOr(o, "steps_done", where, 0, 0, maxSteps));
    r.wallSeconds = numberOr(o, "wall_seconds", where, 0.0);
    r.backend = stringOr(o, "backend", where, "");
    const auto parameters = static_cast<qsizetype>(run.settings.architecture.parameterCount());
    const std::size_t layers = run.settings.architecture.layerCount();
    auto parameterVector = [&](const char* key) {
        const QJsonValue value = o.value(QLatin1String(key));
        if (value.isUndefined() || (value.isArray() && value.toArray().isEmpty()))
            return arma::fvec();
        return arma::conv_to<arma::fvec>::from(
            json::toVector(value, field(where, key), parameters));
    };
    r.initialParameters = parameterVector("initial_parameters");
    r.finalParameters = parameterVector("final_parameters");

    const std::string sw = field(where, "snapshots");
    const QJsonObject s = json::toObject(json::require(o, "snapshots", where), sw);
    json::checkKeys(s,
                    {"steps", "train_error", "test_error", "train_set_error", "parameters",
                     "gradient_norms", "dead_units"},
                    sw);
    const QJsonArray steps = json::toArray(json::require(s, "steps", sw), field(sw, "steps"));
    const auto count = static_cast<std::size_t>(steps.size());
    if (steps.size() > maxSnapshotsPerRun)
        throw InvalidInput(field(sw, "steps"), "has " + std::to_string(steps.size()) +
                                                   " snapshots; a run keeps at most " +
                                                   std::to_string(maxSnapshotsPerRun));
    std::vector<long> stepList;
    for (qsizetype i = 0; i < steps.size(); ++i)
        stepList.push_back(static_cast<long>(
            json::toWhole(steps[i], json::index(field(sw, "steps"), i), 0, maxSteps)));
    r.snapshots.allocate(stepList, static_cast<std::size_t>(parameters), layers);
    const QJsonArray train =
        json::toArray(json::require(s, "train_error", sw), field(sw, "train_error"));
    const QJsonArray test =
        json::toArray(json::require(s, "test_error", sw), field(sw, "test_error"));
    // Exports before the training set's error have none: NaN, shown as not measured.
    const QJsonValue trainSetValue = s.value(QStringLiteral("train_set_error"));
    const QJsonArray trainSet = trainSetValue.isUndefined()
                                    ? QJsonArray()
                                    : json::toArray(trainSetValue, field(sw, "train_set_error"));
    if (static_cast<std::size_t>(train.size()) != count ||
        static_cast<std::size_t>(test.size()) != count ||
        (!trainSetValue.isUndefined() && static_cast<std::size_t>(trainSet.size()) != count))
        throw InvalidInput(sw, "train_error, test_error and train_set_error need one value per "
                               "step");
    for (std::size_t i = 0; i < count; ++i) {
        const auto q = static_cast<qsizetype>(i);
        r.snapshots.trainError[i] =
            numberFromNullable(train[q], json::index(field(sw, "train_error"), q));
        r.snapshots.testError[i] =
            numberFromNullable(test[q], json::index(field(sw, "test_error"), q));
        if (!trainSet.isEmpty())
            r.snapshots.trainSetError[i] =
                numberFromNullable(trainSet[q], json::index(field(sw, "train_set_error"), q));
    }
    r.snapshots.parameters = arma::conv_to<arma::fmat>::from(
        columnsFromJson(json::require(s, "parameters", sw), field(sw, "parameters"),
                        static_cast<std::size_t>(parameters), count));
    r.snapshots.gradientNorms = columnsFromJson(json::require(s, "gradient_norms", sw),
                                                field(sw, "gradient_norms"), layers, count);
    r.snapshots.deadUnits = arma::conv_to<arma::imat>::from(
        columnsFromJson(json::require(s, "dead_units", sw), field(sw, "dead_units"),
                        layers > 0 ? layers - 1 : 0, count));
    r.snapshots.count = count;
    return run;
}

QJsonObject experimentToJson(const Experiment& e, bool withRuns) {
    QJsonObject o{{QStringLiteral("name"), qs(e.name)},
                  {QStringLiteral("notes"), qs(e.notes)},
                  {QStringLiteral("settings"), settingsToJson(e.settings)}};
    if (!e.sweep.empty())
        o.insert(QStringLiteral("sweep"), sweepToJson(e.sweep));
    if (withRuns) {
        QJsonArray runs;
        for (const RunRecord& run : e.runs)
            runs.append(runToJson(run));
        o.insert(QStringLiteral("runs"), runs);
    }
    return o;
}

Experiment experimentFromJson(const QJsonObject& o, const std::string& where) {
    json::checkKeys(o, {"name", "notes", "settings", "sweep", "runs"}, where);
    Experiment e;
    e.uid = newUid();
    e.name = json::toString(json::require(o, "name", where), field(where, "name"));
    if (e.name.empty())
        throw InvalidInput(field(where, "name"), "is empty");
    e.notes = stringOr(o, "notes", where, "");
    e.settings = settingsFromJson(
        json::toObject(json::require(o, "settings", where), field(where, "settings")),
        field(where, "settings"));
    const QJsonValue sweep = o.value(QStringLiteral("sweep"));
    if (!sweep.isUndefined())
        e.sweep =
            sweepFromJson(json::toObject(sweep, field(where, "sweep")), field(where, "sweep"));
    const QJsonValue runs = o.value(QStringLiteral("runs"));
    if (!runs.isUndefined()) {
        const QJsonArray array = json::toArray(runs, field(where, "runs"));
        for (qsizetype i = 0; i < array.size(); ++i) {
            const std::string at = json::index(field(where, "runs"), i);
            e.runs.push_back(runFromJson(json::toObject(array[i], at), at));
        }
    }
    return e;
}

void exportExperiment(const Experiment& experiment, bool withRuns, const QString& path) {
    const QJsonObject root{{QStringLiteral("format"), QLatin1String(formatName)},
                           {QStringLiteral("version"), formatVersion},
                           {QStringLiteral("experiment"), experimentToJson(experiment, withRuns)}};
    QSaveFile file(path); // writes a temporary file and renames it over `path` on commit
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(QJsonDocument(root).toJson(QJsonDocument::Indented)) < 0 || !file.commit())
        throw std::runtime_error(path.toStdString() +
                                 ": cannot write: " + file.errorString().toStdString());
}

Experiment importExperiment(const QString& path) {
    checkRegularFile(path.toStdString());
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw InvalidInput(path.toStdString(),
                           "cannot be opened: " + file.errorString().toStdString());
    const std::string name = path.toStdString();
    try {
        const QJsonObject root = json::parse(file.readAll()).object();
        json::checkKeys(root, {"format", "version", "experiment"}, "");
        if (root.value(QStringLiteral("format")).toString() != QLatin1String(formatName))
            throw InvalidInput("format",
                               "is not a ReLU Lab experiment export (expected \"format\": \"" +
                                   std::string(formatName) + "\")");
        const long long version =
            json::toWhole(json::require(root, "version", ""), "version", 1, 1'000'000);
        if (version > formatVersion)
            throw InvalidInput("version", "the file was written by a newer ReLU Lab (version " +
                                              std::to_string(version) + "; this one reads " +
                                              std::to_string(formatVersion) + ")");
        Experiment e = experimentFromJson(
            json::toObject(json::require(root, "experiment", ""), "experiment"), "experiment");
        for (RunRecord& run : e.runs)
            run.uid = newUid();
        return e;
    } catch (const InvalidInput& error) {
        throw error.under(name);
    }
}

} // namespace relulab
