// Elbow and slope trajectories (plots/elbowcharts) and the fits overlay (plots/fitcharts) of
// the relu-sum template's nets: the seed's hand-set elbows and sums of ReLUs in closed form, a
// trained net's elbows read straight from its stored parameters in PyTorch's state_dict order
// (hidden 1's weight column, then its bias), and the notes on elbows that left the view or
// have no slope; the handles a net built by hand offers on its fit.
#include "document/runsession.h"
#include "document/templates.h"
#include "plots/elbowcharts.h"
#include "plots/runcharts.h"

#include <QTest>
#include <QThread>

#include <algorithm>

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
        // The Fit panel shows both after the fit where there is a history; a net of one
        // snapshot (0 steps) has none to show: its fit alone, at the page's full height.
        const std::vector<Chart> fit =
            panelCharts(Panel::Fit, r, generateDataset(r.settings.dataset));
        QCOMPARE(fit.size(), std::size_t(1));
        QCOMPARE(fit.front().id, std::string("fit"));
        const std::vector<Chart> trained =
            panelCharts(Panel::Fit, run(4), generateDataset(run(4).settings.dataset));
        for (const char* id : {"region_counts", "elbow_trajectories", "slope_trajectories"})
            QVERIFY2(std::ranges::any_of(trained, [id](const Chart& c) { return c.id == id; }), id);
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

    // The fit of a net to build by hand: a handle on each unit's elbow at -b / w, one on each
    // piece a quarter of the range into its active side at out relu(w x + b); each piece drawn
    // exactly as that closed form (its ends and elbow). Without handBuild, nothing to drag.
    void theFitOffersItsElbowsAndPiecesToDrag() {
        const RunRecord& r = run(3);
        const Dataset data = generateDataset(r.settings.dataset);
        ChartOptions options;
        options.handBuild = true;
        const Chart fit = panelCharts(Panel::Fit, r, data, options).at(0);
        QVERIFY(panelCharts(Panel::Fit, r, data).at(0).handles.empty());
        const double w[] = {2.8, -2.1, 2.0, -2.2}, b[] = {-2.85, -3.09, -5.63, -4.58};
        const double out[] = {1.9, 2.3, 3.1, 2.5};
        const double low = fit.series.at(2).x.front(), high = fit.series.at(2).x.back();
        const auto piece = [&](std::size_t u, double x) {
            return double(float(out[u])) *
                   std::max(0.0, double(float(w[u])) * x + double(float(b[u])));
        };
        std::size_t elbows = 0, pieces = 0;
        for (const DragHandle& h : fit.handles) {
            QVERIFY(h.unit < 4);
            if (h.kind == DragHandle::Kind::Elbow) {
                ++elbows;
                QVERIFY(std::abs(h.x - (-double(float(b[h.unit])) / double(float(w[h.unit])))) <
                        1e-12);
                QCOMPARE(h.low, low);
                QCOMPARE(h.high, high);
            } else {
                ++pieces;
                const double e = -double(float(b[h.unit])) / double(float(w[h.unit]));
                QVERIFY(std::abs(std::abs(h.x - std::clamp(e, low, high)) - 0.25 * (high - low)) <
                            1e-9 ||
                        h.x == low || h.x == high);
                QVERIFY((h.x - e) * w[h.unit] > 0); // on its active side
                QVERIFY(std::abs(h.y - piece(h.unit, h.x)) < 1e-9 * (1 + std::abs(h.y)));
            }
        }
        QCOMPARE(elbows, std::size_t(4));
        QCOMPARE(pieces, std::size_t(4));
        QVERIFY(!fit.note.empty());
        // Each unit's piece, between its drawn points, is the closed form.
        for (std::size_t u = 0; u < 4; ++u) {
            const Series& line =
                u == 0 ? *std::ranges::find_if(
                             fit.series, [](const Series& s) { return s.name == "unit pieces"; })
                       : unitLine(fit, u);
            QVERIFY(line.x.size() <= 3);
            for (double x = low; x <= high; x += (high - low) / 97) {
                const auto right = std::ranges::upper_bound(line.x, x);
                const std::size_t k = std::clamp<std::size_t>(std::size_t(right - line.x.begin()),
                                                              1, line.x.size() - 1);
                const double t = (x - line.x[k - 1]) / (line.x[k] - line.x[k - 1]);
                const double drawn = line.y[k - 1] + t * (line.y[k] - line.y[k - 1]);
                QVERIFY2(std::abs(drawn - piece(u, x)) < 1e-9 * (1 + std::abs(drawn)),
                         qPrintable(QStringLiteral("unit %1 at %2").arg(u).arg(x)));
            }
        }
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
