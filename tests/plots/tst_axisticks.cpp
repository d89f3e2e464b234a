// Axis ticks (plots/axisticks): labels read as the step has them, zero reads "0", and the ticks
// chosen for a length are the finest round step whose labels do not touch, checked against a
// brute-force walk over every round step.
#include "plots/axisticks.h"

#include <QTest>

#include <cmath>
#include <random>

using namespace relulab;

namespace {

// A monospace stand-in for font metrics: 7 pixels a character.
double sevenPixels(const std::string& label) {
    return 7.0 * double(label.size());
}

bool labelsApart(const std::vector<Tick>& ticks, double low, double high, const TickRoom& room) {
    for (std::size_t i = 1; i < ticks.size(); ++i) {
        const double distance = (ticks[i].value - ticks[i - 1].value) / (high - low) * room.pixels;
        const double needed =
            0.5 * (room.labelExtent(ticks[i].label) + room.labelExtent(ticks[i - 1].label));
        if (distance < needed + room.gap - 1e-9)
            return false;
    }
    return true;
}

// Every step 1, 2 or 5 times a power of ten from fine to coarse, with its ticks written out
// here: the first whose labels are apart, and its ticks.
std::pair<double, std::vector<Tick>> finestFittingStep(double low, double high,
                                                       const TickRoom& room) {
    for (int decade = -12; decade <= 12; ++decade)
        for (double m : {1.0, 2.0, 5.0}) {
            const double step = m * std::pow(10.0, decade);
            if (step < (high - low) / 20.0 * (1 - 1e-9) || (room.wholeNumbers && step < 1.0))
                continue;
            std::vector<Tick> ticks;
            for (long n = long(std::ceil(low / step - 1e-9));
                 double(n) * step <= high + 1e-9 * step; ++n)
                ticks.push_back({double(n) * step, tickLabel(double(n) * step, step)});
            if (ticks.size() <= 1 || labelsApart(ticks, low, high, room))
                return {step, ticks};
        }
    return {NAN, {}};
}

} // namespace

