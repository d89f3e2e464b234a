// Histograms and percentiles against direct computations, each layer's parameters and loss
// gradients against the flat vector and central finite differences, and the saturated
// fraction on hand-made nets whose answer is known.
#include "core/distribution.h"
#include "core/initializer.h"
#include "core/layerinspection.h"
#include "core/training.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <random>

using namespace relulab;

namespace {

std::vector<double> randomValues(std::size_t n, unsigned seed) {
    std::mt19937_64 engine(seed);
    std::normal_distribution<double> normal;
    std::vector<double> values(n);
    for (double& v : values)
        v = normal(engine);
    return values;
}

// The p-th percentile as the textbook defines it on the sorted values: rank p/100 (n - 1),
// interpolated between its neighbours.
double sortedPercentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    const double rank = p / 100.0 * double(values.size() - 1);
    const std::size_t below = std::size_t(rank);
    if (below + 1 >= values.size())
        return values.back();
    return values[below] + (rank - double(below)) * (values[below + 1] - values[below]);
}

double meanLoss(const Network<double>& net, const arma::mat& x, const arma::mat& y, LossKind loss) {
    return computeLoss(loss, net.predict(x), y);
}

} // namespace

class TestLayerInspection : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void histogramCountsEveryValueInItsBin() {
        for (const unsigned seed : {1u, 2u, 3u}) {
            std::vector<double> values = randomValues(997, seed);
            values.push_back(NAN);
            values.push_back(INFINITY);
            const Histogram h = histogram(values, 13);
            QCOMPARE(h.edges.size(), std::size_t(14));
            QCOMPARE(h.nonFinite, std::size_t(2));
            QCOMPARE(h.edges.front(), *std::min_element(values.begin(), values.end() - 2));
            QCOMPARE(h.edges.back(), *std::max_element(values.begin(), values.end() - 2));
            for (std::size_t b = 0; b < 13; ++b) { // brute force: which values lie in [e_b, e_b+1)
                const bool last = b == 12;
                const auto inside = std::count_if(values.begin(), values.end(), [&](double v) {
                    return v >= h.edges[b] && (v < h.edges[b + 1] || (last && v == h.edges[b + 1]));
                });
                QCOMPARE(h.counts[b], std::size_t(inside));
            }
        }
    }

    void histogramOfKnownValues() {
        // numpy.histogram([0, 1, 1, 2, 3, 4], bins=4): edges 0, 1, 2, 3, 4; counts 1, 2, 1, 2.
        const Histogram h = histogram({0, 1, 1, 2, 3, 4}, 4);
        QCOMPARE(h.edges, (std::vector<double>{0, 1, 2, 3, 4}));
        QCOMPARE(h.counts, (std::vector<std::size_t>{1, 2, 1, 2}));
        const Histogram alike = histogram({2.5, 2.5, 2.5}, 10); // one bin around them
        QCOMPARE(alike.edges, (std::vector<double>{2.0, 3.0}));
        QCOMPARE(alike.counts, (std::vector<std::size_t>{3}));
        QVERIFY(histogram({NAN}, 5).counts.empty());
    }

    void percentilesAgreeWithTheSortedValues() {
        for (const std::size_t n : {1u, 2u, 7u, 100u, 1001u}) {
            std::vector<double> values = randomValues(n, unsigned(n));
            const Percentiles p = percentiles(values);
            for (std::size_t i = 0; i < p.size(); ++i)
                QCOMPARE(p[i], sortedPercentile(values, distributionPercentiles[i]));
        }
        // 0 .. 100: each percentile is its own number; NaN is left out.
        std::vector<double> hundred;
        for (int v = 100; v >= 0; --v)
            hundred.push_back(v);
        hundred.push_back(NAN);
        const Percentiles p = percentiles(hundred);
        for (std::size_t i = 0; i < p.size(); ++i)
            QCOMPARE(p[i], distributionPercentiles[i]);
        QVERIFY(std::isnan(percentiles({})[3]));
    }

    void layersReadTheFlatVectorAndItsGradient() {
        for (const LossKind loss : {LossKind::Mse, LossKind::CrossEntropy}) {
            const int outputs = loss == LossKind::CrossEntropy ? 3 : 2;
            Network<double> net(Architecture{3,
                                             {{4, Activation::tanh()},
                                              {5, Activation::sigmoid()},
                                              {outputs, Activation::identity()}}});
            initializeNetwork(net, {}, 7);
            arma::arma_rng::set_seed(3);
            const arma::mat x = arma::randn(9, 3);
            arma::mat y =
                loss == LossKind::CrossEntropy ? arma::mat(9, 1) : arma::randn(9, outputs);
            if (loss == LossKind::CrossEntropy)
                for (arma::uword i = 0; i < 9; ++i)
                    y(i, 0) = double(i % 3);
            const auto layers = inspectLayers(net, x, y, loss);
            QCOMPARE(layers.size(), std::size_t(3));
            for (std::size_t l = 0; l < layers.size(); ++l) {
                const LayerSlice& s = net.slices()[l];
                const LayerInspection& li = layers[l];
                QCOMPARE(li.weight.n_rows, arma::uword(s.units));
                QCOMPARE(li.weight.n_cols, arma::uword(s.inputs));
                QCOMPARE(li.preActivations.n_cols, arma::uword(s.units));
                for (std::size_t u = 0; u < s.units; ++u) {
                    for (std::size_t i = 0; i < s.inputs; ++i) {
                        const std::size_t flat = s.weightOffset + u * s.inputs + i;
                        QCOMPARE(li.weight(u, i), net.parameters()[flat]);
                        Network<double> up = net, down = net;
                        const double h = 1e-6;
                        up.parameters()[flat] += h;
                        down.parameters()[flat] -= h;
                        const double numeric =
                            (meanLoss(up, x, y, loss) - meanLoss(down, x, y, loss)) / (2 * h);
                        QVERIFY2(std::abs(li.weightGradient(u, i) - numeric) <= 1e-7,
                                 qPrintable(QStringLiteral("layer %1 W[%2][%3]: %4 vs %5")
                                                .arg(l)
                                                .arg(u)
                                                .arg(i)
                                                .arg(li.weightGradient(u, i))
                                                .arg(numeric)));
                    }
                    QCOMPARE(li.bias[u], net.parameters()[s.biasOffset + u]);
                    Network<double> up = net, down = net;
                    up.parameters()[s.biasOffset + u] += 1e-6;
                    down.parameters()[s.biasOffset + u] -= 1e-6;
                    const double numeric =
                        (meanLoss(up, x, y, loss) - meanLoss(down, x, y, loss)) / 2e-6;
                    QVERIFY(std::abs(li.biasGradient[u] - numeric) <= 1e-7);
                }
                // Pre-activations: the layer's input times its weight, plus its bias.
                const arma::mat input = l == 0 ? x : layers[l - 1].activations;
                const arma::mat z = input * li.weight.t() + arma::ones(x.n_rows) * li.bias.t();
                QVERIFY(arma::approx_equal(li.preActivations, z, "absdiff", 1e-12));
            }
        }
    }

    void saturatedFractionOfHandMadeNets() {
        // Sigmoid unit 0 with weight 100: slope sigma'(100 x) < 0.01 once |x| > 0.046, on 4 of
        // the 5 samples: saturated. Unit 1 with weight 0.1 keeps a slope near 0.25: not.
        // The tanh unit (hidden 2) sees 0.5 sigma(100x)...: tanh'(10 a) tiny where a ~ 1.
        Network<double> net(Architecture{
            1, {{2, Activation::sigmoid()}, {1, Activation::relu()}, {1, Activation::identity()}}});
        // hidden 1: W = [100; 0.1], b = [0; 0]; hidden 2: W = [1 1], b = 0; output W = 1, b = 0.
        net.parameters() = arma::vec{100, 0.1, 0, 0, 1, 1, 0, 1, 0};
        const arma::mat x(arma::vec{-1.0, -0.5, 0.01, 0.5, 1.0});
        ForwardPass<double> pass;
        net.forward(x, pass);
        auto fractions = saturatedFractions(net, pass);
        QCOMPARE(fractions.size(), std::size_t(2));
        QVERIFY(fractions[0].has_value());
        QCOMPARE(*fractions[0], 0.5);
        QVERIFY(!fractions[1].has_value()); // a ReLU layer dies, it does not saturate

        // Exactly half the samples flat is not "more than half": 2 of 4.
        const arma::mat half(arma::vec{-1.0, 0.0, 0.001, 1.0});
        net.forward(half, pass);
        fractions = saturatedFractions(net, pass);
        QCOMPARE(*fractions[0], 0.0);

        // tanh units pushed to +-1 by large weights: all saturated; small ones: none.
        Network<double> deep(
            Architecture{1, {{3, Activation::tanh()}, {1, Activation::identity()}}});
        deep.parameters() = arma::vec{50, -50, 0.01, 0, 0, 0, 1, 1, 1, 0};
        deep.forward(x, pass);
        QCOMPARE(*saturatedFractions(deep, pass)[0], 2.0 / 3.0);
    }
};

QTEST_APPLESS_MAIN(TestLayerInspection)
#include "tst_layerinspection.moc"
