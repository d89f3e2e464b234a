// The runner: snapshots, determinism across thread counts, cancellation, divergence and bad
// settings, with real threads.
#include "core/error.h"
#include "runner/homework.h"
#include "runner/memoryplan.h"
#include "runner/runner.h"
#include "runner/trainrun.h"

#include <QTest>

#include <chrono>
#include <thread>

using namespace relulab;

namespace {

std::shared_ptr<const Dataset> homework() {
    static const auto data =
        std::make_shared<const Dataset>(homeworkDataset(TargetFunction::PiecewiseLinear));
    return data;
}

RunSpec smallRun(int layers, int width, long steps, long every) {
    RunSpec spec = linearizedFeaturesRun(layers, width, false, steps, homework());
    spec.snapshotEvery = every;
    return spec;
}

} // namespace

class TestRunner : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void snapshotsFollowTheHomeworkSchedule() {
        RunSpec spec = smallRun(1, 10, 2500, 1000);
        RunProgress progress;
        const RunResult result = trainRun(spec, progress);
        QCOMPARE(result.status, RunStatus::Finished);
        QCOMPARE(result.stepsDone, 2500L);
        QCOMPARE(result.snapshots.count, std::size_t{3});
        QCOMPARE(result.snapshots.steps, (std::vector<long>{1, 1000, 2000}));
        QCOMPARE(progress.status.load(), RunStatus::Finished);
        QCOMPARE(progress.step.load(), 2500L);
        QVERIFY(result.backend.rfind("cpu-", 0) == 0);

