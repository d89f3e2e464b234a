#include "document/experimentjson.h"

#include "core/error.h"
#include "core/regularfile.h"
#include "document/casefile.h"
#include "document/jsonfields.h"
#include "document/runjson.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <type_traits>

namespace relulab {

namespace {

using json::field;

constexpr long long maxSeed = (1LL << 53);
constexpr int formatVersion = 1;
const char* const formatName = "relulab-experiment";

using json::enumFrom;
using json::numberOr;
using json::qs;
using json::stringOr;
using json::wholeOr;

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
    // Fields the kind does not use are checked (older files may hold them) and dropped, as
    // writing drops them: what is read is what a save writes back.
    DatasetSpec unused = d;
    for (const DatasetFieldDescriptor& f : datasetFields)
        datasetFieldFromJson(o, where, f.kind, datasetKinds[*kind].uses(f.kind) ? d : unused);
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
    // low and high are checked for every kind and kept where the kind uses them, as written.
    const double low = numberOr(o, "low", where, init.low);
    const double high = numberOr(o, "high", where, init.high);
    if (parameters == InitializerParameters::Interval) {
        init.low = low;
        init.high = high;
    }
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
        try {
            const QJsonValue init = layer.take(QStringLiteral("init"));
            s.initializers.push_back(init.isUndefined()
                                         ? InitializerSpec{}
                                         : initializerFromJson(init, field(at, "init")));
            const QJsonValue train = layer.take(QStringLiteral("train"));
            s.training.trainableLayers.push_back(train.isUndefined() ||
                                                 json::toBool(train, field(at, "train")));
        } catch (const InvalidInput& error) { // the path counts layers from 0: name it too
            throw InvalidInput(error.where(), error.message(), error.field(),
                               layerDisplayName(std::size_t(l), std::size_t(layers.size())));
        }
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
        json::toWhole(json::require(t, "steps", where), field(where, "steps"), 0, maxStepsInFiles));
    s.snapshotEvery =
        static_cast<long>(json::toWhole(json::require(t, "snapshot_every", where),
                                        field(where, "snapshot_every"), 1, maxStepsInFiles));
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
        // New uids (the runs may be imported twice), and continued runs' parents among them
        // follow theirs; a parent elsewhere keeps its uid.
        std::map<std::string, std::string> renewed;
        for (RunRecord& run : e.runs)
            run.uid = renewed[run.uid] = newUid();
        for (RunRecord& run : e.runs)
            if (run.parent && renewed.contains(run.parent->uid))
                run.parent->uid = renewed[run.parent->uid];
        return e;
    } catch (const InvalidInput& error) {
        throw error.under(name);
    }
}

} // namespace relulab
