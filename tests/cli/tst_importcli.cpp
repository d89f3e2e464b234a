// relulab import refuses what relulab run would refuse (the campaign's impossible settings of
// issue 15), with the field and the numbers, and leaves the notebook byte for byte as it was.
#include "common/relulabprocess.h"
#include "document/experimentjson.h"
#include "document/templates.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace relulab;

namespace {

using test::runRelulab;

QByteArray contents(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The linearized-features template's first experiment: 1-10-1 relu with elbows, 200 samples,
// batch 40 without replacement, a sweep of widths.
Experiment homeworkExperiment() {
    return makeTemplate("linearized-features").experiments.at(0);
}

void defaultInit(Experiment& e) {
    for (InitializerSpec& init : e.settings.initializers)
        init = {};
}

} // namespace

class TestImportCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    QString file(const QString& name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void importRefusesWhatRunRefuses_data() {
        QTest::addColumn<std::function<void(Experiment&)>>("change");
        QTest::addColumn<QString>("expected");
        using Change = std::function<void(Experiment&)>;
        QTest::newRow("batch larger than the data")
            << Change([](Experiment& e) { e.settings.training.batchSize = 500; })
            << "batch_size: is larger than the 200 training samples";
        QTest::newRow("inputs the data does not have") << Change([](Experiment& e) {
            defaultInit(e);
            e.settings.architecture.inputs = 3;
        }) << "network.inputs: is 3 but the data set has 1 input(s)";
        QTest::newRow("labels outside the outputs") << Change([](Experiment& e) {
            defaultInit(e);
            e.settings.loss = LossKind::CrossEntropy;
            e.settings.dataset = DatasetSpec::defaults(DatasetKind::Blobs);
            e.settings.architecture.inputs = 2;
        }) << "the output layer has 1 unit(s): cross_entropy needs one per class";
        QTest::newRow("expression syntax") << Change([](Experiment& e) {
            e.settings.dataset = DatasetSpec::defaults(DatasetKind::Expression);
            e.settings.dataset.expression = "x^^2";
        }) << "dataset.expression: unexpected \"^\" at character 3";
        QTest::newRow("missing CSV file") << Change([](Experiment& e) {
            e.settings.dataset = DatasetSpec::defaults(DatasetKind::Csv);
            e.settings.dataset.csvPath = "missing.csv";
        }) << "missing.csv: cannot be opened for reading";
        QTest::newRow("a snapshot every step of 10^12") << Change([](Experiment& e) {
            e.settings.steps = 1'000'000'000'000L;
            e.settings.snapshotEvery = 1;
        }) << "snapshot_every: is 1: 1000000000000 steps would take 1000000000000 snapshots";
        QTest::newRow("memory past half the machine's") << Change([](Experiment& e) {
            e.settings.dataset.samples = 10'000'000;
            e.settings.training.sampling = SamplingKind::FullBatch;
            e.sweep = {};
            e.settings.architecture.layers[0].units = 4096;
        }) << "dataset: the run would need 1.1 TB of memory (snapshots ";
        QTest::newRow("a sweep of depth without a hidden layer") << Change([](Experiment& e) {
            auto& layers = e.settings.architecture.layers;
            layers.erase(layers.begin());
            e.settings.initializers.erase(e.settings.initializers.begin());
            e.settings.training.trainableLayers = {};
            e.sweep = {};
            e.sweep.hiddenLayers = {1, 2};
        }) << "sweep.hidden_layers: needs a net with a hidden layer to repeat";
    }

    void importRefusesWhatRunRefuses() {
        QFETCH(std::function<void(Experiment&)>, change);
        QFETCH(QString, expected);
        const QString path = file(QStringLiteral("notebook.relulab"));
        QFile::remove(path);
        QCOMPARE(runRelulab({QStringLiteral("new"), QStringLiteral("--template"),
                             QStringLiteral("xor"), path})
                     .exitCode,
                 0);
        const QByteArray before = contents(path);
        Experiment experiment = homeworkExperiment();
        change(experiment);
        const QString json = file(QStringLiteral("impossible.json"));
        exportExperiment(experiment, false, json);

        const test::ProcessResult imported = runRelulab({QStringLiteral("import"), path, json});
        QCOMPARE(imported.exitCode, 2);
        QVERIFY2(imported.err.startsWith(QStringLiteral("relulab import: ") + json +
                                         QStringLiteral(": experiment")) &&
                     imported.err.contains(expected),
                 qPrintable(imported.err));
        QVERIFY(contents(path) == before);
    }

    // The campaign's file that says "lr" twice: QJsonDocument would keep one without a word.
    void aKeyGivenTwiceIsRefused() {
        const QString path = file(QStringLiteral("twice.relulab"));
        QCOMPARE(runRelulab({QStringLiteral("new"), QStringLiteral("--template"),
                             QStringLiteral("xor"), path})
                     .exitCode,
                 0);
        const QByteArray before = contents(path);
        const QString json = file(QStringLiteral("twice.json"));
        exportExperiment(homeworkExperiment(), false, json);
        QByteArray text = contents(json);
        QVERIFY(text.contains("\"lr\": 0.2"));
        text.replace("\"lr\": 0.2", "\"lr\": 0.2, \"l\\u0072\": 10");
        QFile out(json);
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(text);
        out.close();
        const test::ProcessResult imported = runRelulab({QStringLiteral("import"), path, json});
        QCOMPARE(imported.exitCode, 2);
        QVERIFY2(imported.err.contains(QStringLiteral(
                     "experiment.settings.training.lr: is given twice in one object (again at "
                     "line ")),
                 qPrintable(imported.err));
        QVERIFY(contents(path) == before);
    }
};

QTEST_GUILESS_MAIN(TestImportCli)
#include "tst_importcli.moc"
