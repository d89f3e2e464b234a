// The notebook file: round trips of every template and of runs, JSON export and import, and
// bad input that must be refused without touching the file.
#include "core/error.h"
#include "document/experimentjson.h"
#include "document/jsonfields.h"
#include "document/notebookfile.h"
#include "document/notebooklock.h"
#include "document/runjson.h"
#include "document/runplan.h"
#include "document/runsession.h"
#include "document/templates.h"
#include "runner/homework.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>
#include <QThread>

#include <fcntl.h>
#include <unistd.h>

using namespace relulab;

namespace {

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeAll(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(bytes);
}

QByteArray settingsText(const ExperimentSettings& s) {
    return QJsonDocument(settingsToJson(s)).toJson(QJsonDocument::Compact);
}

// Trains every run of the chosen experiments to the end, storing into `path` when given.
void runAll(Notebook& notebook, const std::vector<std::size_t>& experiments, const QString& path) {
    RunSession session(notebook, experiments, 2, path);
    while (session.poll())
        QThread::msleep(5);
}

void checkRefused(const QString& path, const QString& expected) {
    const QByteArray before = readAll(path);
    try {
        notebookfile::load(path);
        QFAIL("loaded");
    } catch (const InvalidInput& error) {
        const QString message = QString::fromStdString(error.what());
        QVERIFY2(message.startsWith(path), error.what());
        QVERIFY2(message.contains(expected), error.what());
    }
    QCOMPARE(readAll(path), before); // a failed load never writes
}

} // namespace

class TestNotebook : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString file(const char* name) const { return m_dir.filePath(QLatin1String(name)); }

