// The CUDA backend against the CPU: the same batches, the same trajectories to float32
// rounding, snapshots that mean the same, divergence and cancellation. Where there is no usable
// GPU (CI, a build without nvcc) the device tests skip with the reason; the tests of choosing a
// backend run everywhere.
//
// Tolerance of CPU against GPU: the same as the CPU's fast kernels against its general path.
// Both compute in float32 from the same parameters and batches, but sum in other orders and
// contract other products into FMAs, so each step differs by rounding (about 1e-7 relative);
// over 1000 steps these compound, and stay far below 1e-3 of the parameters' scale.
#include "common/fuzzycompare.h"
#include "core/diagnostics.h"
#include "core/error.h"
#include "core/loss.h"
#include "core/sampler.h"
#include "gpu/cudaaccelerator.h"
#include "gpu/devicetrainer.h"
#include "runner/homework.h"
#include "runner/runner.h"

#include <QTest>

#include <chrono>
#include <thread>

using namespace relulab;

Q_DECLARE_METATYPE(relulab::Activation)

namespace {

#ifdef RELULAB_EMULATED_GPU
// A warp collective costs some 30 microseconds in the emulation, a step about a millisecond.
constexpr long agreementSteps = 150;
constexpr long snapshotInterval = 50;
constexpr int largeSampleCount = 40037;
#else
constexpr long agreementSteps = 1000;
constexpr long snapshotInterval = 1000;
constexpr int largeSampleCount = 4000037;
#endif

std::shared_ptr<const Dataset> homework() {
    static const auto data =
        std::make_shared<const Dataset>(homeworkDataset(TargetFunction::PiecewiseLinear));
    return data;
}

std::shared_ptr<Accelerator> gpuOrNull(QString& why) {
    std::string whyNot;
    std::shared_ptr<Accelerator> accelerator = makeCudaAccelerator(whyNot);
    why = QString::fromStdString(whyNot);
    return accelerator;
}

// Declares `name`, the GPU's accelerator, or skips the test with the reason there is none.
#define REQUIRE_GPU(name)                                                                          \
    QString whyNoGpu;                                                                              \
    const std::shared_ptr<Accelerator> name = gpuOrNull(whyNoGpu);                                 \
    if (!name)                                                                                     \
        QSKIP(qPrintable(QStringLiteral("no GPU here: ") + whyNoGpu));

RunResult trainOn(const std::shared_ptr<Accelerator>& accelerator, const RunSpec& spec) {
    ProgressBoard board(1);
    return Runner(1, accelerator).run({spec}, board).front();
}

void compareRuns(const RunResult& cpu, const RunResult& gpu, const QString& what) {
    QCOMPARE(gpu.status, cpu.status);
    QCOMPARE(gpu.stepsDone, cpu.stepsDone);
    QCOMPARE(gpu.snapshots.count, cpu.snapshots.count);
    QVERIFY2(gpu.backend.rfind("cuda", 0) == 0,
             qPrintable(what + QStringLiteral(": ") + QString::fromStdString(gpu.backend)));
    // The batch loss and the training set's error agree snapshot by snapshot.
    for (const auto& [errors, name] :
         {std::pair{&SnapshotSeries::trainError, "batch loss"},
          std::pair{&SnapshotSeries::trainSetError, "training set loss"}})
        for (std::size_t k = 0; k < cpu.snapshots.count; ++k) {
            const double a = (cpu.snapshots.*errors)[k], b = (gpu.snapshots.*errors)[k];
            QVERIFY2(std::abs(a - b) <= 1e-3 * std::max(a, 1e-3),
                     qPrintable(QStringLiteral("%1 snapshot %2 %3: %4 vs %5")
                                    .arg(what)
                                    .arg(k)
                                    .arg(QLatin1String(name))
                                    .arg(a)
                                    .arg(b)));
        }
    // Dead units after the first step (later, a unit on the edge may go either way by rounding).
    QVERIFY2(arma::all(gpu.snapshots.deadUnits.col(0) == cpu.snapshots.deadUnits.col(0)),
             qPrintable(what + QStringLiteral(": dead units at step 1 differ")));
    const double scale = arma::abs(cpu.finalParameters).max();
    const double difference = arma::abs(cpu.finalParameters - gpu.finalParameters).max();
    QVERIFY2(difference <= 1e-3 * scale,
             qPrintable(QStringLiteral("%1: parameters differ by %2 (scale %3)")
                            .arg(what)
                            .arg(difference)
                            .arg(scale)));
}

} // namespace

