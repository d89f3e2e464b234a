#include "document/casefile.h"

#include "core/error.h"
#include "core/regularfile.h"
#include "document/jsonfields.h"

#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>

#include <algorithm>
#include <stdexcept>

namespace relulab {

QJsonObject architectureToJson(const Architecture& architecture) {
    QJsonArray layers;
    for (const LayerSpec& layer : architecture.layers) {
        QJsonObject object{{QStringLiteral("units"), layer.units},
                           {QStringLiteral("activation"),
                            QString::fromLatin1(activationKinds.name(layer.activation.kind))}};
        const std::string_view parameter = activationParameterName(layer.activation.kind);
        if (!parameter.empty())
            object.insert(QString::fromLatin1(parameter), layer.activation.parameter);
        layers.append(object);
    }
    return {{QStringLiteral("inputs"), architecture.inputs}, {QStringLiteral("layers"), layers}};
}

Architecture architectureFromJson(const QJsonValue& value, const std::string& where) {
    const QJsonObject object = json::toObject(value, where);
    json::checkKeys(object, {"inputs", "layers"}, where);
    Architecture architecture;
    architecture.inputs =
        json::toInt(json::require(object, "inputs", where), json::field(where, "inputs"));
    const std::string layersWhere = json::field(where, "layers");
    const QJsonArray layers = json::toArray(json::require(object, "layers", where), layersWhere);
    for (qsizetype l = 0; l < layers.size(); ++l) {
        const std::string at = json::index(layersWhere, l);
        const QJsonObject layer = json::toObject(layers[l], at);
        LayerSpec spec;
        spec.units = json::toInt(json::require(layer, "units", at), json::field(at, "units"));
        const std::string name =
            json::toString(json::require(layer, "activation", at), json::field(at, "activation"));
        const auto kind = activationKinds.fromName(name);
        if (!kind)
            throw InvalidInput(json::field(at, "activation"),
                               "unknown activation \"" + name +
                                   "\" (known: " + activationKinds.joinedNames() + ")");
        const std::string_view parameterName = activationParameterName(*kind);
        spec.activation = {*kind, activationDefaultParameter(*kind)};
        if (!parameterName.empty()) {
            const std::string key(parameterName);
            json::checkKeys(layer, {"units", "activation", key.c_str()}, at);
            const QJsonValue parameter = layer.value(QString::fromStdString(key));
            if (!parameter.isUndefined())
                spec.activation.parameter =
                    json::toFiniteNumber(parameter, json::field(at, key.c_str()));
        } else {
            json::checkKeys(layer, {"units", "activation"}, at);
        }
        architecture.layers.push_back(spec);
    }
    architecture.validate(where);
    return architecture;
}

QJsonArray parametersToJson(const Architecture& architecture, const arma::vec& parameters) {
    QJsonArray tensors;
    for (const LayerSlice& s : architecture.slices()) {
        // The flat weight is row-major (units x inputs): reshape column-major as its transpose.
        const arma::mat weight =
            arma::reshape(parameters.subvec(s.weightOffset, s.biasOffset - 1), s.inputs, s.units)
                .t();
        tensors.append(json::fromMatrix(weight));
        tensors.append(json::fromVector(parameters.subvec(s.biasOffset, s.end() - 1)));
    }
    return tensors;
}

arma::vec parametersFromJson(const QJsonValue& value, const Architecture& architecture,
                             const std::string& where) {
    const QJsonArray tensors = json::toArray(value, where);
    const std::vector<LayerSlice> slices = architecture.slices();
    if (tensors.size() != static_cast<qsizetype>(2 * slices.size()))
        throw InvalidInput(where, "expected " + std::to_string(2 * slices.size()) +
                                      " tensors (weight and bias per layer), got " +
                                      std::to_string(tensors.size()));
    arma::vec parameters(architecture.parameterCount());
    for (std::size_t l = 0; l < slices.size(); ++l) {
        const LayerSlice& s = slices[l];
        const std::string weightWhere = json::index(where, static_cast<qsizetype>(2 * l));
        const arma::mat weight = json::toMatrix(tensors[static_cast<qsizetype>(2 * l)], weightWhere,
                                                static_cast<qsizetype>(s.inputs));
        if (weight.n_rows != s.units)
            throw InvalidInput(weightWhere,
                               "the weight needs " + std::to_string(s.units) +
                                   " rows (units), got " + std::to_string(weight.n_rows),
                               {}, layerDisplayName(l, slices.size()));
        parameters.subvec(s.weightOffset, s.biasOffset - 1) = arma::vectorise(weight.t());
        parameters.subvec(s.biasOffset, s.end() - 1) = json::toVector(
            tensors[static_cast<qsizetype>(2 * l + 1)],
            json::index(where, static_cast<qsizetype>(2 * l + 1)), static_cast<qsizetype>(s.units));
    }
    return parameters;
}

namespace {

EvaluationCase::FullBatchTraining trainingFromJson(const QJsonValue& value) {
    const std::string where = "full_batch_training";
    const QJsonObject object = json::toObject(value, where);
    json::checkKeys(object,
                    {"kind", "lr", "momentum", "weight_decay", "betas", "eps", "steps", "losses",
                     "final_parameters"},
                    where);
    EvaluationCase::FullBatchTraining training;
    const std::string kind =
        json::toString(json::require(object, "kind", where), json::field(where, "kind"));
    const auto optimizer = optimizerKinds.fromName(kind);
    if (!optimizer)
        throw InvalidInput(json::field(where, "kind"),
                           "unknown optimizer \"" + kind +
                               "\" (known: " + optimizerKinds.joinedNames() + ")");
    OptimizerSpec& spec = training.optimizer;
    spec.kind = *optimizer;
    spec.learningRate =
        json::toFiniteNumber(json::require(object, "lr", where), json::field(where, "lr"));
    auto optional = [&](const char* key, double& target) {
        if (object.contains(QLatin1String(key)))
            target =
                json::toFiniteNumber(object.value(QLatin1String(key)), json::field(where, key));
    };
    optional("momentum", spec.momentum);
    optional("weight_decay", spec.weightDecay);
    optional("eps", spec.epsilon);
    if (object.contains(QLatin1String("betas"))) {
        const arma::vec betas =
            json::toVector(object.value(QLatin1String("betas")), json::field(where, "betas"), 2);
        spec.beta1 = betas[0];
        spec.beta2 = betas[1];
    }
    const int steps =
        json::toInt(json::require(object, "steps", where), json::field(where, "steps"));
    if (steps < 1)
        throw InvalidInput(json::field(where, "steps"), "must be at least 1");
    training.steps = static_cast<std::size_t>(steps);
    spec.validate(where);
    return training;
}

// [low, high] for a net of 1 input, [[x_low, x_high], [y_low, y_high]] for 2; the intervals
// themselves are checked by EvaluationCase::validate.
std::vector<std::array<double, 2>> regionsBoxFromJson(const QJsonValue& value, int inputs) {
    const std::string where = "regions_box";
    if (inputs > 2)
        throw InvalidInput(where, "linear regions are for nets of 1 or 2 inputs; this one has " +
                                      std::to_string(inputs));
    const QJsonArray array = json::toArray(value, where);
    const bool nested =
        std::any_of(array.begin(), array.end(), [](const QJsonValue& v) { return v.isArray(); });
    if (inputs == 1) {
        if (array.size() != 2 || nested)
            throw InvalidInput(where, "expected [low, high] for a net of 1 input");
        return {{json::toFiniteNumber(array[0], json::index(where, 0)),
                 json::toFiniteNumber(array[1], json::index(where, 1))}};
    }
    if (array.size() != 2 || !array[0].isArray() || !array[1].isArray())
        throw InvalidInput(where,
                           "expected [[x_low, x_high], [y_low, y_high]] for a net of 2 inputs");
    std::vector<std::array<double, 2>> box;
    for (qsizetype i = 0; i < 2; ++i) {
        const arma::vec range = json::toVector(array[i], json::index(where, i), 2);
        box.push_back({range[0], range[1]});
    }
    return box;
}

QJsonObject regionsToJson(const EvaluationCase& input, const EvaluationResult::Regions& regions) {
    QJsonObject out{{QStringLiteral("count"), static_cast<qint64>(regions.count)}};
    if (input.network.inputs == 1) {
        out.insert(QStringLiteral("breakpoints"), json::fromVector(arma::vec(regions.breakpoints)));
        return out;
    }
    QJsonArray polygons;
    for (const LinearRegion& region : regions.regions) {
        QJsonArray polygon;
        for (const auto& point : region.polygon)
            polygon.append(QJsonArray{point[0], point[1]});
        polygons.append(polygon);
    }
    out.insert(QStringLiteral("regions"), polygons);
    return out;
}

} // namespace

EvaluationCase parseEvaluationCase(const QByteArray& text) {
    const QJsonObject root = json::parse(text).object();
    json::checkKeys(root,
                    {"name", "note", "dtype", "parameter_order", "network", "loss", "parameters",
                     "x", "y", "output", "loss_value", "loss_gradients", "dead_units_per_layer",
                     "gradient_norm_per_layer", "jacobian", "singular_values",
                     "full_batch_training", "regions_box", "linear_regions"},
                    "");
    EvaluationCase input;
    input.network = architectureFromJson(json::require(root, "network", ""), "network");
    const std::string loss = json::toString(json::require(root, "loss", ""), "loss");
    const auto lossKind = lossKinds.fromName(loss);
    if (!lossKind)
        throw InvalidInput("loss", "unknown loss \"" + loss +
                                       "\" (known: " + lossKinds.joinedNames() + ")");
    input.loss = *lossKind;
    input.parameters =
        parametersFromJson(json::require(root, "parameters", ""), input.network, "parameters");
    input.x = json::toMatrix(json::require(root, "x", ""), "x", input.network.inputs);
    input.y = json::toMatrix(json::require(root, "y", ""), "y");
    if (root.contains(QLatin1String("full_batch_training")))
        input.training = trainingFromJson(root.value(QLatin1String("full_batch_training")));
    if (root.contains(QLatin1String("regions_box")))
        input.regionsBox =
            regionsBoxFromJson(root.value(QLatin1String("regions_box")), input.network.inputs);
    input.validate();
    return input;
}

EvaluationCase readEvaluationCase(const QString& path) {
    try {
        checkRegularFile(path.toStdString());
    } catch (const InvalidInput& error) {
        throw InvalidInput({}, error.message()); // the command names the file
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw std::runtime_error("cannot open: " + file.errorString().toStdString());
    return parseEvaluationCase(file.readAll());
}

QJsonObject evaluationCaseToJson(const EvaluationCase& input, const QString& name,
                                 const QString& note) {
    return {
        {QStringLiteral("name"), name},
        {QStringLiteral("note"), note},
        {QStringLiteral("network"), architectureToJson(input.network)},
        {QStringLiteral("loss"), QString::fromLatin1(lossKinds.name(input.loss))},
        {QStringLiteral("parameter_order"),
         QStringLiteral("per layer: weight (out x in, row-major) then bias, first layer first")},
        {QStringLiteral("parameters"), parametersToJson(input.network, input.parameters)},
        {QStringLiteral("x"), json::fromMatrix(input.x)},
        {QStringLiteral("y"), json::fromMatrix(input.y)}};
}

void writeCaseFile(const QJsonObject& text, const QString& path) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(QJsonDocument(text).toJson(QJsonDocument::Indented)) < 0 || !file.commit())
        throw std::runtime_error(path.toStdString() +
                                 ": cannot write: " + file.errorString().toStdString());
}