private Q_SLOTS:
    void everyTemplateSurvivesSaveAndLoad() {
        for (const NotebookTemplate& t : notebookTemplates()) {
            const Notebook notebook = makeTemplate(t.name);
            QVERIFY(!notebook.experiments.empty());
            const QString path = file("template.relulab");
            notebookfile::save(notebook, path);
            const Notebook loaded = notebookfile::load(path);
            QCOMPARE(loaded.experiments.size(), notebook.experiments.size());
            for (std::size_t i = 0; i < notebook.experiments.size(); ++i) {
                const Experiment& a = notebook.experiments[i];
                const Experiment& b = loaded.experiments[i];
                QCOMPARE(b.name, a.name);
                QCOMPARE(b.uid, a.uid);
                QCOMPARE(b.notes, a.notes);
                QCOMPARE(settingsText(b.settings), settingsText(a.settings));
                QVERIFY(b.settings == a.settings);
                QVERIFY(b.sweep == a.sweep);
                validateExperiment(b, generatingDatasets({})); // every template experiment can run
            }
        }
    }

    // A classifier's accuracies are stored; a notebook of format 2 (before them) opens with
    // none, and saving it upgrades it in place.
    void accuracyIsStoredAndFormatTwoUpgrades() {
        Notebook notebook = makeTemplate("xor");
        notebook.experiments.resize(1);
        notebook.experiments[0].settings.steps = 200;
        const QString path = file("accuracy.relulab");
        notebookfile::save(notebook, path);
        runAll(notebook, {0}, path);
        const SnapshotSeries& trained = notebook.experiments[0].runs.at(0).result.snapshots;
        QVERIFY(std::ranges::all_of(trained.trainAccuracy, [](double a) { return a >= 0; }));
        QCOMPARE(notebookfile::load(path).experiments[0].runs[0].result.snapshots.trainAccuracy,
                 trained.trainAccuracy);
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("format2"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            for (const char* sql :
                 {"ALTER TABLE snapshots DROP COLUMN train_accuracy",
                  "ALTER TABLE snapshots DROP COLUMN test_accuracy",
                  "ALTER TABLE runs DROP COLUMN parent_uid",
                  "ALTER TABLE runs DROP COLUMN parent_step", "PRAGMA user_version = 2"})
                QVERIFY2(QSqlQuery(db).exec(QLatin1String(sql)), sql);
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("format2"));
        Notebook older = notebookfile::load(path);
        const SnapshotSeries& read = older.experiments[0].runs.at(0).result.snapshots;
        QCOMPARE(read.trainError, trained.trainError);
        QVERIFY(std::ranges::all_of(read.trainAccuracy, [](double a) { return std::isnan(a); }));
        notebookfile::save(older, path);
        QCOMPARE(notebookfile::load(path).experiments[0].runs.at(0).result.snapshots.trainError,
                 trained.trainError);
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("format3"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery version = QSqlQuery(db);
            QVERIFY(version.exec(QStringLiteral("PRAGMA user_version")) && version.next());
            QCOMPARE(version.value(0).toInt(), notebookfile::schemaVersion);
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("format3"));
    }

    // A continued run keeps its parent (run and step) in the file and in an export; a
    // notebook of format 3 (before them) opens with none, and saving upgrades it.
    void continuedRunsKeepTheirParentAndFormatThreeUpgrades() {
        Notebook notebook = makeTemplate("linearized-features");
        notebook.experiments.resize(1);
        notebook.experiments[0].settings.steps = 3000;
        notebook.experiments[0].settings.snapshotEvery = 500;
        const QString path = file("continued.relulab");
        notebookfile::save(notebook, path);
        runAll(notebook, {0}, path);
        {
            RunSession session(notebook, RunSession::Continuation{0, 0, 1, 1000}, 2, path);
            while (session.poll())
                QThread::msleep(5);
        }
        const RunRecord& parent = notebook.experiments[0].runs.at(1);
        const RunRecord& child = notebook.experiments[0].runs.back();
        QCOMPARE(child.label, parent.label + " from 1000");
        QCOMPARE(child.parent, std::optional(RunParent{parent.uid, 1000}));
        const Notebook read = notebookfile::load(path);
        QCOMPARE(read.experiments[0].runs.back().parent, child.parent);
        QVERIFY(!read.experiments[0].runs.front().parent);
        const RunRecord back = runFromJson(runToJson(child), "run");
        QCOMPARE(back.parent, child.parent);
        QVERIFY(!runFromJson(runToJson(parent), "run").parent);
        // Imported, the runs get new uids, and the continued one's parent follows its own.
        exportExperiment(notebook.experiments[0], true, file("continued.json"));
        const Experiment imported = importExperiment(file("continued.json"));
        QVERIFY(imported.runs.at(1).uid != parent.uid);
        QCOMPARE(imported.runs.back().parent, std::optional(RunParent{imported.runs[1].uid, 1000}));
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("format3"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            for (const char* sql :
                 {"ALTER TABLE runs DROP COLUMN parent_uid",
                  "ALTER TABLE runs DROP COLUMN parent_step", "PRAGMA user_version = 3"})
                QVERIFY2(QSqlQuery(db).exec(QLatin1String(sql)), sql);
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("format3"));
        Notebook older = notebookfile::load(path);
        QVERIFY(!older.experiments[0].runs.back().parent);
        QCOMPARE(older.experiments[0].runs.back().result.snapshots.steps,
                 child.result.snapshots.steps);
        older.experiments[0].runs.back().parent = child.parent;
        notebookfile::save(older, path);
        QCOMPARE(notebookfile::load(path).experiments[0].runs.back().parent, child.parent);
    }

    void runsAreStoredAndReadBackExactly() {
        Notebook notebook = makeTemplate("linearized-features");
        notebook.experiments.resize(2);
        for (Experiment& e : notebook.experiments) {
            e.settings.steps = 3000;
            e.settings.snapshotEvery = 500;
        }
        const QString path = file("runs.relulab");
        notebookfile::save(notebook, path);
        runAll(notebook, {0, 1}, path);
        QCOMPARE(notebook.experiments[0].runs.size(), std::size_t{3}); // widths 10, 20, 40
        const Notebook loaded = notebookfile::load(path);
        for (std::size_t e = 0; e < 2; ++e) {
            QCOMPARE(loaded.experiments[e].runs.size(), std::size_t{3});
            for (std::size_t r = 0; r < 3; ++r) {
                const RunRecord& a = notebook.experiments[e].runs[r];
                const RunRecord& b = loaded.experiments[e].runs[r];
                QCOMPARE(b.label, a.label);
                QCOMPARE(b.result.status, RunStatus::Finished);
                QCOMPARE(b.result.stepsDone, 3000L);
                QCOMPARE(b.result.backend, a.result.backend);
                QVERIFY(b.settings == a.settings);
                QCOMPARE(b.result.snapshots.count, std::size_t{7});
                QCOMPARE(b.result.snapshots.steps, a.result.snapshots.steps);
                QCOMPARE(b.result.snapshots.trainError, a.result.snapshots.trainError);
                QCOMPARE(b.result.snapshots.testError, a.result.snapshots.testError);
                QVERIFY(std::ranges::all_of(a.result.snapshots.trainSetError,
                                            [](double e) { return std::isfinite(e); }));
                QCOMPARE(b.result.snapshots.trainSetError, a.result.snapshots.trainSetError);
                QVERIFY(arma::all(arma::vectorise(b.result.snapshots.parameters ==
                                                  a.result.snapshots.parameters)));
                QVERIFY(arma::approx_equal(b.result.snapshots.gradientNorms,
                                           a.result.snapshots.gradientNorms, "absdiff", 0));
                QVERIFY(arma::all(
                    arma::vectorise(b.result.snapshots.deadUnits == a.result.snapshots.deadUnits)));
                QVERIFY(arma::all(b.result.finalParameters == a.result.finalParameters));
                QVERIFY(arma::all(b.result.initialParameters == a.result.initialParameters));
            }
        }
        // A later save keeps the runs, and the file stays one file.
        notebookfile::save(loaded, path);
        QCOMPARE(notebookfile::load(path).experiments[1].runs.size(), std::size_t{3});
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
    }

    void exportAndImportRoundTrip() {
        Notebook notebook = makeTemplate("relu-sum");
        runAll(notebook, {0, 4}, {});
        const Experiment& trained = notebook.experiments[4];
        const QString json = file("export.json");
        exportExperiment(trained, true, json);
        const Experiment back = importExperiment(json);
        QCOMPARE(back.name, trained.name);
        QVERIFY(back.uid != trained.uid);
        QVERIFY(back.settings == trained.settings);
        QCOMPARE(back.runs.size(), std::size_t{1});
        QCOMPARE(back.runs[0].result.snapshots.trainError,
                 trained.runs[0].result.snapshots.trainError);
        QCOMPARE(back.runs[0].result.snapshots.trainSetError,
                 trained.runs[0].result.snapshots.trainSetError);
        QVERIFY(arma::all(arma::vectorise(back.runs[0].result.snapshots.parameters ==
                                          trained.runs[0].result.snapshots.parameters)));
        // The hand-set units: y = 1.9 relu(2.8 x - 2.85) - 1 at x = 10 is 46.785.
        const RunRecord& oneUnit = notebook.experiments[0].runs[0];
        QCOMPARE(oneUnit.result.snapshots.steps, std::vector<long>{0});
        Network<float> net(oneUnit.settings.architecture, oneUnit.result.finalParameters);
        QVERIFY(std::abs(net.predict(arma::fmat{10.0f})(0, 0) - 46.785f) < 1e-3f);
        exportExperiment(trained, false, json);
        QVERIFY(importExperiment(json).runs.empty());
    }

    // One writer a notebook: a second lock on it is refused naming who holds it, however the
    // path is spelled, until the first lets go.
    void aNotebookHasOneWriter() {
        const QString path = file("locked.relulab");
        notebookfile::save(makeTemplate("xor"), path);
        auto first = std::make_unique<NotebookLock>(path);
        QVERIFY(QFile::exists(path + QStringLiteral(".lock")));
        const QString otherSpelling = m_dir.path() + QStringLiteral("/./../") +
                                      QDir(m_dir.path()).dirName() +
                                      QStringLiteral("/locked.relulab");
        QVERIFY(first->covers(otherSpelling));
        QVERIFY(!first->covers(file("other.relulab")));
        try {
            NotebookLock second(otherSpelling);
            QFAIL("locked twice");
        } catch (const InvalidInput& error) {
            const QString message = QString::fromStdString(error.what());
            QVERIFY2(message.contains(QStringLiteral("is open in another ReLU Lab (process %1")
                                          .arg(QCoreApplication::applicationPid())),
                     error.what());
        }
        first.reset();
        QVERIFY(!QFile::exists(path + QStringLiteral(".lock")));
        const NotebookLock again(otherSpelling);
        QVERIFY(again.covers(path));
    }

    // A save killed before its rename leaves ".NAME.XXXXXX" behind (finding 10): the next
    // process to take the lock removes those that are notebooks being written or still empty,
    // and nothing else.
    void theLockRemovesTemporariesOfDeadSaves() {
        const QString path = file("saved.relulab");
        notebookfile::save(makeTemplate("xor"), path);
        QTemporaryFile made(path.section(QLatin1Char('/'), 0, -2) +
                            QStringLiteral("/.saved.relulab.XXXXXX"));
        made.setAutoRemove(false);
        QVERIFY(made.open());
        const QString temporary = made.fileName(); // named now, as save() names its own
        made.write(readAll(path));                 // a save's temporary, as Qt names it
        made.close();
        const QString empty = file(".saved.relulab.Ab12cd");
        const QString foreign = file(".saved.relulab.kept00");
        const QString otherName = file(".saved.relulab.toolong7");
        const QString otherNotebook = file(".other.relulab.Ab12cd");
        writeAll(empty, {});
        writeAll(foreign, "not a notebook");
        for (const QString& kept : {otherName, otherNotebook})
            writeAll(kept, readAll(path));
        {
            const NotebookLock lock(path);
            QVERIFY2(!QFile::exists(temporary), qPrintable(temporary));
            QVERIFY(!QFile::exists(empty));
            for (const QString& kept : {foreign, otherName, otherNotebook, path})
                QVERIFY2(QFile::exists(kept), qPrintable(kept));
        }
        QCOMPARE(notebookfile::load(path).experiments.size(),
                 makeTemplate("xor").experiments.size());
    }

    // Running an experiment again keeps the runs it has; the new ones are told apart by number.
    void runsAgainAreNumbered() {
        Notebook notebook = makeTemplate("relu-sum");
        for (int time = 0; time < 3; ++time)
            runAll(notebook, {0}, {});
        std::vector<std::string> labels;
        for (const RunRecord& run : notebook.experiments[0].runs)
            labels.push_back(run.label);
        QCOMPARE(labels, (std::vector<std::string>{"1 hand-set unit", "1 hand-set unit (2)",
                                                   "1 hand-set unit (3)"}));
    }

    // `relulab bench` times the homework's runs from runner/homework.cpp (the runner knows no
    // notebooks); they must be the linearized-features template's runs exactly.
    void benchRunsAreTheTemplatesRuns() {
        const Notebook notebook = makeTemplate("linearized-features");
        const auto benchData =
            std::make_shared<const Dataset>(homeworkDataset(TargetFunction::PiecewiseLinear));
        int compared = 0;
        for (std::size_t e = 0; e < 4; ++e) {
            const Experiment& experiment = notebook.experiments[e];
            const int hiddenLayers = int(experiment.settings.architecture.layers.size()) - 1;
            const bool outputOnly = !experiment.settings.training.trainableLayers.empty() &&
                                    !experiment.settings.training.trainableLayers.front();
            for (const PlannedRun& planned : planRuns(experiment)) {
                const auto data =
                    std::make_shared<const Dataset>(generateDataset(planned.settings.dataset));
                QVERIFY(arma::all(arma::vectorise(data->trainX == benchData->trainX)));
                QVERIFY(arma::all(arma::vectorise(data->trainY == benchData->trainY)));
                QVERIFY(arma::all(arma::vectorise(data->testX == benchData->testX)));
                const RunSpec fromTemplate = makeRunSpec(planned.label, planned.settings, data);
                const int width = fromTemplate.architecture.layers.front().units;
                const RunSpec fromBench =
                    linearizedFeaturesRun(hiddenLayers, width, outputOnly, 150'000, data);
                QVERIFY2(fromBench.architecture == fromTemplate.architecture,
                         planned.label.c_str());
                QVERIFY(fromBench.initializers == fromTemplate.initializers);
                QCOMPARE(fromBench.initSeed, fromTemplate.initSeed);
                QCOMPARE(fromBench.loss, fromTemplate.loss);
                QVERIFY2(fromBench.training == fromTemplate.training, planned.label.c_str());
                QCOMPARE(fromBench.steps, fromTemplate.steps);
                QCOMPARE(fromBench.snapshotEvery, fromTemplate.snapshotEvery);
                QCOMPARE(fromBench.ridgeLambda.has_value(), fromTemplate.ridgeLambda.has_value());
                ++compared;
            }
        }
        QCOMPARE(compared, 12); // 1 and 2 layers x output only or all x widths 10, 20, 40
    }

    // The dead-relu template's notes make claims about its runs; they must stay true.
    void deadReluTemplateShowsWhatItsNotesSay() {
        Notebook notebook = makeTemplate("dead-relu");
        QCOMPARE(notebook.experiments.size(), std::size_t{4});
        runAll(notebook, {0, 1, 2, 3}, {});
        auto firstGradient = [](const RunRecord& run, arma::uword layer) {
            return run.result.snapshots.gradientNorms(layer, 0);
        };
        auto finalLoss = [](const RunRecord& run) {
            return run.result.snapshots.trainError.back();
        };

        const RunRecord& negative = notebook.experiments[0].runs.at(0);
        for (arma::uword layer = 0; layer < 3; ++layer) {
            QCOMPARE(negative.result.snapshots.deadUnits(layer, 0), arma::sword{5});
            QCOMPARE(firstGradient(negative, layer), 0.0);
        }
        QVERIFY(firstGradient(negative, 3) > 0.0); // the output bias
        const double biasOnlyLoss = finalLoss(negative);

        const RunRecord& secondLayer = notebook.experiments[1].runs.at(0);
        QCOMPARE(secondLayer.result.snapshots.deadUnits(1, 0), arma::sword{5});
        QCOMPARE(firstGradient(secondLayer, 0), 0.0);
        QCOMPARE(firstGradient(secondLayer, 1), 0.0);
        QVERIFY(firstGradient(secondLayer, 2) > 0.0);
        QVERIFY(firstGradient(secondLayer, 3) > 0.0);

        const std::vector<RunRecord>& seeds = notebook.experiments[2].runs;
        QCOMPARE(seeds.size(), std::size_t{8});
        int stuck = 0;
        int learning = 0;
        for (const RunRecord& run : seeds) {
            stuck += std::abs(finalLoss(run) - biasOnlyLoss) < 1e-3;
            learning += finalLoss(run) < biasOnlyLoss - 0.2;
        }
        QVERIFY2(stuck >= 1 && learning >= 1, "some default seeds stay dead, others learn");

        const RunRecord& leaky = notebook.experiments[3].runs.at(0);
        QVERIFY(firstGradient(leaky, 0) > 0.0 && firstGradient(leaky, 0) < 1e-6);
        QVERIFY(std::abs(finalLoss(leaky) - biasOnlyLoss) < 1e-3);
    }

    // A data set's JSON holds its kind and the fields its descriptor lists (csv_test only when
    // set), reads back equal, and a value outside the kind's limits is refused at the field.
    void datasetJsonHoldsTheFieldsItsKindUses() {
        for (const DatasetKindDescriptor& descriptor : datasetKinds) {
            ExperimentSettings settings;
            settings.dataset = DatasetSpec::defaults(descriptor.kind);
            settings.dataset.seed = 7;
            if (descriptor.family == DatasetFamily::File) {
                settings.dataset.csvPath = "train.csv";
                settings.dataset.csvTestPath = "test.csv";
                settings.dataset.inputColumns = {"x1", "x2"};
                settings.dataset.targetColumns = {"y"};
            }
            const int inputs = std::max(1, settings.dataset.inputDimension());
            settings.architecture = {inputs,
                                     {{8, Activation::relu()}, {1, Activation::identity()}}};
            const QJsonObject json = settingsToJson(settings);
            QStringList expected{QStringLiteral("kind")};
            for (const FieldUse& use : descriptor.fields)
                expected << QString::fromLatin1(datasetFields[use.field].name.data());
            QStringList keys = json.value(QStringLiteral("dataset")).toObject().keys();
            keys.sort();
            expected.sort();
            QCOMPARE(keys, expected);
            const ExperimentSettings back = settingsFromJson(json, "settings");
            QVERIFY2(back.dataset == settings.dataset, descriptor.name.data());
        }
        ExperimentSettings spirals;
        spirals.dataset = DatasetSpec::defaults(DatasetKind::Spirals);
        spirals.architecture = {2, {{8, Activation::relu()}, {2, Activation::identity()}}};
        QJsonObject json = settingsToJson(spirals);
        QJsonObject dataset = json.value(QStringLiteral("dataset")).toObject();
        dataset.insert(QStringLiteral("classes"), 65);
        json.insert(QStringLiteral("dataset"), dataset);
        try {
            settingsFromJson(json, "settings");
            QFAIL("65 spiral arms were accepted");
        } catch (const InvalidInput& error) {
            QCOMPARE(error.where(), std::string("settings.dataset.classes"));
            QCOMPARE(error.field().field, SettingField::DatasetClasses);
        }
        // An engine check inside the network names the file's own path, with its layer.
        json = settingsToJson(spirals);
        QJsonObject network = json.value(QStringLiteral("network")).toObject();
        QJsonArray layers = network.value(QStringLiteral("layers")).toArray();
        QJsonObject first = layers[0].toObject();
        first.insert(QStringLiteral("init"),
                     QJsonObject{{QStringLiteral("kind"), QStringLiteral("elbows")},
                                 {QStringLiteral("low"), 1.0},
                                 {QStringLiteral("high"), 0.0}});
        layers[0] = first;
        network.insert(QStringLiteral("layers"), layers);
        json.insert(QStringLiteral("network"), network);
        try {
            settingsFromJson(json, "settings");
            QFAIL("elbows on a 2-input net were accepted");
        } catch (const InvalidInput& error) {
            QCOMPARE(error.where(), std::string("settings.network.layers[0].init"));
            QCOMPARE(error.field(), layerField(SettingField::LayerInitializer, 0));
        }
    }

    // Whole numbers in messages print as such ("got 100000000", not "got 100000000.000000").
    void messagesPrintWholeNumbers() {
        try {
            json::toWhole(QJsonValue(1e8), "steps", 0, 1000);
            QFAIL("accepted");
        } catch (const InvalidInput& error) {
            QVERIFY2(
                QString::fromStdString(error.message()).endsWith(QStringLiteral("got 100000000")),
                error.what());
        }
        try {
            json::toWhole(QJsonValue(2.5), "steps", 0, 1000);
            QFAIL("accepted");
        } catch (const InvalidInput& error) {
            QVERIFY2(QString::fromStdString(error.message()).endsWith(QStringLiteral("got 2.5")),
                     error.what());
        }
    }

    void badSettingsNameFileAndField_data() {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("field");
        QTest::newRow("zero width") << "\"units\":10}"
                                    << "\"units\":0}"
                                    << "settings.network.layers[0].units";
        QTest::newRow("negative width") << "\"units\":10}"
                                        << "\"units\":-3}"
                                        << "settings.network.layers[0].units";
        QTest::newRow("width above the limit") << "\"units\":10}"
                                               << "\"units\":5000}"
                                               << "settings.network.layers[0].units";
        QTest::newRow("zero learning rate") << "\"lr\":0.2"
                                            << "\"lr\":0"
                                            << "settings.training.lr";
        QTest::newRow("NaN") << "\"noise\":0.1"
                             << "\"noise\":NaN"
                             << "settings.dataset.noise";
        QTest::newRow("snapshot interval above steps") << "\"snapshot_every\":1000"
                                                       << "\"snapshot_every\":1000000"
                                                       << "settings.training.snapshot_every";
        QTest::newRow("unknown key") << "\"loss\":\"mse\""
                                     << "\"loss\":\"mse\",\"colour\":1"
                                     << "settings.colour";
        QTest::newRow("unknown activation") << "\"activation\":\"relu\""
                                            << "\"activation\":\"rleu\""
                                            << "settings.network.layers[0].activation";
        QTest::newRow("newer version") << "\"version\":1"
                                       << "\"version\":7"
                                       << "version";
        QTest::newRow("not JSON") << "{"
                                  << "["
                                  << "line 1";
    }

    void badSettingsNameFileAndField() {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(QString, field);
        const QString json = file("bad.json");
        exportExperiment(makeTemplate("linearized-features").experiments[0], false, json);
        QByteArray text = QJsonDocument::fromJson(readAll(json)).toJson(QJsonDocument::Compact);
        QVERIFY2(text.contains(from.toUtf8()), text.constData());
        text.replace(from.toUtf8(), to.toUtf8());
        writeAll(json, text);
        try {
            importExperiment(json);
            QFAIL("imported");
        } catch (const InvalidInput& error) {
            const QString expected =
                json + QStringLiteral(": ") +
                (field == QLatin1String("version") || field.startsWith(QLatin1String("line"))
                     ? field
                     : QStringLiteral("experiment.") + field);
            QVERIFY2(QString::fromStdString(error.what()).startsWith(expected), error.what());
        }
    }

    void badNotebookFilesAreRefusedUntouched() {
        const QString text = file("text.relulab");
        writeAll(text, "this is a text file, not a notebook\n" + QByteArray(200, 'x'));
        checkRefused(text, QStringLiteral("not an SQLite database"));

        const QString empty = file("empty.relulab");
        writeAll(empty, {});
        checkRefused(empty, QStringLiteral("is empty"));
        checkRefused(file("missing.relulab"), QStringLiteral("does not exist"));

        const QString good = file("good.relulab");
        Notebook notebook = makeTemplate("xor");
        runAll(notebook, {2}, {});
        notebookfile::save(notebook, good);
        const QByteArray bytes = readAll(good);

        const QString truncated = file("truncated.relulab");
        writeAll(truncated, bytes.left(bytes.size() / 2));
        checkRefused(truncated, QStringLiteral("cannot be read"));

        const QString corrupted = file("corrupted.relulab");
        QByteArray garbage = bytes;
        for (qsizetype i = 4096; i < garbage.size(); i += 7)
            garbage[i] = char(i * 31);
        writeAll(corrupted, garbage);
        checkRefused(corrupted, QString());

        const QString foreign = file("foreign.sqlite");
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("foreign"));
            db.setDatabaseName(foreign);
            QVERIFY(db.open());
            QSqlQuery(db).exec(QStringLiteral("CREATE TABLE t (x)"));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("foreign"));
        checkRefused(foreign, QStringLiteral("an SQLite database but not a ReLU Lab notebook"));

        const QString newer = file("newer.relulab");
        writeAll(newer, bytes);
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("newer"));
            db.setDatabaseName(newer);
            QVERIFY(db.open());
            QSqlQuery(db).exec(QStringLiteral("PRAGMA user_version = 99"));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("newer"));
        checkRefused(newer, QStringLiteral("newer ReLU Lab (notebook format 99"));

        // A run's settings that no longer parse name the run and field.
        const QString badRun = file("badrun.relulab");
        writeAll(badRun, bytes);
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("badrun"));
            db.setDatabaseName(badRun);
            QVERIFY(db.open());
            QSqlQuery(db).exec(
                QStringLiteral("UPDATE experiments SET settings = replace(settings, "
                               "'\"lr\":0.1', '\"lr\":-1') WHERE name = 'ReLU net'"));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("badrun"));
        checkRefused(
            badRun,
            QStringLiteral("experiment \"ReLU net\".training.lr: must be a finite number > 0"));
    }

    // An experiment that cannot run is refused before anything starts or is written.
    void impossibleRunsStartNothing() {
        Notebook notebook = makeTemplate("xor");
        notebook.experiments[1].settings.architecture.inputs = 3;
        const QString path = file("norun.relulab");
        notebookfile::save(notebook, path);
        const QByteArray before = readAll(path);
        try {
            RunSession session(notebook, {0, 1}, 1, path);
            QFAIL("started");
        } catch (const InvalidInput& error) {
            QVERIFY2(
                QString::fromStdString(error.what())
                    .startsWith(QLatin1String("experiment \"Two linear layers\": network.inputs")),
                error.what());
        }
        QCOMPARE(readAll(path), before);
        QVERIFY(notebook.experiments[0].runs.empty());
    }

    // Saving replaces the file by rename: a reader holding the old file still sees it whole.
    void savingIsAtomic() {
        const QString path = file("atomic.relulab");
        notebookfile::save(makeTemplate("xor"), path);
        const QByteArray old = readAll(path);
        const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY);
        QVERIFY(fd >= 0);
        notebookfile::save(makeTemplate("relu-sum"), path);
        QByteArray seen(old.size(), '\0');
        QCOMPARE(::pread(fd, seen.data(), size_t(seen.size()), 0), ssize_t(old.size()));
        ::close(fd);
        QCOMPARE(seen, old);
        QCOMPARE(notebookfile::load(path).experiments.size(), std::size_t{5});
        QCOMPARE(QDir(m_dir.path())
                     .entryList(QStringList{QStringLiteral(".atomic*")}, QDir::Hidden | QDir::Files)
                     .size(),
                 0);
        // A save that cannot happen leaves no file behind.
        QVERIFY_THROWS_EXCEPTION(
            std::runtime_error,
            notebookfile::save(makeTemplate("xor"), file("no/such/dir.relulab")));
    }
};

QTEST_GUILESS_MAIN(TestNotebook)
#include "tst_notebook.moc"
