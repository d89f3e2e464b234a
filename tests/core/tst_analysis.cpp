// Jacobian SVD and principal features, ridge regression on the penultimate features, dead
// units and per-layer gradient norms.
#include "common/fuzzycompare.h"
#include "core/diagnostics.h"
#include "core/error.h"
#include "core/initializer.h"
#include "core/jacobian.h"
#include "core/ridge.h"
#include "core/training.h"

#include <QTest>

using namespace relulab;

namespace {

Network<double> elbowNet(int width, int hiddenLayers, std::uint64_t seed) {
    Architecture architecture{1, {}};
    std::vector<InitializerSpec> initializers;
    for (int l = 0; l < hiddenLayers; ++l) {
        architecture.layers.push_back({width, Activation::relu()});
        initializers.push_back(l == 0 ? InitializerSpec::elbows(0, 1) : InitializerSpec{});
    }
    architecture.layers.push_back({1, Activation::identity()});
    initializers.emplace_back();
    Network<double> network(architecture);
    initializeNetwork(network, initializers, seed);
    return network;
}

} // namespace

class TestAnalysis : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void svdReconstructsTheJacobian() {
        const Network<double> network = elbowNet(10, 2, 1);
        const arma::mat x = arma::linspace(0, 1, 30);
        const arma::mat jacobian = outputJacobian(network, x);
        const JacobianSvd<double> svd = thinSvd(jacobian);
        const auto k = std::min(jacobian.n_rows, jacobian.n_cols);
        QCOMPARE(svd.singularValues.n_elem, k);
        QCOMPARE(svd.u.n_cols, k);
        QCOMPARE(svd.v.n_cols, k);
        QVERIFY(arma::all(arma::diff(svd.singularValues) <= 0)); // sorted, largest first
        RELULAB_COMPARE_RELATIVE(arma::mat(svd.u * arma::diagmat(svd.singularValues) * svd.v.t()),
                                 jacobian, 1e-9);
    }

    // On the samples of the SVD, J V = U diag(S); elsewhere it extends the same features.
    void principalFeaturesAreUSOnTheSamples() {
        const Network<double> network = elbowNet(20, 1, 2);
        const arma::mat x = arma::linspace(0, 1, 40);
        const JacobianSvd<double> svd = thinSvd(outputJacobian(network, x));
        const arma::mat onSamples = principalFeatures(network, svd, x, 5);
        QCOMPARE(onSamples.n_cols, arma::uword{5});
        RELULAB_COMPARE_RELATIVE(
            onSamples, arma::mat(svd.u.head_cols(5) * arma::diagmat(svd.singularValues.head(5))),
            1e-10);
        const arma::mat grid = arma::linspace(0, 1, 1000);
        QCOMPARE(principalFeatures(network, svd, grid).n_rows, arma::uword{1000});
    }

    // The kernel route against LAPACK: every singular value above 1e-6 of the largest to 1e-9,
    // the factors reproduce J, U is orthonormal and V has unit columns, on rank-deficient ReLU
    // nets (the homework's 2 x 40 on 200 points has rank 86) and on a smooth multi-input net.
    void kernelSvdAgreesWithLapack_data() {
        QTest::addColumn<int>("net");
        QTest::newRow("relu 2 x 40, 200 points") << 0;
        QTest::newRow("tanh 3 inputs, 3 x 12") << 1;
        QTest::newRow("relu 1 x 80, 100 points") << 2;
    }

    void kernelSvdAgreesWithLapack() {
        QFETCH(int, net);
        Network<double> network = elbowNet(40, 2, 7);
        arma::mat x = arma::linspace(-0.5, 1.5, 200);
        if (net == 1) {
            const Architecture architecture{3,
                                            {{12, Activation::tanh()},
                                             {12, Activation::tanh()},
                                             {12, Activation::tanh()},
                                             {1, Activation::identity()}}};
            network = Network<double>(architecture);
            initializeNetwork(network, std::vector<InitializerSpec>(4), 8);
            arma::arma_rng::set_seed(9);
            x = arma::randn<arma::mat>(150, 3);
        } else if (net == 2) {
            network = elbowNet(80, 1, 10);
            x = arma::linspace(0, 1, 100);
        }
        const arma::mat jacobian = outputJacobian(network, x);
        QVERIFY(jacobian.n_rows < jacobian.n_cols); // the kernel route, not the LAPACK fallback
        const JacobianSvd<double> exact = thinSvd(jacobian);
        const JacobianSvd<double> fast = jacobianSvd(network, x);
        QCOMPARE(fast.singularValues.n_elem, exact.singularValues.n_elem);
        QVERIFY(arma::all(arma::diff(fast.singularValues) <= 0));
        const arma::uvec resolved =
            arma::find(exact.singularValues > 1e-6 * exact.singularValues[0]);
        RELULAB_COMPARE_RELATIVE(arma::vec(fast.singularValues(resolved)),
                                 arma::vec(exact.singularValues(resolved)), 1e-9);
        // Below that, to 1% down to 1e-8 of the largest; values that are zero but for
        // rounding stay under 1e-9 of it, far below the 1e-7 that float32 parameters resolve.
        const double largest = exact.singularValues[0];
        for (arma::uword i = resolved.n_elem; i < exact.singularValues.n_elem; ++i) {
            const double e = exact.singularValues[i], f = fast.singularValues[i];
            const QString where = QStringLiteral("value %1: %2 vs %3").arg(i).arg(f).arg(e);
            QVERIFY2(e < 1e-8 * largest || std::abs(f - e) < 1e-2 * e, qPrintable(where));
            QVERIFY2(e > 1e-12 * largest || f < 1e-9 * largest, qPrintable(where));
        }
        // To rounding of the largest entry (zero entries come back as about 1e-15).
        RELULAB_COMPARE_RELATIVE(
            arma::mat(fast.u * arma::diagmat(fast.singularValues) * fast.v.t()), jacobian, 1e-11,
            1.0);
        const arma::uword k = fast.u.n_cols;
        QVERIFY(arma::abs(fast.u.t() * fast.u - arma::eye(k, k)).max() < 1e-12);
        QVERIFY(arma::abs(arma::sum(arma::square(fast.v), 0) - 1.0).max() < 1e-12);
        // Resolved features are the same directions as LAPACK's, up to sign.
        for (arma::uword c = 0; c < std::min<arma::uword>(5, resolved.n_elem); ++c)
            QVERIFY2(std::abs(std::abs(arma::dot(fast.v.col(c), exact.v.col(c))) - 1.0) < 1e-8,
                     qPrintable(QStringLiteral("feature %1").arg(c)));
    }

    void kernelSvdInFloatAndItsFallbacks() {
        const Network<double> network = elbowNet(20, 2, 11);
        Network<float> single(network.architecture());
        single.parameters() = arma::conv_to<arma::fvec>::from(network.parameters());
        const arma::mat x = arma::linspace(0, 1, 50);
        const JacobianSvd<float> inFloat =
            jacobianSvd(single, arma::fmat(arma::conv_to<arma::fmat>::from(x)));
        const JacobianSvd<double> inDouble = jacobianSvd(network, x);
        RELULAB_COMPARE_RELATIVE(
            arma::vec(arma::conv_to<arma::vec>::from(inFloat.singularValues.head(10))),
            arma::vec(inDouble.singularValues.head(10)), 1e-5);
        // More samples than parameters: LAPACK on J, the same result as thinSvd.
        const Network<double> small = elbowNet(5, 1, 12);
        const arma::mat many = arma::linspace(0, 1, 300);
        const JacobianSvd<double> tall = jacobianSvd(small, many);
        QCOMPARE(tall.singularValues.n_elem, small.parameterCount());
        QVERIFY(arma::approx_equal(tall.singularValues,
                                   thinSvd(outputJacobian(small, many)).singularValues, "absdiff",
                                   0.0));
        const Architecture twoOutputs{1, {{4, Activation::relu()}, {2, Activation::identity()}}};
        QVERIFY_THROWS_EXCEPTION(InvalidInput, jacobianSvd(Network<double>(twoOutputs), x));
        arma::mat bad = x;
        bad(3, 0) = arma::datum::nan;
        QVERIFY_THROWS_EXCEPTION(InvalidInput, jacobianSvd(network, bad));
    }

    void ridgeMatchesTheNormalEquations() {
        Network<double> network = elbowNet(10, 1, 3);
        const arma::mat x = arma::sort(arma::randu<arma::mat>(200, 1, arma::distr_param(0, 1)));
        const arma::mat y = arma::sin(20 * x);
        const double lambda = 1e-5;
        const arma::mat h = arma::join_rows(penultimateFeatures(network, x), arma::ones(200));
        const arma::vec coefficients =
            arma::solve(h.t() * h + lambda * arma::eye(11, 11), h.t() * y);
        const arma::vec firstLayer = network.parameters().head(20);

        const double trainMse = fitOutputLayerByRidge(network, x, y, lambda);
        RELULAB_COMPARE_RELATIVE(arma::vec(arma::vectorise(network.weightTransposed(1))),
                                 arma::vec(coefficients.head(10)), 1e-8);
        RELULAB_COMPARE_RELATIVE(arma::vec(network.bias(1)), arma::vec{coefficients[10]}, 1e-8);
        QVERIFY(arma::all(network.parameters().head(20) == firstLayer));
        const double expectedMse = arma::mean(arma::square(arma::vec(h * coefficients - y)));
        QVERIFY(std::abs(trainMse - expectedMse) < 1e-9 * expectedMse);
    }

    void ridgeOnAOneLayerNetIsLinearRegression() {
        Network<double> network(Architecture{2, {{1, Activation::identity()}}});
        const arma::mat x = arma::randu<arma::mat>(50, 2);
        const arma::mat y = x * arma::vec{2.0, -3.0} + 0.5;
        fitOutputLayerByRidge(network, x, y, 0.0);
        RELULAB_COMPARE_RELATIVE(network.parameters(), arma::vec({2.0, -3.0, 0.5}), 1e-9);
    }

    void ridgeRefusesWhatItCannotFit() {
        Network<double> sigmoidOutput(
            Architecture{1, {{4, Activation::relu()}, {1, Activation::sigmoid()}}});
        const arma::mat x(5, 1, arma::fill::randu);
        QVERIFY_THROWS_EXCEPTION(InvalidInput, fitOutputLayerByRidge(sigmoidOutput, x, x, 1e-3));
        Network<double> network = elbowNet(4, 1, 1);
        QVERIFY_THROWS_EXCEPTION(InvalidInput, fitOutputLayerByRidge(network, x, x, -1.0));
    }

    void deadUnitsAreThoseNeverActive() {
        // Unit 0 is active for x > 0.5; unit 1 never on [0, 1]; unit 2 always.
        Network<double> network(Architecture{
            1, {{3, Activation::relu()}, {2, Activation::tanh()}, {1, Activation::identity()}}});
        network.weightTransposed(0) = arma::rowvec{1.0, -1.0, 1.0};
        network.bias(0) = arma::vec{-0.5, -0.1, 0.1};
        ForwardPass<double> pass;
        network.forward(arma::linspace(0, 1, 11), pass);
        const auto dead = deadUnits(network, pass);
        QCOMPARE(dead.size(), std::size_t{2});
        QCOMPARE(*dead[0], (std::vector<bool>{false, true, false}));
        QVERIFY(!dead[1].has_value()); // tanh units do not die
        QCOMPARE(deadUnitCounts(dead), (std::vector<std::optional<int>>{1, std::nullopt}));
        // On x <= 0.5 unit 0 is dead too: pre-activation exactly 0 counts as inactive.
        network.forward(arma::linspace(0, 0.5, 6), pass);
        QCOMPARE(*deadUnitCounts(deadUnits(network, pass))[0], 2);
    }

    void gradientNormPerLayerSumsWeightAndBias() {
        const Network<double> network = elbowNet(3, 1, 1);
        arma::vec gradient = arma::regspace(1, 10); // 3 + 3 first layer, 3 + 1 output layer
        const std::vector<double> norms = gradientNormPerLayer(network, gradient);
        QCOMPARE(norms.size(), std::size_t{2});
        QCOMPARE(norms[0], std::sqrt(1.0 + 4 + 9 + 16 + 25 + 36));
        QCOMPARE(norms[1], std::sqrt(49.0 + 64 + 81 + 100));
    }
};

QTEST_GUILESS_MAIN(TestAnalysis)
#include "tst_analysis.moc"
