// Elbow and slope trajectories (plots/elbowcharts) and the fits overlay (plots/fitcharts) of
// the relu-sum template's nets: the seed's hand-set elbows and sums of ReLUs in closed form, a
// trained net's elbows read straight from its stored parameters in PyTorch's state_dict order
// (hidden 1's weight column, then its bias), and the notes on elbows that left the view or
// have no slope.
#include "document/runsession.h"
#include "document/templates.h"
#include "plots/elbowcharts.h"
#include "plots/runcharts.h"

#include <QTest>
#include <QThread>

#include <deque>

using namespace relulab;

namespace {

void train(Notebook& notebook, const std::vector<std::size_t>& experiments) {
    RunSession session(notebook, experiments, 2, {});
    while (session.poll())
        QThread::msleep(5);
}

const Series& unitLine(const Chart& chart, std::size_t unit) {
    for (const Series& s : chart.series)
        if (s.name == "unit " + std::to_string(unit))
            return s;
    throw std::runtime_error("no line of unit " + std::to_string(unit));
}

} // namespace

class TestElbowCharts : public QObject {
    Q_OBJECT

private:
    Notebook m_notebook = makeTemplate("relu-sum");

    const RunRecord& run(std::size_t experiment) const {
        return m_notebook.experiments.at(experiment).runs.at(0);
    }

private Q_SLOTS:
    void initTestCase() {
        QCOMPARE(m_notebook.experiments.size(), std::size_t(5));
        train(m_notebook, {0, 1, 2, 3, 4});
    }

    // Seed 003's four units, untrained: elbows at -b / w of w = [2.8, -2.1, 2.0, -2.2],
    // b = [-2.85, -3.09, -5.63, -4.58], stored as float32.
    void handSetElbowsAreMinusBOverW() {
        const RunRecord& r = run(3);
        const std::optional<Chart> chart =
            elbowTrajectories(r, generateDataset(r.settings.dataset));
        QVERIFY(chart);
        const double w[] = {2.8, -2.1, 2.0, -2.2}, b[] = {-2.85, -3.09, -5.63, -4.58};
        for (std::size_t u = 0; u < 4; ++u) {
            const Series& line = unitLine(*chart, u);
            QCOMPARE(line.x.front(), 0.0);
            QVERIFY(std::abs(line.y.front() - (-b[u] / w[u])) < 1e-6);
            const std::optional<Chart> slopes = slopeTrajectories(r);
            QVERIFY(std::abs(unitLine(*slopes, u).y.front() - w[u]) < 1e-6);
        }
        QCOMPARE(chart->scaleLow, std::string("unit 0"));
        QCOMPARE(chart->scaleHigh, std::string("unit 3"));
        // The Fit panel shows both, after the fit.
        const std::vector<Chart> fit =
            panelCharts(Panel::Fit, r, generateDataset(r.settings.dataset));
        QVERIFY(
            std::ranges::any_of(fit, [](const Chart& c) { return c.id == "slope_trajectories"; }));
    }

    // 64 units trained by Adam: iteration 0 is the initial parameters, then every snapshot,
    // each unit's elbow -bias[u] / weight[u] of the stored float32 columns.
    void trainedElbowsFollowTheStoredParameters() {
        const RunRecord& r = run(4);
        const SnapshotSeries& s = r.result.snapshots;
        QVERIFY(s.count > 10);
        const std::optional<Chart> chart =
            elbowTrajectories(r, generateDataset(r.settings.dataset));
        QVERIFY(chart);
        const std::size_t units = 64;
        for (std::size_t u : {std::size_t(0), std::size_t(17), units - 1}) {
            const Series& line = unitLine(*chart, u);
            QCOMPARE(line.x.size(), s.count + 1);
            QCOMPARE(line.y[0], -double(r.result.initialParameters[units + u]) /
                                    double(r.result.initialParameters[u]));
            for (std::size_t i = 0; i < s.count; ++i) {
                QCOMPARE(line.x[i + 1], double(s.steps[i]));
                QCOMPARE(line.y[i + 1],
                         -double(s.parameters(units + u, i)) / double(s.parameters(u, i)));
            }
            QVERIFY(!line.setsRange); // the view is the data's, not a runaway elbow's
        }
        const Dataset data = generateDataset(r.settings.dataset);
        const double low = data.trainX.min(), high = data.trainX.max();
        QCOMPARE(chart->yLow, low - (high - low));
        QCOMPARE(chart->yHigh, high + (high - low));
    }