QJsonObject evaluationResultToJson(const EvaluationCase& input, const EvaluationResult& result,
                                   Precision precision) {
    QJsonObject out;
    out.insert(QStringLiteral("dtype"), precision == Precision::Float32
                                            ? QStringLiteral("float32")
                                            : QStringLiteral("float64"));
    out.insert(QStringLiteral("network"), architectureToJson(input.network));
    out.insert(QStringLiteral("loss"), QString::fromLatin1(lossKinds.name(input.loss)));
    out.insert(QStringLiteral("output"), json::fromMatrix(result.output));
    out.insert(QStringLiteral("loss_value"), result.lossValue);
    out.insert(QStringLiteral("loss_gradients"),
               parametersToJson(input.network, result.lossGradient));
    QJsonArray dead;
    for (const auto& count : result.deadUnitsPerLayer)
        dead.append(count ? QJsonValue(*count) : QJsonValue(QJsonValue::Null));
    out.insert(QStringLiteral("dead_units_per_layer"), dead);
    out.insert(QStringLiteral("gradient_norm_per_layer"),
               json::fromVector(arma::vec(result.gradientNormPerLayer)));
    if (result.jacobian)
        out.insert(QStringLiteral("jacobian"), json::fromMatrix(*result.jacobian));
    if (result.singularValues)
        out.insert(QStringLiteral("singular_values"), json::fromVector(*result.singularValues));
    if (result.training && input.training) {
        const OptimizerSpec& spec = input.training->optimizer;
        QJsonObject training{
            {QStringLiteral("kind"), QString::fromLatin1(optimizerKinds.name(spec.kind))},
            {QStringLiteral("lr"), spec.learningRate},
            {QStringLiteral("steps"), static_cast<qint64>(input.training->steps)},
            {QStringLiteral("losses"), json::fromVector(arma::vec(result.training->losses))},
            {QStringLiteral("final_parameters"),
             parametersToJson(input.network, result.training->finalParameters)}};
        if (spec.kind == OptimizerKind::Sgd && spec.momentum != 0.0)
            training.insert(QStringLiteral("momentum"), spec.momentum);
        if (spec.weightDecay != 0.0)
            training.insert(QStringLiteral("weight_decay"), spec.weightDecay);
        out.insert(QStringLiteral("full_batch_training"), training);
    }
    if (result.linearRegions)
        out.insert(QStringLiteral("linear_regions"), regionsToJson(input, *result.linearRegions));
    return out;
}

} // namespace relulab
