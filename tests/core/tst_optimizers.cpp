// SGD (momentum, weight decay) and Adam against the formulas of torch.optim, and parameter
// groups: only the trainable layers move.
#include "common/fuzzycompare.h"
#include "core/error.h"
#include "core/initializer.h"
#include "core/optimizer.h"
#include "core/training.h"

#include <QTest>

#include <cmath>

using namespace relulab;

namespace {

const Architecture smallNet{1, {{3, Activation::relu()}, {1, Activation::identity()}}};

// A deterministic, step-dependent gradient so that momentum and moments matter.
arma::vec gradientAt(int step, arma::uword count) {
    arma::vec g(count);
    for (arma::uword i = 0; i < count; ++i)
        g[i] = std::sin(1.3 * static_cast<double>(i) + 0.7 * step) * (1.0 + 0.1 * step);
    return g;
}

arma::vec startingParameters(arma::uword count) {
    return arma::linspace(-0.5, 0.8, count);
}

} // namespace

class TestOptimizers : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sgdFollowsTorchFormula_data() {
        QTest::addColumn<double>("momentum");
        QTest::addColumn<double>("decay");
        QTest::newRow("plain") << 0.0 << 0.0;
        QTest::newRow("momentum") << 0.9 << 0.0;
        QTest::newRow("weight decay") << 0.0 << 0.01;
        QTest::newRow("both") << 0.5 << 0.1;
    }

    void sgdFollowsTorchFormula() {
        QFETCH(double, momentum);
        QFETCH(double, decay);
        OptimizerSpec spec;
        spec.learningRate = 0.05;
        spec.momentum = momentum;
        spec.weightDecay = decay;
        Optimizer<double> optimizer(spec, smallNet);
        const arma::uword count = smallNet.parameterCount();
        arma::vec p = startingParameters(count), expected = p, buffer(count);
        for (int step = 1; step <= 6; ++step) {
            const arma::vec g = gradientAt(step, count);
            optimizer.step(p, g);
            const arma::vec d = g + decay * expected;
            buffer = step == 1 ? d : arma::vec(momentum * buffer + d);
            expected -= 0.05 * (momentum != 0.0 ? buffer : d);
        }
        RELULAB_COMPARE_RELATIVE(p, expected, 1e-14);
        QCOMPARE(optimizer.stepCount(), 6L);
    }

    void adamFollowsTorchFormula_data() {
        QTest::addColumn<double>("decay");
        QTest::newRow("defaults") << 0.0;
        QTest::newRow("weight decay") << 0.05;
    }

    void adamFollowsTorchFormula() {
        QFETCH(double, decay);
        OptimizerSpec spec;
        spec.kind = OptimizerKind::Adam;
        spec.learningRate = 0.01;
        spec.weightDecay = decay;
        Optimizer<double> optimizer(spec, smallNet);
        const arma::uword count = smallNet.parameterCount();
        arma::vec p = startingParameters(count), expected = p;
        arma::vec m(count, arma::fill::zeros), v(count, arma::fill::zeros);
        for (int t = 1; t <= 8; ++t) {
            const arma::vec g = gradientAt(t, count);
            optimizer.step(p, g);
            const arma::vec d = g + decay * expected;
            m = 0.9 * m + 0.1 * d;
            v = 0.999 * v + 0.001 * d % d;
            const arma::vec mHat = m / (1 - std::pow(0.9, t));
            const arma::vec vHat = v / (1 - std::pow(0.999, t));
            expected -= 0.01 * mHat / (arma::sqrt(vHat) + 1e-8);
        }
        RELULAB_COMPARE_RELATIVE(p, expected, 1e-12);
    }

    // The homework's "output layer only": the first layer must not move at all.
    void onlyTrainableLayersMove() {
        for (const auto& [kind, name] : optimizerKinds) {
            OptimizerSpec spec;
            spec.kind = kind;
            spec.learningRate = 0.2;
            spec.momentum = kind == OptimizerKind::Sgd ? 0.9 : 0.0;
            spec.weightDecay = 0.1;
            Optimizer<double> optimizer(spec, smallNet, {false, true});
            const auto slices = smallNet.slices();
            const arma::uword count = smallNet.parameterCount();
            arma::vec p = startingParameters(count);
            const arma::vec start = p;
            for (int step = 1; step <= 3; ++step)
                optimizer.step(p, gradientAt(step, count));
            const arma::uword firstEnd = slices[0].end();
            QVERIFY(arma::all(p.head(firstEnd) == start.head(firstEnd)));
            QVERIFY(arma::all(p.tail(count - firstEnd) != start.tail(count - firstEnd)));
        }
    }

    void trainingOnlyTheOutputLayerKeepsTheElbows() {
        Network<double> network(smallNet);
        initializeNetwork(network, {InitializerSpec::elbows(0, 1), {}}, 3);
        const arma::vec start = network.parameters();
        const arma::mat x = arma::linspace(0, 1, 20);
        const arma::mat y = arma::square(x);
        TrainingSpec spec;
        spec.optimizer.learningRate = 0.2;
        spec.trainableLayers = {false, true};
        spec.sampling = SamplingKind::WithoutReplacement;
        spec.batchSize = 4;
        spec.samplingSeed = 9;
        TrainingLoop<double> loop(network, x, y, LossKind::Mse, spec);
        const double first = loop.step();
        double last = first;
        for (int s = 0; s < 300; ++s)
            last = loop.step();
        const arma::uword firstEnd = smallNet.slices()[0].end();
        QVERIFY(arma::all(network.parameters().head(firstEnd) == start.head(firstEnd)));
        QVERIFY2(last < first, qPrintable(QStringLiteral("%1 -> %2").arg(first).arg(last)));
    }

    void sameSeedsSameTrajectoryBitForBit() {
        auto train = [](std::uint64_t samplingSeed) {
            Network<float> network(smallNet);
            initializeNetwork(network, {}, 17);
            const arma::fmat x = arma::linspace<arma::fvec>(0, 1, 50);
            const arma::fmat y = arma::sin(6 * x);
            TrainingSpec spec;
            spec.optimizer.kind = OptimizerKind::Adam;
            spec.sampling = SamplingKind::WithReplacement;
            spec.batchSize = 10;
            spec.samplingSeed = samplingSeed;
            TrainingLoop<float> loop(network, x, y, LossKind::Mse, spec);
            for (int s = 0; s < 200; ++s)
                loop.step();
            return arma::fvec(network.parameters());
        };
        QVERIFY(arma::all(train(1) == train(1)));
        QVERIFY(arma::any(train(1) != train(2)));
    }

    void impossibleSettingsAreRefused_data() {
        QTest::addColumn<double>("lr");
        QTest::addColumn<double>("momentum");
        QTest::addColumn<double>("decay");
        QTest::addColumn<QString>("field");
        QTest::newRow("lr zero") << 0.0 << 0.0 << 0.0 << "optimizer.lr";
        QTest::newRow("lr negative") << -0.1 << 0.0 << 0.0 << "optimizer.lr";
        QTest::newRow("lr nan") << double(NAN) << 0.0 << 0.0 << "optimizer.lr";
        QTest::newRow("momentum 1") << 0.1 << 1.0 << 0.0 << "optimizer.momentum";
        QTest::newRow("negative decay") << 0.1 << 0.0 << -1.0 << "optimizer.weight_decay";
    }

    void impossibleSettingsAreRefused() {
        QFETCH(double, lr);
        QFETCH(double, momentum);
        QFETCH(double, decay);
        QFETCH(QString, field);
        OptimizerSpec spec;
        spec.learningRate = lr;
        spec.momentum = momentum;
        spec.weightDecay = decay;
        try {
            Optimizer<double> optimizer(spec, smallNet);
            QFAIL("accepted");
        } catch (const InvalidInput& error) {
            QCOMPARE(QString::fromStdString(error.where()), field);
        }
        QVERIFY_THROWS_EXCEPTION(InvalidInput,
                                 Optimizer<double>(OptimizerSpec{}, smallNet, {false, false}));
        QVERIFY_THROWS_EXCEPTION(InvalidInput,
                                 Optimizer<double>(OptimizerSpec{}, smallNet, {true}));
    }
};

QTEST_GUILESS_MAIN(TestOptimizers)
#include "tst_optimizers.moc"
