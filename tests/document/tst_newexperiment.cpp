// A new experiment of every data set kind can run as it is and learns; a change of data set
// fits the net to it; the settings that do nothing are named with why.
#include "core/error.h"
#include "document/newexperiment.h"
#include "document/runplan.h"
#include "document/settinguse.h"
#include "runner/trainrun.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace relulab;

namespace {

QString qs(std::string_view text) {
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

// The settings as a user edits them: a 1-D experiment whose batch is 40 of 200 samples.
ExperimentSettings minibatchFunction() {
    ExperimentSettings s = newExperiment(DatasetKind::PiecewiseLinear, "e").settings;
    s.training.sampling = SamplingKind::WithoutReplacement;
    s.training.batchSize = 40;
    return s;
}

ExperimentSettings withKind(ExperimentSettings s, DatasetKind kind) {
    s.dataset = DatasetSpec::defaults(kind);
    return s;
}

} // namespace

class TestNewExperiment : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyKindRunsAsItIs_data() {
        QTest::addColumn<int>("kind");
        for (const DatasetKindDescriptor& kind : datasetKinds)
            if (kind.family != DatasetFamily::File) // a CSV file is the user's to choose
                QTest::newRow(kind.name.data()) << int(kind.kind);
    }

    // Valid as `relulab run` checks it, the net fits the set, and 300 steps lower the loss.
    void everyKindRunsAsItIs() {
        QFETCH(int, kind);
        const Experiment e = newExperiment(DatasetKind(kind), "new");
        QCOMPARE(e.name, std::string("new"));
        QVERIFY(!e.uid.empty());
        QVERIFY(e.sweep.empty());
        QVERIFY(e.runs.empty());
        const DatasetSource data = generatingDatasets({});
        try {
            validateExperiment(e, data);
        } catch (const InvalidInput& error) {
            QFAIL(error.what());
        }
        const ExperimentSettings& s = e.settings;
        QCOMPARE(s.dataset, DatasetSpec::defaults(DatasetKind(kind)));
        QCOMPARE(s.architecture.inputs, s.dataset.inputDimension());
        const int classes = datasetClasses(s.dataset);
        if (classes == 0) { // 1-D functions keep the 1-20-1 ReLU net
            QCOMPARE(s.loss, LossKind::Mse);
            QCOMPARE(s.architecture.layers.front().units, 20);
            QCOMPARE(s.architecture.outputs(), 1);
        } else {
            QCOMPARE(s.loss, classes == 2 ? LossKind::BceLogits : LossKind::CrossEntropy);
            QCOMPARE(s.architecture.outputs(), classes == 2 ? 1 : classes);
            QCOMPARE(s.architecture.layers.front().units, 8);
        }
        QCOMPARE(s.architecture.layers.front().activation.kind, ActivationKind::Relu);
        QCOMPARE(s.training.sampling, SamplingKind::FullBatch); // every default set is small

        Experiment quick = e;
        quick.settings.steps = 300;
        quick.settings.snapshotEvery = 300;
        const std::vector<PreparedRun> runs = prepareRuns(quick, false, data);
        QCOMPARE(runs.size(), std::size_t(1));
        RunProgress progress;
        const RunResult result = trainRun(runs[0].spec, progress);
        QCOMPARE(result.status, RunStatus::Finished);
        const auto& errors = result.snapshots.trainError;
        QVERIFY(errors.size() >= 2);
        QVERIFY2(errors.back() < errors.front(),
                 qPrintable(QStringLiteral("%1 -> %2").arg(errors.front()).arg(errors.back())));
    }

