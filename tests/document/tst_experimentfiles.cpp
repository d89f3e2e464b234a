// What the fuzz targets (tests/fuzz) found in experiment exports, kept as tests: every export
// that imports writes back the same, and what cannot be stored faithfully is refused by name.
#include "core/error.h"
#include "document/experimentjson.h"
#include "document/runplan.h"
#include "document/runsession.h"
#include "document/templates.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <cmath>
#include <functional>

using namespace relulab;

namespace {

QJsonObject readJson(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll()).object()
                                          : QJsonObject();
}

void writeJson(const QString& path, const QJsonObject& root) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(QJsonDocument(root).toJson());
}

// Sets root.experiment.runs[0].KEY... through `edit`, which gets the run's object.
QJsonObject withFirstRunEdited(QJsonObject root, const std::function<void(QJsonObject&)>& edit) {
    QJsonObject experiment = root.value(QStringLiteral("experiment")).toObject();
    QJsonArray runs = experiment.value(QStringLiteral("runs")).toArray();
    QJsonObject run = runs.at(0).toObject();
    edit(run);
    runs.replace(0, run);
    experiment.insert(QStringLiteral("runs"), runs);
    root.insert(QStringLiteral("experiment"), experiment);
    return root;
}

// Replaces element [column][row] of the snapshots' array KEY.
void setSnapshotValue(QJsonObject& run, const char* key, int column, int row, double value) {
    QJsonObject snapshots = run.value(QStringLiteral("snapshots")).toObject();
    QJsonArray columns = snapshots.value(QLatin1String(key)).toArray();
    QJsonArray values = columns.at(column).toArray();
    values.replace(row, value);
    columns.replace(column, values);
    snapshots.insert(QLatin1String(key), columns);
    run.insert(QStringLiteral("snapshots"), snapshots);
}

QString refusal(const QString& path) {
    try {
        (void)importExperiment(path);
    } catch (const InvalidInput& error) {
        return QString::fromStdString(error.what());
    }
    return {};
}

} // namespace

class TestExperimentFiles : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_trained; // the xor ReLU net with its run, exported

    QString file(const char* name) const { return m_dir.filePath(QLatin1String(name)); }