        // Each snapshot's test error is the loss of its parameters on the test set (to float32
        // rounding: the fast kernel sums the 1200 squares in another order).
        for (std::size_t i = 0; i < result.snapshots.count; ++i) {
            Network<float> network(spec.architecture, result.snapshots.parameters.col(i));
            const double testError = computeLoss(
                LossKind::Mse, network.predict(arma::conv_to<arma::fmat>::from(homework()->testX)),
                arma::fmat(arma::conv_to<arma::fmat>::from(homework()->testY)));
            QVERIFY2(std::abs(result.snapshots.testError[i] - testError) <= 1e-5 * testError,
                     qPrintable(QStringLiteral("snapshot %1: %2 vs %3")
                                    .arg(i)
                                    .arg(result.snapshots.testError[i], 0, 'g', 9)
                                    .arg(testError, 0, 'g', 9)));
            QVERIFY(result.snapshots.trainError[i] > 0);
            // The training set's error beside the batch's: the whole set's loss after the
            // step, here in double from the snapshot's parameters.
            Network<double> exact(spec.architecture, arma::conv_to<arma::vec>::from(
                                                         result.snapshots.parameters.col(i)));
            const double trainSetError =
                computeLoss(LossKind::Mse, exact.predict(homework()->trainX), homework()->trainY);
            QVERIFY2(std::abs(result.snapshots.trainSetError[i] - trainSetError) <=
                         1e-5 * trainSetError,
                     qPrintable(QStringLiteral("snapshot %1: %2 vs %3")
                                    .arg(i)
                                    .arg(result.snapshots.trainSetError[i], 0, 'g', 9)
                                    .arg(trainSetError, 0, 'g', 9)));
            QVERIFY(result.snapshots.gradientNorms(0, i) > 0);
            QVERIFY(result.snapshots.deadUnits(0, i) >= 0);
        }
        QVERIFY(result.snapshots.testError[2] < result.snapshots.testError[0]);
        QVERIFY(arma::any(result.initialParameters != result.finalParameters));
    }

    void generalPathReportsDeadUnitsAndNonRelu() {
        RunSpec spec = smallRun(2, 6, 200, 100);
        spec.architecture.layers[1].activation = Activation::tanh();
        RunProgress progress;
        const RunResult result = trainRun(spec, progress);
        QCOMPARE(result.status, RunStatus::Finished);
        QCOMPARE(result.backend, std::string("cpu-general")); // mixed activations
        QCOMPARE(result.snapshots.deadUnits(1, 0), -1);       // tanh cannot die
    }

    // A run's result depends on its seeds only: 1 thread and 2 threads give the same bits.
    void resultsDoNotDependOnThreads() {
        std::vector<RunSpec> runs;
        for (int width : {5, 10, 20})
            for (int layers : {1, 2})
                runs.push_back(smallRun(layers, width, 3000, 1000));
        runs.push_back(runs.front());
        runs.back().allowFastKernel = false;
        ProgressBoard oneBoard(runs.size()), twoBoard(runs.size());
        const auto one = Runner(1).run(runs, oneBoard);
        const auto two = Runner(2).run(runs, twoBoard);
        for (std::size_t i = 0; i < runs.size(); ++i) {
            QCOMPARE(one[i].status, RunStatus::Finished);
            QVERIFY(arma::all(one[i].finalParameters == two[i].finalParameters));
            QCOMPARE(one[i].snapshots.trainError, two[i].snapshots.trainError);
        }
        QCOMPARE(one.back().backend, std::string("cpu-general"));
    }

    void cancellingKeepsTheSnapshots() {
        std::vector<RunSpec> runs{smallRun(2, 40, 5'000'000, 1000), smallRun(1, 10, 2000, 1000)};
        ProgressBoard board(runs.size());
        std::vector<RunResult> results;
        std::thread worker([&] { results = Runner(2).run(runs, board); });
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (board[0].step.load() < 3000 && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        QCOMPARE(board[0].status.load(), RunStatus::Running);
        board.cancel(0);
        worker.join();
        QCOMPARE(results[0].status, RunStatus::Cancelled);
        QVERIFY(results[0].stepsDone >= 3000 && results[0].stepsDone < 5'000'000);
        QVERIFY(results[0].snapshots.count >= 3);
        QCOMPARE(results[0].snapshots.steps[results[0].snapshots.count - 1] / 1000,
                 results[0].stepsDone / 1000);
        QCOMPARE(results[1].status, RunStatus::Finished); // the other run is untouched
    }

    // Snapshots become readable while the run goes on, and never change once published.
    void publishedSnapshotsAreFinal() {
        std::vector<RunSpec> runs{smallRun(2, 20, 200'000, 1000)};
        ProgressBoard board(1);
        std::vector<RunResult> results(1);
        std::vector<arma::fvec> seen;
        std::thread worker([&] { Runner(1).run(runs, board, results); });
        std::size_t read = 0;
        bool sawPartial = false;
        while (board[0].status.load() != RunStatus::Finished) {
            const std::size_t published =
                board[0].snapshotsPublished.load(std::memory_order_acquire);
            sawPartial = sawPartial || (published > 0 && published < 201);
            for (; read < published; ++read)
                seen.push_back(results[0].snapshots.parameters.col(read));
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
        worker.join();
        QCOMPARE(board[0].snapshotsPublished.load(), std::size_t{201}); // step 1 and 200 more
        QVERIFY2(sawPartial, "the reader saw snapshots before the end");
        for (std::size_t i = 0; i < read; ++i)
            QVERIFY(arma::all(seen[i] == results[0].snapshots.parameters.col(i)));
    }

    // steps = 0: one snapshot of the initial net on the whole training set.
    void zeroStepsEvaluateTheInitialNet() {
        RunSpec spec = smallRun(1, 10, 0, 1000);
        RunProgress progress;
        const RunResult result = trainRun(spec, progress);
        QCOMPARE(result.status, RunStatus::Finished);
        QCOMPARE(result.snapshots.steps, std::vector<long>{0});
        QCOMPARE(progress.snapshotsPublished.load(), std::size_t{1});
        Network<float> network(spec.architecture, result.initialParameters);
        const arma::fmat x = arma::conv_to<arma::fmat>::from(homework()->trainX);
        const arma::fmat y = arma::conv_to<arma::fmat>::from(homework()->trainY);
        QCOMPARE(result.snapshots.trainError[0],
                 double(computeLoss(LossKind::Mse, network.predict(x), y)));
        QVERIFY(arma::all(result.finalParameters == result.initialParameters));
    }

    // A run continued from a snapshot with the same settings (plain SGD, batches of 40 without
    // replacement) goes on exactly as the run that was not stopped: every later snapshot's
    // parameters, errors and gradient norms bit for bit, on the fast kernel and on the general
    // path, its snapshots on the same iteration axis. Only its steps are its own.
    void aContinuedRunGoesOnExactly_data() {
        QTest::addColumn<bool>("fastKernel");
        QTest::addColumn<int>("layers");
        QTest::newRow("fast kernel") << true << 1;
        QTest::newRow("general path, 2 hidden layers") << false << 2;
    }

    void aContinuedRunGoesOnExactly() {
        QFETCH(bool, fastKernel);
        QFETCH(int, layers);
        RunSpec whole = smallRun(layers, 10, 3000, 500);
        whole.allowFastKernel = fastKernel;
        RunProgress p1, p2;
        const RunResult uninterrupted = trainRun(whole, p1);
        QCOMPARE(uninterrupted.status, RunStatus::Finished);
        QCOMPARE(uninterrupted.snapshots.steps,
                 (std::vector<long>{1, 500, 1000, 1500, 2000, 2500, 3000}));
        RunSpec rest = whole;
        rest.steps = 2000;
        rest.from = RunStartPoint{uninterrupted.snapshots.parameters.col(2), 1000};
        const RunResult continued = trainRun(rest, p2);
        QCOMPARE(continued.status, RunStatus::Finished);
        QCOMPARE(continued.stepsDone, 2000L);
        QCOMPARE(p2.step.load(), 2000L);
        QCOMPARE(continued.backend, uninterrupted.backend);
        QCOMPARE(continued.snapshots.steps, (std::vector<long>{1001, 1500, 2000, 2500, 3000}));
        QVERIFY(
            arma::all(continued.initialParameters == uninterrupted.snapshots.parameters.col(2)));
        for (std::size_t i = 1; i < continued.snapshots.count; ++i) { // 1500, ..., 3000
            const std::size_t same = i + 2;
            QVERIFY2(arma::all(continued.snapshots.parameters.col(i) ==
                               uninterrupted.snapshots.parameters.col(same)),
                     qPrintable(QStringLiteral("step %1").arg(continued.snapshots.steps[i])));
            QCOMPARE(continued.snapshots.trainError[i], uninterrupted.snapshots.trainError[same]);
            QCOMPARE(continued.snapshots.testError[i], uninterrupted.snapshots.testError[same]);
            QVERIFY(arma::all(continued.snapshots.gradientNorms.col(i) ==
                              uninterrupted.snapshots.gradientNorms.col(same)));
        }
        QVERIFY(arma::all(continued.finalParameters == uninterrupted.finalParameters));
    }

    // A start that cannot be the network's is refused, naming what is wrong.
    void aStartPointMustFitTheNetwork() {
        RunSpec spec = smallRun(1, 10, 100, 10);
        spec.from = RunStartPoint{arma::fvec(5, arma::fill::zeros), 10};
        RunProgress progress;
        RunResult result = trainRun(spec, progress);
        QCOMPARE(result.status, RunStatus::Failed);
        QVERIFY2(result.message.starts_with("from: has 5 parameters, but the network has 31"),
                 result.message.c_str());
        spec.from->parameters = arma::fvec(31, arma::fill::zeros);
        spec.from->parameters[3] = NAN;
        result = trainRun(spec, progress);
        QVERIFY2(result.message.starts_with("from: has parameters that are NaN"),
                 result.message.c_str());
        spec.from->parameters[3] = 0.5f;
        spec.steps = 0; // evaluates the start, at its own step
        result = trainRun(spec, progress);
        QCOMPARE(result.status, RunStatus::Finished);
        QCOMPARE(result.snapshots.steps, std::vector<long>{10});
    }

    // The homework's ridge fit of the output layer on the initial features beats the random
    // output layer by far, and trains from there.
    void ridgeFitsTheOutputLayerFirst() {
        RunSpec plain = smallRun(1, 40, 0, 1000);
        RunSpec ridge = plain;
        ridge.ridgeLambda = 1e-5;
        RunProgress p1, p2;
        const RunResult before = trainRun(plain, p1);
        const RunResult after = trainRun(ridge, p2);
        QCOMPARE(after.status, RunStatus::Finished);
        QVERIFY(after.snapshots.trainError[0] < 0.1 * before.snapshots.trainError[0]);
        const auto hidden = plain.architecture.slices()[0].end();
        QVERIFY(arma::all(before.initialParameters.head(hidden) ==
                          after.initialParameters.head(hidden)));
    }

    void divergenceStopsOnlyThatRun() {
        std::vector<RunSpec> runs{smallRun(1, 10, 5000, 100), smallRun(1, 10, 500, 100)};
        runs[0].training.optimizer.learningRate = 1e4;
        ProgressBoard board(runs.size());
        const auto results = Runner(2).run(runs, board);
        QCOMPARE(results[0].status, RunStatus::Diverged);
        QVERIFY2(QString::fromStdString(results[0].message).contains(QLatin1String("at step")),
                 results[0].message.c_str());
        QVERIFY(results[0].stepsDone < 5000);
        QCOMPARE(board[0].status.load(), RunStatus::Diverged);
        QCOMPARE(results[1].status, RunStatus::Finished);
    }

    void impossibleSettingsFailWithTheField_data() {
        QTest::addColumn<QString>("field");
        QTest::newRow("snapshot interval larger than steps") << "snapshot_every";
        QTest::newRow("negative steps") << "steps";
        QTest::newRow("ridge without an identity output") << "ridge_lambda";
        QTest::newRow("zero learning rate") << "optimizer.lr";
        QTest::newRow("batch larger than data") << "batch_size";
        QTest::newRow("zero width") << "network.layers[0].units";
        QTest::newRow("NaN in data") << "dataset";
    }

    void impossibleSettingsFailWithTheField() {
        QFETCH(QString, field);
        RunSpec spec = smallRun(1, 10, 100, 10);
        if (field == QLatin1String("snapshot_every"))
            spec.snapshotEvery = 101;
        else if (field == QLatin1String("steps"))
            spec.steps = -1;
        else if (field == QLatin1String("ridge_lambda")) {
            spec.ridgeLambda = 1e-5;
            spec.architecture.layers.back().activation = Activation::tanh();
        } else if (field == QLatin1String("optimizer.lr"))
            spec.training.optimizer.learningRate = 0;
        else if (field == QLatin1String("batch_size"))
            spec.training.batchSize = 201;
        else if (field == QLatin1String("network.layers[0].units"))
            spec.architecture.layers[0].units = 0;
        else {
            auto data = std::make_shared<Dataset>(*homework());
            data->trainY(7, 0) = NAN;
            spec.data = data;
        }
        RunProgress progress;
        const RunResult result = trainRun(spec, progress);
        QCOMPARE(result.status, RunStatus::Failed);
        QVERIFY2(QString::fromStdString(result.message).startsWith(field), result.message.c_str());
    }

    // The snapshot count in closed form is the schedule's length, and the plan's snapshot bytes
    // are what SnapshotSeries allocates for it (with the initial and final parameters).
    void memoryPlanCountsWhatARunAllocates() {
        for (long steps : {0L, 1L, 2L, 99L, 100L, 101L, 2500L})
            for (long every : {1L, 2L, 7L, 100L, 1000L})
                if (steps == 0 || every <= steps) {
                    RunSpec spec = smallRun(2, 12, steps, every);
                    QCOMPARE(snapshotCount(steps, every), long(spec.snapshotSteps().size()));
                    SnapshotSeries series;
                    series.allocate(spec.snapshotSteps(), spec.architecture.parameterCount(),
                                    spec.architecture.layerCount());
                    const double allocated =
                        double(series.steps.size() * sizeof(long) +
                               (series.trainError.size() + series.testError.size() +
                                series.trainSetError.size()) *
                                   sizeof(double) +
                               series.parameters.n_elem * sizeof(float) +
                               series.gradientNorms.n_elem * sizeof(double) +
                               series.deadUnits.n_elem * sizeof(arma::sword)) +
                        2.0 * double(spec.architecture.parameterCount() * sizeof(float));
                    QCOMPARE(planMemory(spec).snapshotBytes, allocated);
                }
        const MemoryPlan plan = planMemory(smallRun(1, 10, 100, 10));
        const Dataset& data = *homework();
        QCOMPARE(plan.dataBytes, double((data.trainX.n_elem + data.trainY.n_elem +
                                         data.testX.n_elem + data.testY.n_elem) *
                                        sizeof(float)));
    }

    // A snapshot every step of 10^12 steps is refused before anything is allocated, with the
    // interval that would do; a plan over the limit is refused with its numbers.
    void memoryIsPlannedBeforeARunStarts() {
        RunSpec spec = smallRun(1, 10, 1'000'000'000'000L, 1);
        RunProgress progress;
        const RunResult result = trainRun(spec, progress);
        QCOMPARE(result.status, RunStatus::Failed);
        const QString message = QString::fromStdString(result.message);
        QVERIFY2(message.startsWith(QLatin1String("snapshot_every: is 1: 1000000000000 steps "
                                                  "would take 1000000000000 snapshots, and a "
                                                  "run keeps at most 100000: make it at least "
                                                  "10000001")),
                 qPrintable(message));
        QVERIFY(snapshotCount(1'000'000'000'000L, 10'000'001) <= maxSnapshotsPerRun);
        QVERIFY(snapshotCount(1'000'000'000'000L, 10'000'000) > maxSnapshotsPerRun);
        QCOMPARE(result.snapshots.parameters.n_elem, arma::uword{0});

        // Ten runs of 10,000 snapshots of a 10-unit net's 31 parameters, 180 bytes each
        // (step, three errors, 31 floats, two gradient norms, one dead count): 18.0 MB, and
        // the data and two runs' working arrays make it 18.4.
        const RunSpec small = smallRun(1, 10, 10'000, 1);
        const std::vector<const RunSpec*> runs(10, &small);
        checkMemory(runs, 2, 1e9);
        try {
            checkMemory(runs, 2, 1e6);
            QFAIL("a plan over the limit passed");
        } catch (const InvalidInput& error) {
            QCOMPARE(error.field().field, SettingField::SnapshotEvery);
            const QString text = QString::fromStdString(error.what());
            QVERIFY2(text.startsWith(QLatin1String("snapshot_every: 10 runs would need 18 MB of "
                                                   "memory (snapshots 18 MB, data ")) &&
                         text.contains(QLatin1String("more than the 1.0 MB allowed")),
                     qPrintable(text));
        }
        // The data set's passes dominate a full-batch net of 4096 units on 10^6 samples.
        auto big = std::make_shared<Dataset>();
        big->trainX.zeros(1'000'000, 1);
        big->trainY.zeros(1'000'000, 1);
        RunSpec wide = smallRun(1, 4096, 10, 10);
        wide.training.sampling = SamplingKind::FullBatch;
        wide.data = big;
        const MemoryPlan plan = planMemory(wide);
        QVERIFY(plan.workingBytes > 5 * 4096 * 1e6 * sizeof(float)); // 3 + 2 passes' 4096 units
        try {
            checkMemory({&wide}, 1, 1e9);
            QFAIL("a plan over the limit passed");
        } catch (const InvalidInput& error) {
            QCOMPARE(error.field().field, SettingField::DatasetSamples);
        }
    }
};

QTEST_GUILESS_MAIN(TestRunner)
#include "tst_runner.moc"
