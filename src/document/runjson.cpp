#include "document/runjson.h"

#include "core/error.h"
#include "document/experimentjson.h"
#include "document/jsonfields.h"
#include "document/snapshotarrays.h"
#include "runner/memoryplan.h"

#include <QJsonArray>

#include <cmath>
#include <limits>

namespace relulab {

namespace {

using json::enumFrom;
using json::field;
using json::numberOr;
using json::qs;
using json::stringOr;
using json::wholeOr;

QJsonValue numberOrNull(double value) {
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
}

double numberFromNullable(const QJsonValue& value, const std::string& where) {
    return value.isNull() ? std::numeric_limits<double>::quiet_NaN()
                          : json::toFiniteNumber(value, where);
}

QJsonArray vectorToJson(const arma::vec& values) {
    QJsonArray array;
    for (const double value : values)
        array.append(numberOrNull(value));
    return array;
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

// A run's arrays: a diverged run's parameters and gradient norms are not finite, written as
// null (JSON has no NaN or infinity) and read back as NaN. Dead unit counts are never null.
enum class Nulls { AreNaN, Refused };

arma::vec vectorFromJson(const QJsonValue& value, const std::string& where, qsizetype length,
                         Nulls nulls) {
    if (nulls == Nulls::Refused)
        return json::toVector(value, where, length);
    const QJsonArray array = json::toArray(value, where);
    if (array.size() != length)
        throw InvalidInput(where, "expected " + std::to_string(length) + " numbers, got " +
                                      std::to_string(array.size()));
    arma::vec out(static_cast<arma::uword>(length));
    for (qsizetype i = 0; i < length; ++i)
        out[static_cast<arma::uword>(i)] = numberFromNullable(array[i], json::index(where, i));
    return out;
}

arma::mat columnsFromJson(const QJsonValue& value, const std::string& where, std::size_t rows,
                          std::size_t count, Nulls nulls) {
    const QJsonArray array = json::toArray(value, where);
    if (static_cast<std::size_t>(array.size()) != count)
        throw InvalidInput(where, "expected " + std::to_string(count) + " snapshots, got " +
                                      std::to_string(array.size()));
    arma::mat out(rows, count);
    for (std::size_t c = 0; c < count; ++c)
        out.col(c) = vectorFromJson(array[static_cast<qsizetype>(c)],
                                    json::index(where, static_cast<qsizetype>(c)),
                                    static_cast<qsizetype>(rows), nulls);
    return out;
}

} // namespace

QJsonObject runToJson(const RunRecord& run) {
    const RunResult& r = run.result;
    const SnapshotSeries& s = r.snapshots;
    QJsonArray steps, train, test, trainSet, trainAccuracy, testAccuracy;
    for (std::size_t i = 0; i < s.count; ++i) {
        steps.append(static_cast<double>(s.steps[i]));
        train.append(numberOrNull(s.trainError[i]));
        test.append(numberOrNull(s.testError[i]));
        trainSet.append(numberOrNull(s.trainSetError[i]));
        trainAccuracy.append(numberOrNull(s.trainAccuracy[i]));
        testAccuracy.append(numberOrNull(s.testAccuracy[i]));
    }
    QJsonObject object{
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
         vectorToJson(arma::conv_to<arma::vec>::from(r.initialParameters))},
        {QStringLiteral("final_parameters"),
         vectorToJson(arma::conv_to<arma::vec>::from(r.finalParameters))},
        {QStringLiteral("snapshots"),
         QJsonObject{
             {QStringLiteral("steps"), steps},
             {QStringLiteral("train_error"), train},
             {QStringLiteral("test_error"), test},
             {QStringLiteral("train_set_error"), trainSet},
             {QStringLiteral("train_accuracy"), trainAccuracy},
             {QStringLiteral("test_accuracy"), testAccuracy},
             {QStringLiteral("parameters"),
              columnsToJson(arma::conv_to<arma::mat>::from(s.parameters), s.count)},
             {QStringLiteral("gradient_norms"), columnsToJson(s.gradientNorms, s.count)},
             {QStringLiteral("dead_units"),
              columnsToJson(arma::conv_to<arma::mat>::from(s.deadUnits), s.count)},
         }},
    };
    if (run.parent)
        object.insert(QStringLiteral("continued_from"),
                      QJsonObject{{QStringLiteral("run"), qs(run.parent->uid)},
                                  {QStringLiteral("step"), static_cast<double>(run.parent->step)}});
    return object;
}

RunRecord runFromJson(const QJsonObject& o, const std::string& where) {
    json::checkKeys(o,
                    {"uid", "label", "started_at", "settings", "status", "message", "steps_done",
                     "wall_seconds", "backend", "initial_parameters", "final_parameters",
                     "snapshots", "continued_from"},
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
    r.stepsDone = static_cast<long>(wholeOr(o, "steps_done", where, 0, 0, maxStepsInFiles));
    r.wallSeconds = numberOr(o, "wall_seconds", where, 0.0);
    r.backend = stringOr(o, "backend", where, "");
    if (o.contains(QLatin1String("continued_from"))) {
        const std::string pw = field(where, "continued_from");
        const QJsonObject parent = json::toObject(o.value(QLatin1String("continued_from")), pw);
        json::checkKeys(parent, {"run", "step"}, pw);
        run.parent =
            RunParent{json::toString(json::require(parent, "run", pw), field(pw, "run")),
                      static_cast<long>(json::toWhole(json::require(parent, "step", pw),
                                                      field(pw, "step"), 0, maxStepsInFiles))};
    }
    const auto parameters = static_cast<qsizetype>(run.settings.architecture.parameterCount());
    const std::size_t layers = run.settings.architecture.layerCount();
    auto parameterVector = [&](const char* key) {
        const QJsonValue value = o.value(QLatin1String(key));
        if (value.isUndefined() || (value.isArray() && value.toArray().isEmpty()))
            return arma::fvec();
        const arma::vec values =
            vectorFromJson(value, field(where, key), parameters, Nulls::AreNaN);
        checkSinglePrecisionRange(values, field(where, key));
        return arma::conv_to<arma::fvec>::from(values);
    };
    r.initialParameters = parameterVector("initial_parameters");
    r.finalParameters = parameterVector("final_parameters");

    const std::string sw = field(where, "snapshots");
    const QJsonObject s = json::toObject(json::require(o, "snapshots", where), sw);
    json::checkKeys(s,
                    {"steps", "train_error", "test_error", "train_set_error", "train_accuracy",
                     "test_accuracy", "parameters", "gradient_norms", "dead_units"},
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
            json::toWhole(steps[i], json::index(field(sw, "steps"), i), 0, maxStepsInFiles)));
    r.snapshots.allocate(stepList, static_cast<std::size_t>(parameters), layers);
    const QJsonArray train =
        json::toArray(json::require(s, "train_error", sw), field(sw, "train_error"));
    const QJsonArray test =
        json::toArray(json::require(s, "test_error", sw), field(sw, "test_error"));
    if (static_cast<std::size_t>(train.size()) != count ||
        static_cast<std::size_t>(test.size()) != count)
        throw InvalidInput(sw, "train_error and test_error need one value per step");
    for (std::size_t i = 0; i < count; ++i) {
        const auto q = static_cast<qsizetype>(i);
        r.snapshots.trainError[i] =
            numberFromNullable(train[q], json::index(field(sw, "train_error"), q));
        r.snapshots.testError[i] =
            numberFromNullable(test[q], json::index(field(sw, "test_error"), q));
    }
    // Exports from before the training set's error and the accuracies lack them: NaN, shown as
    // not measured.
    auto optionalPerStep = [&](const char* key, std::vector<double>& into) {
        const QJsonValue value = s.value(QLatin1String(key));
        if (value.isUndefined())
            return;
        const QJsonArray values = json::toArray(value, field(sw, key));
        if (static_cast<std::size_t>(values.size()) != count)
            throw InvalidInput(field(sw, key), "needs one value per step (" +
                                                   std::to_string(count) + "), has " +
                                                   std::to_string(values.size()));
        for (std::size_t i = 0; i < count; ++i) {
            const auto q = static_cast<qsizetype>(i);
            into[i] = numberFromNullable(values[q], json::index(field(sw, key), q));
        }
    };
    optionalPerStep("train_set_error", r.snapshots.trainSetError);
    optionalPerStep("train_accuracy", r.snapshots.trainAccuracy);
    optionalPerStep("test_accuracy", r.snapshots.testAccuracy);
    for (std::size_t i = 0; i < count; ++i) {
        const auto q = static_cast<qsizetype>(i);
        checkAccuracy(r.snapshots.trainAccuracy[i], run.settings.loss,
                      json::index(field(sw, "train_accuracy"), q));
        checkAccuracy(r.snapshots.testAccuracy[i], run.settings.loss,
                      json::index(field(sw, "test_accuracy"), q));
    }
    const arma::mat snapshotParameters =
        columnsFromJson(json::require(s, "parameters", sw), field(sw, "parameters"),
                        static_cast<std::size_t>(parameters), count, Nulls::AreNaN);
    const arma::mat deadUnits =
        columnsFromJson(json::require(s, "dead_units", sw), field(sw, "dead_units"),
                        layers > 0 ? layers - 1 : 0, count, Nulls::Refused);
    for (std::size_t i = 0; i < count; ++i) {
        const auto q = static_cast<qsizetype>(i);
        checkSinglePrecisionRange(snapshotParameters.col(i),
                                  json::index(field(sw, "parameters"), q));
        checkDeadUnitCounts(deadUnits.col(i), run.settings.architecture,
                            json::index(field(sw, "dead_units"), q));
    }
    r.snapshots.parameters = arma::conv_to<arma::fmat>::from(snapshotParameters);
    r.snapshots.gradientNorms =
        columnsFromJson(json::require(s, "gradient_norms", sw), field(sw, "gradient_norms"), layers,
                        count, Nulls::AreNaN);
    r.snapshots.deadUnits = arma::conv_to<arma::imat>::from(deadUnits);
    r.snapshots.count = count;
    return run;
}

} // namespace relulab
