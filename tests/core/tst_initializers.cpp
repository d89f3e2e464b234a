// Each initializer's distribution, bounds and sign, per layer, and seeding.
#include "core/error.h"
#include "core/initializer.h"

#include <QTest>

#include <cmath>

using namespace relulab;

namespace {

// A 3-layer net with a wide middle layer so the statistics are tight.
Architecture wideArchitecture() {
    return Architecture{
        1, {{200, Activation::relu()}, {300, Activation::relu()}, {1, Activation::identity()}}};
}

std::vector<InitializerSpec> onMiddleLayer(InitializerSpec spec) {
    return {InitializerSpec{}, spec, InitializerSpec{}};
}

arma::vec weightOf(const Network<double>& network, std::size_t layer) {
    return arma::vectorise(network.weightTransposed(layer));
}

} // namespace

class TestInitializers : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void pytorchDefaultIsUniformInverseSqrtFanIn() {
        Network<double> network(wideArchitecture());
        initializeNetwork(network, {}, 1);
        const double bound = 1.0 / std::sqrt(200.0); // middle layer: fan_in 200
        const arma::vec w = weightOf(network, 1);
        QVERIFY(arma::all(arma::abs(w) <= bound));
        QVERIFY(w.max() > 0.98 * bound && w.min() < -0.98 * bound);
        // U(-b, b) has variance b^2 / 3.
        QVERIFY(std::abs(arma::var(w) / (bound * bound / 3.0) - 1.0) < 0.03);
        QVERIFY(std::abs(arma::mean(w)) < 0.01 * bound);
        QVERIFY(arma::all(arma::abs(network.bias(1)) <= bound));
        // First layer: fan_in 1, so weights and biases in [-1, 1].
        QVERIFY(arma::all(arma::abs(weightOf(network, 0)) <= 1.0));
    }

    void xavierAndHeHaveTheirVariance_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<double>("variance");
        const double fanIn = 200, fanOut = 300;
        QTest::newRow("xavier_uniform")
            << int(InitializerKind::XavierUniform) << 2.0 / (fanIn + fanOut);
        QTest::newRow("xavier_normal")
            << int(InitializerKind::XavierNormal) << 2.0 / (fanIn + fanOut);
        QTest::newRow("he_normal") << int(InitializerKind::HeNormal) << 2.0 / fanIn;
    }

    void xavierAndHeHaveTheirVariance() {
        QFETCH(int, kind);
        QFETCH(double, variance);
        Network<double> network(wideArchitecture());
        initializeNetwork(network, onMiddleLayer(InitializerSpec::of(InitializerKind(kind))), 3);
        const arma::vec w = weightOf(network, 1);
        QVERIFY2(std::abs(arma::var(w) / variance - 1.0) < 0.03,
                 qPrintable(QString::number(arma::var(w) / variance)));
        QVERIFY(std::abs(arma::mean(w)) < 0.01 * std::sqrt(variance));
        if (InitializerKind(kind) == InitializerKind::XavierUniform)
            QVERIFY(arma::all(arma::abs(w) <= std::sqrt(3 * variance)));
        else // a normal has kurtosis 3, a uniform 1.8
            QVERIFY(std::abs(arma::mean(arma::vec(arma::pow(w, 4))) / (variance * variance) - 3.0) <
                    0.15);
    }

    void zerosAndConstant() {
        Network<double> network(wideArchitecture());
        initializeNetwork(network, onMiddleLayer(InitializerSpec::of(InitializerKind::Zeros)), 4);
        QVERIFY(arma::all(weightOf(network, 1) == 0.0));
        QVERIFY(arma::all(network.bias(1) == 0.0));

        // The seeds' Initializer(target_layer, multiplier): weights constant, bias untouched.
        initializeNetwork(network, onMiddleLayer(InitializerSpec::constant(-0.01)), 4);
        QVERIFY(arma::all(weightOf(network, 1) == -0.01));
        QVERIFY(arma::any(network.bias(1) != 0.0));
        QVERIFY(arma::all(arma::abs(network.bias(1)) <= 1.0 / std::sqrt(200.0)));
        QVERIFY(arma::any(weightOf(network, 0) != -0.01)); // other layers keep the default
    }

    void negativeMakesEveryWeightAndBiasNegative() {
        Network<double> network(wideArchitecture());
        initializeNetwork(network, onMiddleLayer(InitializerSpec::of(InitializerKind::Negative)),
                          5);
        QVERIFY(arma::all(weightOf(network, 1) < 0.0));
        QVERIFY(arma::all(network.bias(1) < 0.0));
        QVERIFY(arma::any(weightOf(network, 0) > 0.0)); // only the chosen layer
    }

    void elbowsAreSortedInTheInterval() {
        Network<double> network(wideArchitecture());
        initializeNetwork(
            network, {InitializerSpec::elbows(0.25, 0.75), InitializerSpec{}, InitializerSpec{}},
            6);
        const arma::vec w = weightOf(network, 0);
        const arma::vec elbows = -arma::vec(network.bias(0)) / w;
        QVERIFY(elbows.is_sorted());
        QVERIFY(arma::all(elbows >= 0.25 - 1e-12) && arma::all(elbows <= 0.75 + 1e-12));
        QVERIFY(elbows.min() < 0.26 && elbows.max() > 0.74);
    }

    void elbowsOnlyForAOneInputFirstLayer() {
        Network<double> network(wideArchitecture());
        QVERIFY_THROWS_EXCEPTION(
            InvalidInput,
            initializeNetwork(network, onMiddleLayer(InitializerSpec::elbows(0, 1)), 1));
        Network<double> twoInputs(Architecture{2, {{4, Activation::relu()}, {1, {}}}});
        QVERIFY_THROWS_EXCEPTION(
            InvalidInput, initializeNetwork(twoInputs, {InitializerSpec::elbows(0, 1), {}}, 1));
        QVERIFY_THROWS_EXCEPTION(
            InvalidInput, initializeNetwork(network, {InitializerSpec::elbows(1, 0), {}, {}}, 1));
        QVERIFY_THROWS_EXCEPTION(
            InvalidInput,
            initializeNetwork(network, onMiddleLayer(InitializerSpec::constant(NAN)), 1));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, initializeNetwork(network, {{}, {}}, 1));
    }

    void sameSeedSameParametersBitForBit() {
        Network<double> a(wideArchitecture()), b(wideArchitecture()), c(wideArchitecture());
        initializeNetwork(a, {}, 42);
        initializeNetwork(b, {}, 42);
        initializeNetwork(c, {}, 43);
        QVERIFY(arma::all(a.parameters() == b.parameters()));
        QVERIFY(arma::any(a.parameters() != c.parameters()));
        // float32 draws the same numbers, rounded.
        Network<float> single(wideArchitecture());
        initializeNetwork(single, {}, 42);
        QVERIFY(arma::all(single.parameters() == arma::conv_to<arma::fvec>::from(a.parameters())));
    }

    void names() {
        for (const InitializerDescriptor& kind : initializerKinds)
            QCOMPARE(initializerKinds.fromName(initializerKinds.name(kind.kind)),
                     std::optional(kind.kind));
        QVERIFY(!initializerKinds.fromName("orthogonal"));
    }
};

QTEST_GUILESS_MAIN(TestInitializers)
#include "tst_initializers.moc"
