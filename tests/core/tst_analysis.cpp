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