private Q_SLOTS:
    void initTestCase() {
        Notebook notebook = makeTemplate("xor");
        {
            RunSession session(notebook, {2}, 1, {});
            while (session.poll())
                QThread::msleep(5);
        }
        QCOMPARE(notebook.experiments[2].runs.size(), std::size_t{1});
        m_trained = file("trained.json");
        exportExperiment(notebook.experiments[2], true, m_trained);
        QVERIFY(refusal(m_trained).isEmpty());
    }

    // Snapshots keep parameters as floats: 1e300 was accepted as finite, stored as inf, and
    // the export of what was imported no longer imported ("got null").
    void parametersPastSinglePrecisionAreRefused_data() {
        QTest::addColumn<QString>("field");
        QTest::newRow("snapshot") << QStringLiteral("snapshots.parameters[1][4]");
        QTest::newRow("final") << QStringLiteral("final_parameters[4]");
    }

    void parametersPastSinglePrecisionAreRefused() {
        QFETCH(QString, field);
        const QString path = file("large.json");
        writeJson(path, withFirstRunEdited(readJson(m_trained), [&](QJsonObject& run) {
                      if (field.startsWith(QLatin1String("snapshots")))
                          return setSnapshotValue(run, "parameters", 1, 4, 1e300);
                      QJsonArray final = run.value(QStringLiteral("final_parameters")).toArray();
                      final.replace(4, 1e300);
                      run.insert(QStringLiteral("final_parameters"), final);
                  }));
        const QString message = refusal(path);
        QVERIFY2(message.contains(QStringLiteral("experiment.runs[0].") + field +
                                  QStringLiteral(": 1e+300 is past single precision's range")),
                 qPrintable(message));
    }

    // Found by fuzz_notebook: a diverged run's parameters are not finite; its export wrote them
    // as null and importing the export refused it ("expected a finite number, got null").
    void aDivergedRunExportsAndImports() {
        Notebook notebook = makeTemplate("xor");
        Experiment& experiment = notebook.experiments[2];
        experiment.settings.training.optimizer.learningRate = 1e30;
        experiment.settings.steps = 200;
        {
            RunSession session(notebook, {2}, 1, {});
            while (session.poll())
                QThread::msleep(5);
        }
        const RunResult& trained = experiment.runs.at(0).result;
        QCOMPARE(trained.status, RunStatus::Diverged);
        QVERIFY(!trained.finalParameters.is_finite());
        // In memory and through a file.
        QCOMPARE(experimentFromJson(experimentToJson(experiment, true), "again").runs.size(),
                 std::size_t{1});
        const QString path = file("diverged.json");
        exportExperiment(experiment, true, path);
        const Experiment imported = importExperiment(path);
        const RunResult& read = imported.runs.at(0).result;
        QCOMPARE(read.status, RunStatus::Diverged);
        QCOMPARE(read.snapshots.count, trained.snapshots.count);
        for (arma::uword i = 0; i < trained.finalParameters.n_elem; ++i) {
            const float before = trained.finalParameters[i];
            const float after = read.finalParameters[i];
            QVERIFY(std::isfinite(before) ? after == before : std::isnan(after));
        }
    }

    // Dead units were taken as any number (-2, 0.5, more than the layer's units) and a count
    // past int's range was converted with undefined behaviour.
    void deadUnitCountsOutsideTheLayerAreRefused_data() {
        QTest::addColumn<double>("count");
        QTest::newRow("negative") << -2.0;
        QTest::newRow("fraction") << 0.5;
        QTest::newRow("more than the units") << 9.0;
        QTest::newRow("past int") << 1e300;
    }

    void deadUnitCountsOutsideTheLayerAreRefused() {
        QFETCH(double, count);
        const QString path = file("dead.json");
        writeJson(path, withFirstRunEdited(readJson(m_trained), [&](QJsonObject& run) {
                      setSnapshotValue(run, "dead_units", 2, 0, count);
                  }));
        const QString message = refusal(path);
        QVERIFY2(message.contains(QStringLiteral(
                     "experiment.runs[0].snapshots.dead_units[2][0]: dead units of hidden 1 must "
                     "be a whole number from 0 to 8 (or -1: not counted)")),
                 qPrintable(message));
    }

    // A field the data set's or initializer's kind does not use ("high" on xor, or on the
    // default initializer) was kept in the settings but never written: a save changed them.
    void fieldsTheKindDoesNotUseAreDropped() {
        QJsonObject root = readJson(m_trained);
        QJsonObject experiment = root.value(QStringLiteral("experiment")).toObject();
        experiment.remove(QStringLiteral("runs"));
        QJsonObject settings = experiment.value(QStringLiteral("settings")).toObject();
        settings.insert(QStringLiteral("dataset"),
                        QJsonObject{{QStringLiteral("kind"), QStringLiteral("xor")},
                                    {QStringLiteral("high"), 0},
                                    {QStringLiteral("expression"), QStringLiteral("x")}});
        QJsonObject network = settings.value(QStringLiteral("network")).toObject();
        QJsonArray layers = network.value(QStringLiteral("layers")).toArray();
        QJsonObject hidden = layers.at(0).toObject();
        hidden.insert(QStringLiteral("init"),
                      QJsonObject{{QStringLiteral("kind"), QStringLiteral("default")},
                                  {QStringLiteral("high"), 10}});
        layers.replace(0, hidden);
        network.insert(QStringLiteral("layers"), layers);
        settings.insert(QStringLiteral("network"), network);
        experiment.insert(QStringLiteral("settings"), settings);
        root.insert(QStringLiteral("experiment"), experiment);
        const QString path = file("unused.json");
        writeJson(path, root);
        const Experiment imported = importExperiment(path);
        QCOMPARE(imported.settings.dataset.high, DatasetSpec::defaults(DatasetKind::Xor).high);
        QVERIFY(imported.settings.dataset.expression.empty());
        QCOMPARE(imported.settings.initializers.at(0).high,
                 InitializerSpec::of(InitializerKind::PyTorchDefault).high);
        const Experiment again =
            experimentFromJson(experimentToJson(imported, false), "written again");
        QVERIFY(again.settings == imported.settings);
    }

    // A sweep's runs were all planned in memory before anything was checked: four lists of a
    // few hundred values asked for billions of runs.
    void sweepsPastTheRunLimitAreRefused() {
        Experiment experiment = makeTemplate("xor").experiments[2];
        for (int value = 1; value <= 101; ++value) {
            experiment.sweep.widths.push_back(value);
            experiment.sweep.initSeeds.push_back(static_cast<std::uint64_t>(value));
        }
        QCOMPARE(experiment.sweep.runCount(), std::size_t{10'201});
        try {
            validateExperiment(experiment, generatingDatasets(m_dir.path().toStdString()));
            QFAIL("a sweep of 10,201 runs was accepted");
        } catch (const InvalidInput& error) {
            QCOMPARE(QString::fromStdString(error.what()),
                     QStringLiteral("experiment \"ReLU net\": sweep: makes 10201 runs; a sweep "
                                    "makes at most 10000 (shorten its lists)"));
        }
        for (int value = 102; value <= 1000; ++value) {
            experiment.sweep.learningRates.push_back(value * 1e-4);
            experiment.sweep.hiddenLayers.push_back(1 + value % 8);
        }
        QVERIFY_THROWS_EXCEPTION(InvalidInput, (void)planRuns(experiment));
        experiment.sweep = {{10, 20}, {1, 2}, {1, 2, 3}, {}};
        QCOMPARE(planRuns(experiment).size(), std::size_t{12});
    }
};

QTEST_GUILESS_MAIN(TestExperimentFiles)
#include "tst_experimentfiles.moc"
