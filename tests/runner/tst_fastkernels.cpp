// The fast kernels against the general path: the same gradient for one batch, and the same
// trajectory over 1000 SGD steps (same samples, same init), for widths 1..64, 1 and 2 hidden
// layers, on every instruction set this CPU has.
#include "common/fuzzycompare.h"
#include "core/initializer.h"
#include "core/training.h"
#include "runner/fastkernel.h"
#include "runner/homework.h"

#include <QTest>

using namespace relulab;

Q_DECLARE_METATYPE(relulab::Isa)
Q_DECLARE_METATYPE(relulab::Activation)

namespace {

bool cpuHas(Isa isa) {
    const Isa best = detectIsa();
    return isa == Isa::Baseline || (isa == Isa::Avx2 && best != Isa::Baseline) || best == isa;
}

struct Problem {
    std::shared_ptr<const Dataset> data =
        std::make_shared<const Dataset>(homeworkDataset(TargetFunction::PiecewiseLinear));
    arma::fmat x = arma::conv_to<arma::fmat>::from(data->trainX);
    arma::fmat y = arma::conv_to<arma::fmat>::from(data->trainY);
};

const Problem& problem() {
    static const Problem instance;
    return instance;
}

} // namespace

class TestFastKernels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void agreesWithGeneralPath_data() {
        QTest::addColumn<Isa>("isa");
        QTest::addColumn<int>("layers");
        QTest::addColumn<Activation>("activation");
        for (Isa isa : {Isa::Avx512, Isa::Avx2, Isa::Baseline})
            for (int layers : {1, 2}) {
                QTest::addRow("%s/%d layers/relu", isaName(isa).data(), layers)
                    << isa << layers << Activation::relu();
                QTest::addRow("%s/%d layers/tanh", isaName(isa).data(), layers)
                    << isa << layers << Activation::tanh();
            }
    }

    // Every activation of core/activation.h's table takes the fast path and agrees with the
    // general one (the scalar lanes call the same formulas).
    void everyActivationAgrees_data() {
        QTest::addColumn<Isa>("isa");
        QTest::addColumn<int>("layers");
        QTest::addColumn<Activation>("activation");
        for (Isa isa : {Isa::Avx512, Isa::Avx2, Isa::Baseline})
            for (int layers : {1, 2})
                for (const ActivationDescriptor& kind : activationKinds)
                    QTest::addRow("%s/%d layers/%s", isaName(isa).data(), layers, kind.name.data())
                        << isa << layers
                        << Activation{kind.kind, kind.parameterName.empty() ? 0.0 : 0.7};
    }

    void everyActivationAgrees() {
        QFETCH(Isa, isa);
        QFETCH(int, layers);
        QFETCH(Activation, activation);
        if (!cpuHas(isa))
            QSKIP("this CPU lacks the instruction set");
        RunSpec spec = linearizedFeaturesRun(layers, 9, false, 1000, problem().data);
        for (std::size_t l = 0; l + 1 < spec.architecture.layers.size(); ++l)
            spec.architecture.layers[l].activation = activation;
        QVERIFY(fastKernelSupports(spec.architecture, LossKind::Mse, 40, isa));
        Network<float> general(spec.architecture);
        initializeNetwork(general, spec.initializers, spec.initSeed);
        const Problem& data = problem();
        const auto kernel =
            makeFastKernel(spec.architecture, data.x.memptr(), data.y.memptr(), 40, isa);
        std::vector<std::uint32_t> batch(40);
        for (std::size_t i = 0; i < batch.size(); ++i)
            batch[i] = std::uint32_t(i * 5 % 200);
        const arma::uvec rows = arma::conv_to<arma::uvec>::from(batch);
        arma::fvec expected, gradient(general.parameterCount());
        const float expectedLoss =
            lossAndGradient(general, arma::fmat(data.x.rows(rows)), arma::fmat(data.y.rows(rows)),
                            LossKind::Mse, expected);
        const float loss =
            kernel->lossAndGradient(general.parameters().memptr(), batch.data(), gradient.memptr());
        QVERIFY2(std::abs(loss - expectedLoss) <= 1e-5f * expectedLoss,
                 qPrintable(QStringLiteral("loss %1 vs %2").arg(loss).arg(expectedLoss)));
        const QString mismatch =
            test::compareRelative(arma::conv_to<arma::vec>::from(gradient),
                                  arma::conv_to<arma::vec>::from(expected), 1e-4, 1e-3);
        QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    }

    void agreesWithGeneralPath() {
        QFETCH(Isa, isa);
        QFETCH(int, layers);
        QFETCH(Activation, activation);
        if (!cpuHas(isa))
            QSKIP("this CPU lacks the instruction set");
        const Problem& data = problem();
        const int maxWidth = activation.kind == ActivationKind::Relu ? 64 : 24;
        for (int width = 1; width <= maxWidth; ++width) {
            RunSpec spec = linearizedFeaturesRun(layers, width, false, 1000, data.data);
            for (std::size_t l = 0; l + 1 < spec.architecture.layers.size(); ++l)
                spec.architecture.layers[l].activation = activation;
            QVERIFY(fastKernelSupports(spec.architecture, LossKind::Mse, 40, isa));
            Network<float> general(spec.architecture);
            initializeNetwork(general, spec.initializers, spec.initSeed);
            Network<float> fast = general;
            const auto kernel =
                makeFastKernel(spec.architecture, data.x.memptr(), data.y.memptr(), 40, isa);

            // One batch from the same parameters: float rounding only.
            const std::vector<std::uint32_t> batch{
                3,   17,  199, 0,   45,  46,  47,  120, 5,   9,   11,  13,  15,  17,
                19,  150, 2,   77,  88,  99,  100, 101, 102, 103, 104, 105, 106, 107,
                108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119};
            arma::uvec rows(batch.size());
            for (std::size_t i = 0; i < batch.size(); ++i)
                rows[i] = batch[i];
            arma::fvec expected, gradient(general.parameterCount());
            const float expectedLoss =
                lossAndGradient(general, arma::fmat(data.x.rows(rows)),
                                arma::fmat(data.y.rows(rows)), LossKind::Mse, expected);
            const float loss = kernel->lossAndGradient(general.parameters().memptr(), batch.data(),
                                                       gradient.memptr());
            QVERIFY2(std::abs(loss - expectedLoss) <= 1e-5f * expectedLoss,
                     qPrintable(QStringLiteral("width %1: loss %2 vs %3")
                                    .arg(width)
                                    .arg(loss)
                                    .arg(expectedLoss)));
            const QString gradientMismatch =
                test::compareRelative(arma::conv_to<arma::vec>::from(gradient),
                                      arma::conv_to<arma::vec>::from(expected), 1e-4, 1e-3);
            QVERIFY2(
                gradientMismatch.isEmpty(),
                qPrintable(QStringLiteral("width %1 gradient: ").arg(width) + gradientMismatch));

            // 1000 steps on the same batches: rounding differences of about 1e-7 per step
            // compound, but stay far below 1e-3 of the parameters' scale.
            TrainingLoop<float> slow(general, data.x, data.y, LossKind::Mse, spec.training);
            TrainingLoop<float> quick(fast, data.x, data.y, LossKind::Mse, spec.training);
            quick.setBatchKernel(kernel.get());
            for (int step = 0; step < 1000; ++step) {
                const float a = slow.step(), b = quick.step();
                QVERIFY2(std::abs(a - b) <= 1e-3f * std::max(a, 1e-3f),
                         qPrintable(QStringLiteral("width %1 step %2: %3 vs %4")
                                        .arg(width)
                                        .arg(step)
                                        .arg(a)
                                        .arg(b)));
            }
            const double scale = arma::abs(general.parameters()).max();
            const double difference = arma::abs(general.parameters() - fast.parameters()).max();
            QVERIFY2(difference <= 1e-3 * scale,
                     qPrintable(QStringLiteral("width %1: parameters differ by %2 (scale %3)")
                                    .arg(width)
                                    .arg(difference)
                                    .arg(scale)));
        }
    }

    void oddBatchSizesAndPadding() {
        const Problem& data = problem();
        for (std::size_t batchSize : {1u, 15u, 16u, 17u, 37u, 64u}) {
            const RunSpec spec = linearizedFeaturesRun(2, 12, false, 1, data.data);
            Network<float> network(spec.architecture);
            initializeNetwork(network, spec.initializers, 4);
            const auto kernel =
                makeFastKernel(spec.architecture, data.x.memptr(), data.y.memptr(), batchSize);
            std::vector<std::uint32_t> batch(batchSize);
            arma::uvec rows(batchSize);
            for (std::size_t i = 0; i < batchSize; ++i)
                rows[i] = batch[i] = static_cast<std::uint32_t>((i * 37) % 200);
            arma::fvec expected, gradient(network.parameterCount());
            lossAndGradient(network, arma::fmat(data.x.rows(rows)), arma::fmat(data.y.rows(rows)),
                            LossKind::Mse, expected);
            kernel->lossAndGradient(network.parameters().memptr(), batch.data(), gradient.memptr());
            RELULAB_COMPARE_RELATIVE(arma::conv_to<arma::vec>::from(gradient),
                                     arma::conv_to<arma::vec>::from(expected), 1e-4, 1e-3);
        }
    }

    // The test error of snapshots: any sample count (whole and partial blocks, one sample),
    // against the general forward pass.
    void meanSquaredErrorOverAnyCount() {
        const Problem& data = problem();
        const arma::fmat testX = arma::conv_to<arma::fmat>::from(data.data->testX);
        const arma::fmat testY = arma::conv_to<arma::fmat>::from(data.data->testY);
        for (Isa isa : {Isa::Avx512, Isa::Avx2, Isa::Baseline}) {
            if (!cpuHas(isa))
                continue;
            for (int layers : {1, 2})
                for (int width : {1, 7, 40}) {
                    const RunSpec spec = linearizedFeaturesRun(layers, width, false, 1, data.data);
                    Network<float> network(spec.architecture);
                    initializeNetwork(network, spec.initializers, 11);
                    const auto kernel = makeFastKernel(spec.architecture, data.x.memptr(),
                                                       data.y.memptr(), 40, isa);
                    for (arma::uword count : {1u, 47u, 48u, 49u, 200u, 1200u}) {
                        const arma::fmat x = testX.head_rows(count), y = testY.head_rows(count);
                        const double expected = computeLoss(LossKind::Mse, network.predict(x), y);
                        const double actual = kernel->meanSquaredError(
                            network.parameters().memptr(), x.memptr(), y.memptr(), count);
                        QVERIFY2(std::abs(actual - expected) <= 1e-5 * expected,
                                 qPrintable(QStringLiteral("%1 %2x%3, %4 samples: %5 vs %6")
                                                .arg(isaName(isa).data())
                                                .arg(layers)
                                                .arg(width)
                                                .arg(count)
                                                .arg(actual, 0, 'g', 9)
                                                .arg(expected, 0, 'g', 9)));
                    }
                }
        }
    }

    void unsupportedShapesFallBack() {
        const Architecture twoInputs{2, {{8, Activation::relu()}, {1, Activation::identity()}}};
        QVERIFY(!fastKernelSupports(twoInputs, LossKind::Mse, 40));
        const Architecture mixed{1, {{8, Activation::relu()}, {9, Activation::relu()}, {1, {}}}};
        QVERIFY(!fastKernelSupports(mixed, LossKind::Mse, 40));
        const Architecture deep{
            1,
            {{8, Activation::relu()}, {8, Activation::relu()}, {8, Activation::relu()}, {1, {}}}};
        QVERIFY(!fastKernelSupports(deep, LossKind::Mse, 40));
        const Architecture wide{1, {{257, Activation::relu()}, {1, {}}}};
        QVERIFY(!fastKernelSupports(wide, LossKind::Mse, 40));
        const Architecture fine{1, {{256, Activation::relu()}, {1, {}}}};
        QVERIFY(fastKernelSupports(fine, LossKind::Mse, 40));
        QVERIFY(!fastKernelSupports(fine, LossKind::BceLogits, 40));
        QVERIFY(!fastKernelSupports(fine, LossKind::Mse, 65, Isa::Baseline));
        QVERIFY(fastKernelSupports(fine, LossKind::Mse, 64, Isa::Baseline));
    }
};

QTEST_GUILESS_MAIN(TestFastKernels)
#include "tst_fastkernels.moc"