    // A CSV experiment waits for its file, then fits a net with the file's inputs.
    void aCsvExperimentAsksForItsFile() {
        Experiment e = newExperiment(DatasetKind::Csv, "csv");
        const DatasetSource data = generatingDatasets({});
        try {
            validateExperiment(e, data);
            QFAIL("a CSV experiment without a file ran");
        } catch (const InvalidInput& error) {
            QCOMPARE(error.field().field, SettingField::DatasetCsv);
        }
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("set.csv")).toStdString();
        std::ofstream(path) << "x,y\n0,0\n0.5,0.25\n1,1\n";
        e.settings.dataset.csvPath = path;
        validateExperiment(e, data);

        // A file of three inputs: the widths come from its data, which the spec cannot tell.
        const std::string wide = dir.filePath(QStringLiteral("wide.csv")).toStdString();
        std::ofstream(wide) << "a,b,c,y\n0,0,0,0\n1,0,1,1\n0,1,1,2\n";
        ExperimentSettings chosen = e.settings;
        chosen.dataset.csvPath = wide;
        const Dataset read = generateDataset(chosen.dataset);
        const FittedSettings fitted = fitToDataset(e.settings, chosen, &read);
        QCOMPARE(fitted.settings.architecture.inputs, 3);
        QCOMPARE(fitted.changes, std::vector<std::string>{"inputs 1 → 3"});
        QCOMPARE(fitToDataset(e.settings, chosen).settings.architecture.inputs, 1); // unread
        e.settings = fitted.settings;
        validateExperiment(e, data);
    }

    void changingTheKindFitsTheNet_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("inputs");
        QTest::addColumn<int>("outputs");
        QTest::addColumn<int>("loss");
        QTest::addColumn<int>("batch");
        QTest::newRow("two_moons")
            << int(DatasetKind::TwoMoons) << 2 << 1 << int(LossKind::BceLogits) << 40;
        QTest::newRow("blobs") << int(DatasetKind::Blobs) << 2 << 3 << int(LossKind::CrossEntropy)
                               << 40;
        QTest::newRow("xor") << int(DatasetKind::Xor) << 2 << 1 << int(LossKind::BceLogits) << 4;
        QTest::newRow("gradient_print")
            << int(DatasetKind::GradientPrint) << 10 << 5 << int(LossKind::CrossEntropy) << 32;
        // x^2 on the 21 integers of [-10, 10]: the batch of 40 is cut to them.
        QTest::newRow("square") << int(DatasetKind::Square) << 1 << 1 << int(LossKind::Mse) << 21;
    }

    void changingTheKindFitsTheNet() {
        QFETCH(int, kind);
        QFETCH(int, inputs);
        QFETCH(int, outputs);
        QFETCH(int, loss);
        QFETCH(int, batch);
        const ExperimentSettings before = minibatchFunction();
        const FittedSettings fitted = fitToDataset(before, withKind(before, DatasetKind(kind)));
        const ExperimentSettings& s = fitted.settings;
        QCOMPARE(s.architecture.inputs, inputs);
        QCOMPARE(s.architecture.outputs(), outputs);
        QCOMPARE(int(s.loss), loss);
        QCOMPARE(int(s.training.batchSize), batch);
        QCOMPARE(s.architecture.layers.front().units, 20); // what fits stays
        QVERIFY(!fitted.changes.empty());
        Experiment e = newExperiment(DatasetKind::PiecewiseLinear, "fitted");
        e.settings = s;
        validateExperiment(e, generatingDatasets({}));
        if (inputs != 1)
            QVERIFY(std::find(fitted.changes.begin(), fitted.changes.end(),
                              "inputs 1 → " + std::to_string(inputs)) != fitted.changes.end());
    }

    // Only what the new data set broke is fitted: a loss that was already wrong stays wrong
    // for the user to see; hand-set values of a reshaped layer start over.
    void onlyWhatTheChangeBrokeIsFitted() {
        ExperimentSettings wrong = minibatchFunction();
        wrong.loss = LossKind::CrossEntropy;
        const FittedSettings kept = fitToDataset(wrong, withKind(wrong, DatasetKind::Sin20x));
        QCOMPARE(kept.settings.loss, LossKind::CrossEntropy);
        QVERIFY(kept.changes.empty());

        ExperimentSettings handSet = minibatchFunction();
        handSet.initializers.front() = InitializerSpec::elbows(0, 1);
        handSet.initializers.back() = InitializerSpec::values(std::vector<double>(20, 0.1), {0});
        const FittedSettings fitted = fitToDataset(handSet, withKind(handSet, DatasetKind::Blobs));
        QCOMPARE(fitted.settings.initializers.front(), InitializerSpec{});
        QCOMPARE(fitted.settings.initializers.back(), InitializerSpec{});
        // inputs, loss, outputs, both initializers; the batch of 40 fits blobs' 200 samples
        QCOMPARE(fitted.changes.size(), std::size_t(5));
    }

    // Fields a kind has no use for, read from its description, and the training's rules.
    void unusedSettingsSayWhy() {
        for (const DatasetKindDescriptor& kind : datasetKinds) {
            const ExperimentSettings s = newExperiment(kind.kind, "e").settings;
            const auto unused = unusedSettings(s);
            for (const DatasetFieldDescriptor& field : datasetFields) {
                const bool integerSamples = field.kind == DatasetField::Samples &&
                                            kind.uses(DatasetField::Spacing) &&
                                            s.dataset.spacing == XSpacing::Integers;
                QVERIFY2(unused.contains(settingField(field.kind)) ==
                             (!kind.uses(field.kind) || integerSamples),
                         qPrintable(qs(kind.name) + QLatin1Char(' ') + qs(field.name)));
            }
            // Adam on the whole set: no batch, no sampling seed, no momentum.
            for (SettingField field :
                 {SettingField::BatchSize, SettingField::SamplingSeed, SettingField::Momentum})
                QVERIFY(unused.contains(field));
            QVERIFY(!unused.contains(SettingField::Beta1));
            QVERIFY(!unused.contains(SettingField::LearningRate));
            // Every kind but a CSV file of implicit columns sets the net's inputs itself.
            QCOMPARE(unused.contains(SettingField::NetworkInputs),
                     kind.family != DatasetFamily::File);
        }
        ExperimentSettings sgd = minibatchFunction();
        sgd.training.optimizer.kind = OptimizerKind::Sgd;
        const auto unused = unusedSettings(sgd);
        QVERIFY(!unused.contains(SettingField::BatchSize));
        QVERIFY(!unused.contains(SettingField::Momentum));
        QVERIFY(unused.contains(SettingField::Beta2));
        QVERIFY(unused.at(SettingField::Epsilon).find("Adam") != std::string::npos);
        QVERIFY(!unused.contains(SettingField::DataSeed));                 // random x
        ExperimentSettings fixedGrid = withKind(sgd, DatasetKind::Square); // integers, no noise
        QVERIFY(unusedSettings(fixedGrid).contains(SettingField::DataSeed));
        fixedGrid.dataset.noise = 0.1;
        QVERIFY(!unusedSettings(fixedGrid).contains(SettingField::DataSeed));
        fixedGrid.steps = 0; // the ridge start alone: one snapshot, of the start
        QVERIFY(unusedSettings(fixedGrid).contains(SettingField::SnapshotEvery));

        // A CSV file of its own for the test set: no fraction is split off, no rows drawn.
        ExperimentSettings csv = newExperiment(DatasetKind::Csv, "e").settings;
        csv.dataset.csvPath = "train.csv";
        QVERIFY(!unusedSettings(csv).contains(SettingField::DatasetTestFraction));
        QVERIFY(!unusedSettings(csv).contains(SettingField::DataSeed));
        csv.dataset.csvTestPath = "test.csv";
        QVERIFY(unusedSettings(csv).contains(SettingField::DatasetTestFraction));
        QVERIFY(unusedSettings(csv).contains(SettingField::DataSeed));
    }
};

QTEST_GUILESS_MAIN(TestNewExperiment)
#include "tst_newexperiment.moc"
