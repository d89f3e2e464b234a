// Activations against their formulas, and every gradient the engine computes against central
// finite differences (mlpack's CheckGradient idea), for each activation and each loss.
#include "common/fuzzycompare.h"
#include "core/error.h"
#include "core/initializer.h"
#include "core/jacobian.h"
#include "core/loss.h"
#include "core/training.h"

#include <QTest>

using namespace relulab;

Q_DECLARE_METATYPE(relulab::Activation)
Q_DECLARE_METATYPE(relulab::LossKind)

namespace {

// Every activation of core/activation.h's table, with a parameter away from its default.
std::vector<Activation> everyActivationKind() {
    std::vector<Activation> all;
    for (const ActivationDescriptor& kind : activationKinds)
        all.push_back({kind.kind, kind.parameterName.empty() ? 0.0 : 0.7});
    return all;
}
const std::vector<Activation> everyActivation = everyActivationKind();

Network<double> makeNetwork(int inputs, std::vector<LayerSpec> layers, std::uint64_t seed) {
    Network<double> network(Architecture{inputs, std::move(layers)});
    initializeNetwork(network, {}, seed);
    // Larger weights than the default so every activation is exercised away from zero.
    network.parameters() *= 2.0;
    return network;
}

arma::mat targetsFor(LossKind loss, arma::uword n, int outputs, std::uint64_t seed) {
    Philox random(seed, 99);
    arma::mat y(n, loss == LossKind::CrossEntropy ? 1 : outputs);
    for (double& v : y) {
        if (loss == LossKind::CrossEntropy)
            v = random.below(static_cast<std::uint32_t>(outputs));
        else if (loss == LossKind::BceLogits)
            v = random.uniform(); // soft targets are allowed too
        else
            v = random.normal();
    }
    return y;
}

arma::mat randomInputs(arma::uword n, int inputs, std::uint64_t seed) {
    Philox random(seed, 7);
    arma::mat x(n, static_cast<arma::uword>(inputs));
    for (double& v : x)
        v = random.uniform(-1.5, 1.5);
    return x;
}

} // namespace

