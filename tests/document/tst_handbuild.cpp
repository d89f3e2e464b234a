// Building a 1-D net by hand (issue: hands on the network): an elbow dragged to x makes the
// unit's bias -w x exactly and leaves every other parameter as drawn; a piece moved through a
// point changes that unit's output weight only, so that the net's prediction moves by the
// closed-form amount there; what cannot be done is refused, naming why.
#include "core/error.h"
#include "core/initializer.h"
#include "document/handbuild.h"
#include "document/templates.h"

#include <QTest>

#include <cmath>

using namespace relulab;

namespace {

// A seeded draw (PyTorch's default), not hand-set values: editing must keep it as drawn.
ExperimentSettings drawnNet() {
    ExperimentSettings s = makeTemplate("relu-sum").experiments.at(4).settings; // 1-64-1
    s.initializers.assign(2, InitializerSpec::pytorchDefault());
    s.initSeed = 7;
    return s;
}

double prediction(const ExperimentSettings& s, double x) {
    return initialNetwork(s).predict(arma::mat{x})(0, 0);
}

} // namespace

class TestHandBuild : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void anElbowMovesToExactlyWhereItIsDragged() {
        const ExperimentSettings before = drawnNet();
        const Network<double> drawn = initialNetwork(before);
        // The draw is a run's: float32 from the seed, as Network<float> makes it.
        Network<float> reference(before.architecture);
        initializeNetwork(reference, before.initializers, before.initSeed);
        QVERIFY(arma::all(drawn.parameters() ==
                          arma::conv_to<arma::vec>::from(reference.parameters())));

        const std::size_t unit = 5;
        const double x = 0.3125;
        const ExperimentSettings after = withElbowAt(before, unit, x);
        for (const InitializerSpec& init : after.initializers)
            QCOMPARE(init.kind, InitializerKind::Values);
        const double w = drawn.weightTransposed(0)(0, unit);
        QCOMPARE(after.initializers[0].biases[unit], -w * x);
        QCOMPARE(after.initializers[0].weights[unit], w);
        // Everything else as drawn; the one bias as float32 stores -w x.
        arma::vec expected = drawn.parameters();
        const arma::uword biasStart = before.architecture.slices()[0].biasOffset;
        expected[biasStart + unit] = double(float(-w * x));
        QVERIFY(arma::all(initialNetwork(after).parameters() == expected));
        const double elbow = -initialNetwork(after).bias(0)[unit] / w;
        QVERIFY(std::abs(elbow - x) <= 1e-6);
        // Moving it again edits the values in place.
        const ExperimentSettings again = withElbowAt(after, unit, -0.5);
        QCOMPARE(again.initializers[0].biases[unit], -w * -0.5);
        QCOMPARE(again.initializers[1], after.initializers[1]);
    }

    // out' = y / relu(w x + b): the prediction at x moves by (out' - out) relu(w x + b), which
    // is y less the piece's old value there; the elbow stays.
    void aPieceMovesThroughThePointByItsOutputWeight() {
        ExperimentSettings s = makeTemplate("relu-sum").experiments.at(3).settings; // 4 units
        const double w = 2.0, b = -5.63, out = 3.1, x = 3.4, y = 1.25;
        const double unitValue = std::max(0.0, w * x + b); // from the values as typed
        QVERIFY(unitValue > 0);
        const ExperimentSettings after = withPieceThrough(s, 2, x, y);
        QCOMPARE(after.initializers[1].weights[2], y / unitValue);
        QCOMPARE(after.initializers[0], s.initializers[0]); // typed values stay as typed
        std::vector<double> others = after.initializers[1].weights;
        others[2] = out;
        QCOMPARE(others, s.initializers[1].weights);
        const double moved = prediction(after, x) - prediction(s, x);
        const double expected = y - out * unitValue;
        QVERIFY2(std::abs(moved - expected) <= 1e-5 * (1 + std::abs(expected)),
                 qPrintable(QStringLiteral("%1 vs %2").arg(moved).arg(expected)));
    }

    void whatCannotBeBuiltByHandIsRefused() {
        ExperimentSettings s = makeTemplate("relu-sum").experiments.at(1).settings; // 2 units
        const auto refused = [](auto edit, const char* why) {
            try {
                edit();
            } catch (const InvalidInput& error) {
                QVERIFY2(std::string(error.what()).find(why) != std::string::npos, error.what());
                return;
            }
            QFAIL("not refused");
        };
        refused([&] { withElbowAt(s, 2, 0.5); }, "there is no unit 2");
        refused([&] { withElbowAt(s, 0, NAN); }, "finite");
        // The seed's unit 0 (w 2.8, b -2.85) is 0 left of x = 1.02: no weight lifts it there.
        refused([&] { withPieceThrough(s, 0, 0.5, 1.0); }, "is 0 at x = 0.5");
        ExperimentSettings flat = s;
        flat.initializers[0].weights[1] = 0.0;
        refused([&] { withElbowAt(flat, 1, 0.5); }, "has weight 0");
        ExperimentSettings deep = makeTemplate("dead-relu").experiments.at(0).settings;
        if (deep.architecture.inputs == 1)
            refused([&] { withPieceThrough(deep, 0, 0.5, 1.0); }, "one hidden layer");
        ExperimentSettings plane = makeTemplate("xor").experiments.at(0).settings;
        refused([&] { withElbowAt(plane, 0, 0.5); }, "one input");
    }
};

QTEST_MAIN(TestHandBuild)
#include "tst_handbuild.moc"