class TestCudaBackend : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Runs everywhere: no GPU is a reason, never a crash.
    void choosingABackend() {
        std::string note;
        QVERIFY(!acceleratorFor(BackendChoice::Cpu, note));
        QVERIFY(note.empty());
        QString why;
        const std::shared_ptr<Accelerator> gpu = gpuOrNull(why);
        if (gpu) {
            QVERIFY(acceleratorFor(BackendChoice::Auto, note));
            QVERIFY(acceleratorFor(BackendChoice::Cuda, note));
            QVERIFY(QString::fromStdString(gpu->name()).startsWith(QStringLiteral("cuda: ")));
        } else {
            QVERIFY(!why.isEmpty());
            QVERIFY(!acceleratorFor(BackendChoice::Auto, note));
            QVERIFY(note.find(why.toStdString()) != std::string::npos);
            QVERIFY_THROWS_EXCEPTION(InvalidInput, acceleratorFor(BackendChoice::Cuda, note));
            // The runner trains everything on the CPU then.
            ProgressBoard board(1);
            const RunResult result =
                Runner(1, nullptr)
                    .run({linearizedFeaturesRun(1, 10, false, 100, homework())}, board)
                    .front();
            QCOMPARE(result.status, RunStatus::Finished);
            QVERIFY(result.backend.rfind("cpu-", 0) == 0);
        }
        QCOMPARE(backendChoiceFromName("cuda"), std::optional(BackendChoice::Cuda));
        QCOMPARE(backendChoiceFromName("gpu"), std::nullopt);
    }

    void shapesOutsideTheGpuGoToTheCpu() {
        REQUIRE_GPU(accelerator);
        std::string why;
        RunSpec spec = linearizedFeaturesRun(1, 10, false, 100, homework());
        QVERIFY(accelerator->accepts(spec, why));
        RunSpec deep = spec;
        deep.architecture.layers.insert(deep.architecture.layers.begin(),
                                        deep.architecture.layers.front());
        deep.architecture.layers.insert(deep.architecture.layers.begin(),
                                        deep.architecture.layers.front());
        deep.initializers.assign(deep.architecture.layers.size(), InitializerSpec{});
        QVERIFY(!accelerator->accepts(deep, why));
        QVERIFY(!why.empty());
        ProgressBoard board(2);
        const std::vector<RunResult> results = Runner(1, accelerator).run({spec, deep}, board);
        QVERIFY(results[0].backend.rfind("cuda", 0) == 0);
        QVERIFY(results[1].backend.rfind("cpu-", 0) == 0);
        QVERIFY(results[1].backendNote.rfind("on the CPU: ", 0) == 0);
        QCOMPARE(results[1].status, RunStatus::Finished);
    }

    // Identical batch sequences: the device's sampler against BatchSampler, for every kind of
    // sampling, and at a size where Lemire's rejections happen.
    void sameBatchesAsTheCpu() {
#ifndef RELULAB_HAVE_DEVICE_TRAINER
        QSKIP("this build has no CUDA backend (nvcc was not found when it was configured)");
#else
        REQUIRE_GPU(accelerator);
        struct Case {
            SamplingKind kind;
            int samples, batch;
        };
        for (const Case& c : {Case{SamplingKind::WithoutReplacement, 200, 40},
                              Case{SamplingKind::WithoutReplacement, largeSampleCount, 100},
                              Case{SamplingKind::WithReplacement, 200, 40},
                              Case{SamplingKind::WithReplacement, largeSampleCount, 33},
                              Case{SamplingKind::FullBatch, 37, 37}}) {
            std::vector<float> x(c.samples), y(c.samples);
            for (int i = 0; i < c.samples; ++i)
                x[i] = y[i] = static_cast<float>(i);
            gpu::NetShape shape;
            shape.width = 4;
            shape.batch = c.batch;
            shape.sampling = static_cast<int>(c.kind);
            gpu::DeviceRun run;
            run.trainX = x.data();
            run.trainY = y.data();
            run.trainCount = c.samples;
            run.samplingSeed = BatchSampler::streamSeed(17);
            run.steps = 1;
            run.initialParameters.assign(gpu::parameterCount(shape), 0.5f);
            gpu::DeviceTrainer trainer(shape, {run});
            const int steps = 50;
            const std::vector<std::uint32_t> device = trainer.firstBatches(0, steps);
            BatchSampler sampler(c.samples, c.batch, c.kind, 17);
            for (int step = 0; step < steps; ++step) {
                const auto batch = sampler.next();
                for (int b = 0; b < c.batch; ++b)
                    QVERIFY2(device[step * c.batch + b] == batch[b],
                             qPrintable(QStringLiteral("n %1, step %2, sample %3: %4 vs %5")
                                            .arg(c.samples)
                                            .arg(step)
                                            .arg(b)
                                            .arg(device[step * c.batch + b])
                                            .arg(batch[b])));
            }
        }
#endif
    }

    void agreesWithTheCpu_data() {
        QTest::addColumn<int>("layers");
        QTest::addColumn<int>("width");
        QTest::addColumn<Activation>("activation");
        QTest::addColumn<int>("optimizer"); // 0 SGD, 1 SGD with momentum and decay, 2 Adam
        QTest::addColumn<bool>("outputOnly");
        QTest::addColumn<int>("batch"); // 40 without replacement, as the homework; 0: full batch
        // Widths as tst_fastkernels takes them against the general path: smooth activations
        // compound rounding faster, so they stop at 24.
        for (int layers : {1, 2}) {
            for (int width : {1, 7, 40, 64})
                QTest::addRow("%dx%d relu sgd", layers, width)
                    << layers << width << Activation::relu() << 0 << false << 40;
            for (int width : {1, 7, 24})
                QTest::addRow("%dx%d tanh sgd", layers, width)
                    << layers << width << Activation::tanh() << 0 << false << 40;
        }
        // Every activation the core knows (core/activation.h's table), with a parameter away
        // from its default where it has one: the GPU takes them all.
        for (const ActivationDescriptor& kind : activationKinds)
            for (int layers : {1, 2}) {
                const double parameter = kind.parameterName.empty() ? 0.0 : 0.7;
                QTest::addRow("%dx6 %s sgd", layers, kind.name.data())
                    << layers << 6 << Activation{kind.kind, parameter} << 0 << false << 40;
            }
        QTest::addRow("1x256 relu sgd") << 1 << 256 << Activation::relu() << 0 << false << 40;
        QTest::addRow("1x20 relu momentum") << 1 << 20 << Activation::relu() << 1 << false << 40;
        QTest::addRow("2x20 elu adam") << 2 << 20 << Activation::elu() << 2 << false << 40;
        QTest::addRow("1x40 relu output layer only")
            << 1 << 40 << Activation::relu() << 0 << true << 40;
        QTest::addRow("2x10 softplus output layer only")
            << 2 << 10 << Activation::softplus() << 0 << true << 40;
        QTest::addRow("1x13 sigmoid adam") << 1 << 13 << Activation::sigmoid() << 2 << false << 40;
        QTest::addRow("2x9 leaky momentum")
            << 2 << 9 << Activation::leakyRelu() << 1 << false << 40;
        // Batches that are not a multiple of 4 (the 1-layer pass reads samples four at a time),
        // larger than two lanes' worth, and the whole training set.
        QTest::addRow("1x40 relu batch 37") << 1 << 40 << Activation::relu() << 0 << false << 37;
        QTest::addRow("1x70 relu batch 131") << 1 << 70 << Activation::relu() << 0 << false << 131;
        QTest::addRow("1x9 tanh batch 5") << 1 << 9 << Activation::tanh() << 0 << false << 5;
        QTest::addRow("1x33 relu full batch") << 1 << 33 << Activation::relu() << 0 << false << 0;
        QTest::addRow("2x12 relu batch 37") << 2 << 12 << Activation::relu() << 0 << false << 37;
        QTest::addRow("2x11 relu batch 131") << 2 << 11 << Activation::relu() << 0 << false << 131;
    }

    // 1000 steps (150 emulated) of the same experiment on both backends: batch losses, dead units
    // and the final parameters (tolerance at the top of this file).
    void agreesWithTheCpu() {
        REQUIRE_GPU(accelerator);
        QFETCH(int, layers);
        QFETCH(int, width);
        QFETCH(Activation, activation);
        QFETCH(int, optimizer);
        QFETCH(bool, outputOnly);
        QFETCH(int, batch);
        RunSpec spec = linearizedFeaturesRun(layers, width, outputOnly, agreementSteps, homework());
        spec.snapshotEvery = agreementSteps / 10;
        if (batch == 0) {
            spec.training.sampling = SamplingKind::FullBatch;
            spec.training.batchSize = 0;
        } else {
            spec.training.batchSize = batch;
        }
        for (std::size_t l = 0; l + 1 < spec.architecture.layers.size(); ++l)
            spec.architecture.layers[l].activation = activation;
        OptimizerSpec& o = spec.training.optimizer;
        if (optimizer == 1) {
            o.momentum = 0.9;
            o.weightDecay = 1e-3;
        } else if (optimizer == 2) {
            o.kind = OptimizerKind::Adam;
            o.learningRate = 1e-3;
        }
        const RunResult cpu = trainOn(nullptr, spec);
        const RunResult gpu = trainOn(accelerator, spec);
        compareRuns(cpu, gpu, QString::fromLatin1(QTest::currentDataTag()));
    }

    // What a snapshot holds means the same on both: its test error is the loss of its
    // parameters on the test set, its dead units those of its parameters, and the first
    // snapshot's gradient norms (same parameters, same batch) agree to float rounding.
    void snapshotsMeanTheSame() {
        REQUIRE_GPU(accelerator);
        for (int layers : {1, 2}) {
            RunSpec spec =
                linearizedFeaturesRun(layers, 24, false, 3 * snapshotInterval, homework());
            spec.snapshotEvery = snapshotInterval;
            const RunResult cpu = trainOn(nullptr, spec);
            const RunResult gpu = trainOn(accelerator, spec);
            QCOMPARE(gpu.snapshots.count, std::size_t{4});
            const arma::fmat testX = arma::conv_to<arma::fmat>::from(homework()->testX);
            const arma::fmat testY = arma::conv_to<arma::fmat>::from(homework()->testY);
            const arma::fmat trainX = arma::conv_to<arma::fmat>::from(homework()->trainX);
            for (std::size_t k = 0; k < gpu.snapshots.count; ++k) {
                const Network<float> network(spec.architecture, gpu.snapshots.parameters.col(k));
                const double expected = computeLoss(LossKind::Mse, network.predict(testX), testY);
                QVERIFY(std::abs(gpu.snapshots.testError[k] - expected) <= 1e-5 * expected);
                ForwardPass<float> pass;
                network.forward(trainX, pass);
                const auto dead = deadUnitCounts(deadUnits(network, pass));
                for (int l = 0; l < layers; ++l)
                    QCOMPARE(gpu.snapshots.deadUnits(l, k), static_cast<arma::sword>(*dead[l]));
            }
            RELULAB_COMPARE_RELATIVE(gpu.snapshots.gradientNorms.col(0).eval(),
                                     cpu.snapshots.gradientNorms.col(0).eval(), 1e-4, 1e-6);
            QCOMPARE(gpu.snapshots.steps, cpu.snapshots.steps);
        }
    }

    void divergenceStopsThatRunOnly() {
        REQUIRE_GPU(accelerator);
        RunSpec calm = linearizedFeaturesRun(1, 10, false, 2 * agreementSteps, homework());
        RunSpec wild = calm;
        wild.training.optimizer.learningRate = 1e6;
        ProgressBoard board(2);
        const std::vector<RunResult> results = Runner(1, accelerator).run({calm, wild}, board);
        QCOMPARE(results[0].status, RunStatus::Finished);
        QCOMPARE(results[1].status, RunStatus::Diverged);
        // As on the CPU, to the step or two that rounding can move the overflow by.
        const RunResult cpu = trainOn(nullptr, wild);
        QCOMPARE(cpu.status, RunStatus::Diverged);
        QVERIFY2(std::abs(results[1].stepsDone - cpu.stepsDone) <= 2,
                 qPrintable(QStringLiteral("GPU at step %1, CPU at %2")
                                .arg(results[1].stepsDone)
                                .arg(cpu.stepsDone)));
        const QString message = QString::fromStdString(results[1].message);
        QVERIFY2(message.startsWith(QStringLiteral("the loss became ")) ||
                     message.startsWith(QStringLiteral("the parameters became non-finite")),
                 qPrintable(message));
    }

    void cancellingKeepsTheSnapshots() {
        REQUIRE_GPU(accelerator);
        // 20,001 snapshots (a run keeps at most 100,000), far more steps than the wait takes.
        RunSpec spec = linearizedFeaturesRun(2, 16, false, 20'000 * snapshotInterval, homework());
        spec.snapshotEvery = snapshotInterval;
        ProgressBoard board(1);
        std::vector<RunResult> results(1);
        std::thread worker([&] { Runner(1, accelerator).run({spec}, board, results); });
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (board[0].snapshotsPublished.load() < 3 &&
               std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        board.cancel(0);
        worker.join();
        QCOMPARE(results[0].status, RunStatus::Cancelled);
        QVERIFY(results[0].snapshots.count >= 3);
        QVERIFY(results[0].stepsDone < spec.steps);
        QVERIFY(results[0].finalParameters.is_finite());
    }
};

QTEST_GUILESS_MAIN(TestCudaBackend)
#include "tst_cudabackend.moc"