class TestAxisTicks : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundSteps() {
        QCOMPARE(roundStep(0.03), 0.05);
        QCOMPARE(roundStep(0.2), 0.2);
        QCOMPARE(roundStep(3.0), 5.0);
        QCOMPARE(roundStep(7.0), 10.0);
        QCOMPARE(roundStep(12000.0), 20000.0);
    }

    void labelsReadAsTheirStep() {
        QCOMPARE(tickLabel(5.551115123125783e-17, 0.2), std::string("0"));
        QCOMPARE(tickLabel(-5.551115123125783e-17, 0.2), std::string("0")); // never "-0"
        QCOMPARE(tickLabel(-0.4000000000000001, 0.2), std::string("-0.4"));
        QCOMPARE(tickLabel(0.30000000000000004, 0.1), std::string("0.3"));
        QCOMPARE(tickLabel(0.1, 0.05), std::string("0.10")); // alike with 0.05, 0.15
        QCOMPARE(tickLabel(150000.0, 50000.0), std::string("150000"));
        QCOMPARE(tickLabel(2e-5, 1e-5), std::string("2e-05"));
        QCOMPARE(tickLabel(1.5e7, 5e6), std::string("1.5e+07"));
        QCOMPARE(tickLabel(-1e-8, 1e-9), std::string("-1e-08")); // not -1.0e-08 beside -9e-09
        QCOMPARE(tickLabel(1.2e-8, 1e-9), std::string("1.2e-08"));
        QCOMPARE(tickLabel(3.0, 1.0), std::string("3"));
    }

    // 0 .. 150000 over 200 pixels: "0 20000 40000 ..." would touch; every 50000 fits.
    void ticksSpreadOutOnAShortAxis() {
        TickRoom room{200.0, sevenPixels, 14.0};
        const std::vector<Tick> ticks = niceTicks(0.0, 150000.0, room);
        QCOMPARE(ticks.size(), std::size_t(4));
        QCOMPARE(ticks[1].label, std::string("50000"));
        room.pixels = 1000.0;
        QCOMPARE(niceTicks(0.0, 150000.0, room).size(), std::size_t(16)); // every 10000
    }

    void indexAxesNameTheirTicks() {
        TickRoom room{300.0, sevenPixels, 14.0, true, {"hidden 1", "hidden 2", "output"}};
        const std::vector<Tick> ticks = niceTicks(-0.5, 2.5, room);
        QCOMPARE(ticks.size(), std::size_t(3));
        QCOMPARE(ticks[2].label, std::string("output"));
        QCOMPARE(ticks[2].value, 2.0);
        room.pixels = 100.0; // no room for all three: every other
        const std::vector<Tick> fewer = niceTicks(-0.5, 2.5, room);
        QCOMPARE(fewer.size(), std::size_t(2));
        QCOMPARE(fewer[1].label, std::string("output"));
    }

    // Qt elides a category label to the axis's length over (ticks + 1) less its padding: seven
    // layers' names 71 pixels apart are apart (56 + 14) but wider than a share (500 / 8 - 10),
    // so every other layer is named, each within its share.
    void indexNamesFitTheirShare() {
        std::vector<std::string> names;
        for (int layer = 1; layer <= 6; ++layer)
            names.push_back("hidden " + std::to_string(layer));
        names.push_back("output");
        TickRoom room{500.0, sevenPixels, 14.0, true, names};
        QCOMPARE(niceTicks(-0.5, 6.5, room).size(), std::size_t(7)); // no share: all seven
        room.sharePadding = 10.0;
        const std::vector<Tick> shared = niceTicks(-0.5, 6.5, room);
        QCOMPARE(shared.size(), std::size_t(4));
        QCOMPARE(shared[1].label, std::string("hidden 3"));
        for (const Tick& tick : shared)
            QVERIFY(sevenPixels(tick.label) <= 500.0 / double(shared.size() + 1) - 10.0);
        room.pixels = 560.0; // 560 / 8 - 10 = 60: all seven fit
        QCOMPARE(niceTicks(-0.5, 6.5, room).size(), std::size_t(7));
    }

    // Random ranges and lengths: the step chosen is the brute force's, its labels apart, each
    // label the tick's value to its step, every tick inside the range.
    void finestStepThatFitsMatchesBruteForce() {
        std::mt19937 random(7);
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        for (int trial = 0; trial < 2000; ++trial) {
            const double scale = std::pow(10.0, std::floor(unit(random) * 14.0) - 7.0);
            const double low = (unit(random) - 0.5) * 4.0 * scale;
            const double high = low + (0.01 + unit(random) * 3.0) * scale;
            TickRoom room{40.0 + unit(random) * 1200.0, sevenPixels, 14.0};
            room.wholeNumbers = trial % 5 == 0 && scale >= 1.0;
            if (trial % 3 == 0) // vertical: line heights, whatever the text
                room.labelExtent = [](const std::string&) { return 15.0; };
            const std::vector<Tick> ticks = niceTicks(low, high, room);
            const auto [expected, bruteTicks] = finestFittingStep(low, high, room);
            QVERIFY(!ticks.empty() || bruteTicks.empty()); // none: no round number inside
            if (ticks.size() >= 2) {
                const double step = ticks[1].value - ticks[0].value;
                QVERIFY2(std::abs(step - expected) <= 1e-9 * expected,
                         qPrintable(QStringLiteral("%1..%2: %3 vs %4")
                                        .arg(low)
                                        .arg(high)
                                        .arg(step)
                                        .arg(expected)));
                QVERIFY(labelsApart(ticks, low, high, room));
            }
            for (const Tick& tick : ticks) {
                QVERIFY(tick.value >= low - 1e-9 * scale && tick.value <= high + 1e-9 * scale);
                QVERIFY(std::abs(std::stod(tick.label) - tick.value) <=
                        1e-6 * std::max(std::abs(tick.value), scale));
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestAxisTicks)
#include "tst_axisticks.moc"