class TestGradients : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void activationValues_data() {
        QTest::addColumn<Activation>("activation");
        QTest::addColumn<double>("z");
        QTest::addColumn<double>("expected");
        QTest::newRow("relu+") << Activation::relu() << 1.5 << 1.5;
        QTest::newRow("relu-") << Activation::relu() << -1.5 << 0.0;
        QTest::newRow("leaky") << Activation::leakyRelu(0.01) << -2.0 << -0.02;
        QTest::newRow("elu") << Activation::elu(1.0) << -1.0 << -0.6321205588285577;
        QTest::newRow("elu alpha") << Activation::elu(0.5) << -2.0 << -0.43233235838169365;
        QTest::newRow("sigmoid") << Activation::sigmoid() << 0.5 << 0.6224593312018546;
        QTest::newRow("tanh") << Activation::tanh() << -0.7 << -0.6043677771171636;
        QTest::newRow("selu+") << Activation::selu() << 1.0 << 1.0507009873554805;
        QTest::newRow("selu-") << Activation::selu() << -1.0 << -1.1113307378125625;
        QTest::newRow("softplus") << Activation::softplus(1.0) << 1.0 << 1.3132616875182228;
        QTest::newRow("softplus-") << Activation::softplus(1.0) << -2.0 << 0.1269280110429725;
        QTest::newRow("softplus beta") << Activation::softplus(2.0) << 1.0 << 1.0634640055214863;
        QTest::newRow("softplus threshold") << Activation::softplus(1.0) << 25.0 << 25.0;
        QTest::newRow("identity") << Activation::identity() << -3.25 << -3.25;
    }

    void activationValues() {
        QFETCH(Activation, activation);
        QFETCH(double, z);
        QFETCH(double, expected);
        QCOMPARE(activation.apply(z), expected);
        QCOMPARE(activation.apply(static_cast<float>(z)), static_cast<float>(expected));
    }

    // PyTorch's choice at the kink: ReLU's gradient at 0 is 0, leaky ReLU's is the slope.
    void kinkDerivatives() {
        QCOMPARE(Activation::relu().derivative(0.0, 0.0), 0.0);
        QCOMPARE(Activation::leakyRelu(0.2).derivative(0.0, 0.0), 0.2);
        QCOMPARE(Activation::elu(1.0).derivative(0.0, 0.0), 1.0);
    }

    void activationNames() {
        for (const Activation& activation : everyActivation) {
            const auto name = activationKinds.name(activation.kind);
            QCOMPARE(activationKinds.fromName(name), std::optional(activation.kind));
        }
        QVERIFY(!activationKinds.fromName("swish"));
    }

    // Class indices beyond the output width blame the output width, not the data.
    void classTargetsNameTheOutputWidth() {
        const arma::mat targets = arma::vec{0.0, 1.0, 2.0};
        try {
            checkTargets(LossKind::CrossEntropy, targets, 1, "y");
            QFAIL("class 1 with 1 output unit was accepted");
        } catch (const InvalidInput& error) {
            QCOMPARE(error.where(), std::string("y[1]"));
            QVERIFY2(QString::fromStdString(error.message())
                         .contains(QStringLiteral("is class 1, but the output layer has 1 unit")),
                     error.what());
        }
        checkTargets(LossKind::CrossEntropy, targets, 3, "y");
        QVERIFY_THROWS_EXCEPTION(
            InvalidInput, checkTargets(LossKind::CrossEntropy, arma::mat(arma::vec{0.5}), 3, "y"));
    }

    void lossGradientMatchesFiniteDifferences_data() {
        QTest::addColumn<Activation>("activation");
        QTest::addColumn<LossKind>("loss");
        for (const Activation& activation : everyActivation)
            for (const auto& loss : lossKinds)
                QTest::addRow("%s/%s", activationKinds.name(activation.kind).data(),
                              loss.name.data())
                    << activation << loss.kind;
    }

    void lossGradientMatchesFiniteDifferences() {
        QFETCH(Activation, activation);
        QFETCH(LossKind, loss);
        const int outputs = 3;
        Network<double> network = makeNetwork(
            3, {{5, activation}, {4, activation}, {outputs, Activation::identity()}}, 11);
        const arma::mat x = randomInputs(9, 3, 12);
        const arma::mat y = targetsFor(loss, 9, outputs, 13);

        arma::vec gradient;
        lossAndGradient(network, x, y, loss, gradient);

        arma::vec numeric(network.parameterCount());
        const double h = 1e-6;
        for (arma::uword p = 0; p < numeric.n_elem; ++p) {
            const double saved = network.parameters()[p];
            network.parameters()[p] = saved + h;
            const double up = computeLoss(loss, network.predict(x), y);
            network.parameters()[p] = saved - h;
            const double down = computeLoss(loss, network.predict(x), y);
            network.parameters()[p] = saved;
            numeric[p] = (up - down) / (2 * h);
        }
        // Differences carry rounding of about eps |L| / h: hold tiny entries to 1e-3 of the
        // largest.
        RELULAB_COMPARE_RELATIVE(gradient, numeric, 1e-5, 1e-3);
    }

    void jacobianMatchesFiniteDifferences_data() {
        QTest::addColumn<Activation>("activation");
        for (const Activation& activation : everyActivation)
            QTest::addRow("%s", activationKinds.name(activation.kind).data()) << activation;
    }

    // The output activation is part of dy/dθ too: use the same one there.
    void jacobianMatchesFiniteDifferences() {
        QFETCH(Activation, activation);
        Network<double> network =
            makeNetwork(2, {{6, activation}, {5, activation}, {1, activation}}, 21);
        const arma::mat x = randomInputs(7, 2, 22);
        const arma::mat jacobian = outputJacobian(network, x);
        QCOMPARE(jacobian.n_rows, x.n_rows);
        QCOMPARE(jacobian.n_cols, static_cast<arma::uword>(network.parameterCount()));

        arma::mat numeric(jacobian.n_rows, jacobian.n_cols);
        const double h = 1e-6;
        for (arma::uword p = 0; p < jacobian.n_cols; ++p) {
            const double saved = network.parameters()[p];
            network.parameters()[p] = saved + h;
            const arma::mat up = network.predict(x);
            network.parameters()[p] = saved - h;
            const arma::mat down = network.predict(x);
            network.parameters()[p] = saved;
            numeric.col(p) = (up - down) / (2 * h);
        }
        RELULAB_COMPARE_RELATIVE(jacobian, numeric, 1e-5, 1e-3);
    }

    void jacobianNeedsOneOutput() {
        const Network<double> network =
            makeNetwork(1, {{4, Activation::relu()}, {2, Activation::identity()}}, 1);
        QVERIFY_THROWS_EXCEPTION(InvalidInput, outputJacobian(network, arma::mat(3, 1)));
    }

    // The float32 engine is the same code: it agrees with float64 to float rounding.
    void float32AgreesWithFloat64() {
        const Network<double> network = makeNetwork(
            1, {{16, Activation::relu()}, {16, Activation::tanh()}, {1, Activation::identity()}},
            5);
        const Network<float> single(network.architecture(),
                                    arma::conv_to<arma::fvec>::from(network.parameters()));
        const arma::mat x = randomInputs(40, 1, 6);
        const arma::mat y = targetsFor(LossKind::Mse, 40, 1, 7);
        arma::vec gradient;
        arma::fvec gradientSingle;
        lossAndGradient(network, x, y, LossKind::Mse, gradient);
        lossAndGradient(single, arma::fmat(arma::conv_to<arma::fmat>::from(x)),
                        arma::fmat(arma::conv_to<arma::fmat>::from(y)), LossKind::Mse,
                        gradientSingle);
        RELULAB_COMPARE_RELATIVE(arma::conv_to<arma::vec>::from(gradientSingle), gradient, 1e-4);
    }
};

QTEST_GUILESS_MAIN(TestGradients)
#include "tst_gradients.moc"