    // Seed 003's overlay of the four hand-set sums: each line is
    // sum_u out[u] relu(w[u] x + b[u]) - 1 over the first k units, at every point drawn.
    void fitsOverlayIsEachSumOfElbows() {
        std::vector<const RunRecord*> runs;
        std::deque<Dataset> datasets;
        std::vector<const Dataset*> data;
        for (std::size_t e = 0; e < 4; ++e) {
            runs.push_back(&run(e));
            data.push_back(&datasets.emplace_back(generateDataset(run(e).settings.dataset)));
        }
        const Chart chart = fitsOverlay(runs, data, {-1, -1, -1, -1}, "Fits");
        QCOMPARE(chart.id, std::string("fits"));
        QCOMPARE(chart.series.at(0).name, std::string("training data"));
        const double w[] = {2.8, -2.1, 2.0, -2.2}, b[] = {-2.85, -3.09, -5.63, -4.58};
        const double out[] = {1.9, 2.3, 3.1, 2.5};
        std::size_t lines = 0;
        for (const Series& s : chart.series) {
            if (s.name.find(" at iteration ") == std::string::npos)
                continue;
            const std::size_t units = ++lines;
            QCOMPARE(s.name.substr(0, runs[units - 1]->label.size()), runs[units - 1]->label);
            QVERIFY(s.x.size() > 100);
            for (std::size_t i = 0; i < s.x.size(); ++i) {
                double sum = -1.0;
                for (std::size_t u = 0; u < units; ++u)
                    sum += out[u] * std::max(0.0, w[u] * s.x[i] + b[u]);
                QVERIFY2(std::abs(s.y[i] - sum) < 1e-5 * (1.0 + std::abs(sum)),
                         qPrintable(QStringLiteral("%1 units at x = %2: %3 vs %4")
                                        .arg(units)
                                        .arg(s.x[i])
                                        .arg(s.y[i])
                                        .arg(sum)));
            }
        }
        QCOMPARE(lines, std::size_t(4));
    }

    // A unit with w = 0 has no elbow (a gap, and a note); one at x = 100 leaves the view.
    void notesCountElbowsGoneAndFlat() {
        Notebook notebook = makeTemplate("relu-sum");
        ExperimentSettings& s = notebook.experiments[2].settings; // 3 hand-set units
        s.initializers[0] = InitializerSpec::values({0.0, 1.0, 2.0}, {1.0, -100.0, -1.0});
        train(notebook, {2});
        const RunRecord& r = notebook.experiments[2].runs.at(0);
        const std::optional<Chart> chart =
            elbowTrajectories(r, generateDataset(r.settings.dataset));
        QVERIFY(chart);
        QVERIFY(std::isnan(unitLine(*chart, 0).y.front()));
        QCOMPARE(unitLine(*chart, 1).y.front(), 100.0);
        QCOMPARE(unitLine(*chart, 2).y.front(), 0.5);
        QCOMPARE(chart->note,
                 std::string("1 elbow beyond the view at the end; 1 unit with w = 0 at the end: "
                             "no elbow"));
    }

    // No first-layer bend to follow: a net on two inputs (XOR), or without a hidden layer.
    void noneWithoutAOneInputHiddenLayer() {
        Notebook xorNets = makeTemplate("xor");
        train(xorNets, {0, 2}); // a single linear layer, and a ReLU net
        for (std::size_t e : {0, 2}) {
            const RunRecord& r = xorNets.experiments[e].runs.at(0);
            QVERIFY(r.result.snapshots.count > 0);
            QVERIFY(!slopeTrajectories(r));
            QVERIFY(!elbowTrajectories(r, generateDataset(r.settings.dataset)));
        }
    }
};

QTEST_MAIN(TestElbowCharts)
#include "tst_elbowcharts.moc"
