// The Gradients, Distributions and Dead and saturated panels of real runs of the dead-relu
// template against independent computations: central finite differences of the loss for the
// gradient maps and depth profiles, the stored parameters for the weight maps and the weights'
// percentiles (sorted directly), and the stored dead-unit counts for the saturation chart.
#include "core/loss.h"
#include "document/runsession.h"
#include "document/templates.h"
#include "plots/chartfiles.h"
#include "plots/distributioncharts.h"
#include "plots/runcharts.h"

#include <QTest>
#include <QThread>

#include <algorithm>
#include <cmath>

using namespace relulab;

namespace {

const Chart& chartWithId(const std::vector<Chart>& charts, const std::string& id) {
    for (const Chart& chart : charts)
        if (chart.id == id)
            return chart;
    throw std::runtime_error("no chart " + id);
}

// dL/dθ of the mean loss on the training set by central differences.
arma::vec numericGradient(const RunRecord& run, const Dataset& data, arma::vec parameters) {
    arma::vec gradient(parameters.n_elem);
    for (arma::uword p = 0; p < parameters.n_elem; ++p) {
        const double kept = parameters[p], h = 1e-6;
        auto loss = [&](double value) {
            parameters[p] = value;
            const Network<double> net(run.settings.architecture, parameters);
            return computeLoss(run.settings.loss, net.predict(data.trainX), data.trainY);
        };
        gradient[p] = (loss(kept + h) - loss(kept - h)) / (2 * h);
        parameters[p] = kept;
    }
    return gradient;
}

arma::vec stored(const RunRecord& run, std::size_t index) {
    return arma::conv_to<arma::vec>::from(run.result.snapshots.parameters.col(index));
}

} // namespace

class TestLayerCharts : public QObject {
    Q_OBJECT

private:
    Notebook m_notebook = makeTemplate("dead-relu");

    const RunRecord& run(std::size_t experiment) const {
        return m_notebook.experiments[experiment].runs.at(0);
    }

private Q_SLOTS:
    void initTestCase() {
        RunSession session(m_notebook, {0, 1, 2}, 2, {});
        while (session.poll())
            QThread::msleep(5);
    }

    void gradientMapsAreTheLossGradient() {
        const RunRecord& r = run(1); // hidden 2 dead: hidden 1 gets no gradient, the rest do
        const Dataset data = generateDataset(r.settings.dataset);
        const SnapshotSeries& s = r.result.snapshots;
        const long snapshot = long(s.count / 2);
        const arma::vec numeric = numericGradient(r, data, stored(r, std::size_t(snapshot)));
        const Network<double> shape(r.settings.architecture);
        for (std::size_t layer = 0; layer < shape.layerCount(); ++layer) {
            ChartOptions options;
            options.snapshot = snapshot;
            options.inspectedLayer = layer;
            const Chart map =
                chartWithId(panelCharts(Panel::Gradients, r, data, options), "gradient_map");
            const LayerSlice& slice = shape.slices()[layer];
            QCOMPARE(map.grid.rows, slice.units);
            QCOMPARE(map.grid.columns, slice.inputs + 1); // the bias last
            const std::vector<double>& cells = map.heatmaps.at(0).values;
            for (std::size_t u = 0; u < slice.units; ++u)
                for (std::size_t c = 0; c <= slice.inputs; ++c) {
                    const std::size_t flat = c < slice.inputs
                                                 ? slice.weightOffset + u * slice.inputs + c
                                                 : slice.biasOffset + u;
                    QVERIFY2(
                        std::abs(cells[u * (slice.inputs + 1) + c] - numeric[flat]) <= 1e-7,
                        qPrintable(
                            QStringLiteral("layer %1 unit %2 column %3").arg(layer).arg(u).arg(c)));
                }
            if (layer == 0) { // behind the dead layer: every cell exactly 0, and said
                QVERIFY(std::ranges::all_of(cells, [](double v) { return v == 0.0; }));
                QVERIFY2(map.note.find("exactly 0") != std::string::npos, map.note.c_str());
            }
        }
    }

    void theParameterTableHoldsEachGradient() {
        const RunRecord& r = run(2);
        const Dataset data = generateDataset(r.settings.dataset);
        const std::vector<Table> tables = panelTables(Panel::Predictions, r, data);
        const Table& parameters = tables.at(1);
        QCOMPARE(parameters.columns.at(5), std::string("dL/dθ (training set)"));
        const SnapshotSeries& s = r.result.snapshots;
        const arma::vec last = stored(r, s.count - 1);
        const arma::vec numeric = numericGradient(r, data, last);
        const arma::vec first = arma::conv_to<arma::vec>::from(r.result.initialParameters);
        // Rows in state_dict order: row p is parameter p.
        QCOMPARE(parameters.rows.size(), std::size_t(last.n_elem));
        for (std::size_t p = 0; p < last.n_elem; ++p) {
            QCOMPARE(parameters.rows[p][4], last[p]);
            QVERIFY2(std::abs(parameters.rows[p][5] - numeric[p]) <= 1e-7,
                     qPrintable(QString::number(p)));
            QCOMPARE(parameters.rows[p][6], last[p] - first[p]);
        }
    }

    void weightMapsAreTheStoredParameters() {
        const RunRecord& r = run(2);
        const Dataset data = generateDataset(r.settings.dataset);
        const SnapshotSeries& s = r.result.snapshots;
        ChartOptions options;
        options.inspectedLayer = 1;
        const LayerSlice slice = Network<double>(r.settings.architecture).slices()[1];
        const arma::vec last = stored(r, s.count - 1);
        const arma::vec first = arma::conv_to<arma::vec>::from(r.result.initialParameters);
        for (const ParameterMapKind kind : {ParameterMapKind::Weights, ParameterMapKind::Change}) {
            options.weightMap = kind;
            const Chart map =
                chartWithId(panelCharts(Panel::Gradients, r, data, options),
                            kind == ParameterMapKind::Weights ? "weight_map" : "weight_change_map");
            const std::vector<double>& cells = map.heatmaps.at(0).values;
            for (std::size_t u = 0; u < slice.units; ++u)
                for (std::size_t i = 0; i < slice.inputs; ++i) {
                    const std::size_t flat = slice.weightOffset + u * slice.inputs + i;
                    const double expected =
                        kind == ParameterMapKind::Weights ? last[flat] : last[flat] - first[flat];
                    QCOMPARE(cells[u * (slice.inputs + 1) + i], expected);
                }
            for (std::size_t u = 0; u < slice.units; ++u) { // the bias column
                const std::size_t flat = slice.biasOffset + u;
                const double expected =
                    kind == ParameterMapKind::Weights ? last[flat] : last[flat] - first[flat];
                QCOMPARE(cells[u * (slice.inputs + 1) + slice.inputs], expected);
            }
        }
        // Log magnitude: log10 |W|, no value for 0.
        options.weightMap = ParameterMapKind::Weights;
        options.logMagnitude = true;
        const Chart map =
            chartWithId(panelCharts(Panel::Gradients, r, data, options), "weight_map");
        QCOMPARE(map.heatmaps.at(0).values[0], std::log10(std::abs(last[slice.weightOffset])));
    }

    void depthProfileIsTheGradientNormPerLayer() {
        const RunRecord& r = run(2);
        const Dataset data = generateDataset(r.settings.dataset);
        const Chart profile = chartWithId(panelCharts(Panel::Gradients, r, data), "depth_profile");
        const arma::vec initial =
            numericGradient(r, data, arma::conv_to<arma::vec>::from(r.result.initialParameters));
        const Network<double> shape(r.settings.architecture);
        const Series& start = profile.series.at(0);
        QCOMPARE(start.name, std::string("at initialization"));
        QCOMPARE(start.y.size(), shape.layerCount());
        for (std::size_t l = 0; l < shape.layerCount(); ++l) {
            const LayerSlice& slice = shape.slices()[l];
            const double norm = arma::norm(initial.subvec(slice.weightOffset, slice.end() - 1));
            QVERIFY2(std::abs(start.y[l] - norm) <= 1e-6 * std::max(1.0, norm),
                     qPrintable(QString::number(l)));
        }
        // Several runs in one chart: each line as long as its net is deep, numbered from 1.
        std::vector<const RunRecord*> runs{&run(0), &run(2)};
        std::vector<const Dataset*> sets{&data, &data};
        const Chart overlay = depthProfileOverlay(runs, sets, {-1, 0}, "all");
        QCOMPARE(overlay.series.size(), std::size_t(4));
        QCOMPARE(overlay.series[1].x, (std::vector<double>{1, 2, 3, 4}));
        QCOMPARE(overlay.series[3].y,
                 chartWithId(panelCharts(Panel::Gradients, r, data, ChartOptions{.snapshot = 0}),
                             "depth_profile")
                     .series[1]
                     .y);
    }

    void distributionsArePercentilesOfTheStoredWeights() {
        const RunRecord& r = run(2);
        const Dataset data = generateDataset(r.settings.dataset);
        const std::vector<Chart> charts = panelCharts(Panel::Distributions, r, data);
        QCOMPARE(charts.size(), 2 * layerQuantities.size());
        const Chart& weights = chartWithId(charts, "distribution_weights");
        const SnapshotSeries& s = r.result.snapshots;
        QCOMPARE(weights.series.at(3).x.size(), s.count); // fewer than 200: all of them
        const LayerSlice slice = Network<double>(r.settings.architecture).slices()[0];
        for (std::size_t i : {std::size_t(0), s.count / 3, s.count - 1}) {
            std::vector<double> w;
            for (std::size_t p = slice.weightOffset; p < slice.biasOffset; ++p)
                w.push_back(double(s.parameters(p, i)));
            std::sort(w.begin(), w.end());
            QCOMPARE(weights.series[0].y[i], w.front());     // min
            QCOMPARE(weights.series[0].yUpper[i], w.back()); // max
            const double rank = 0.5 * double(w.size() - 1);  // the median
            const auto below = std::size_t(rank);
            const double median = w[below] + (rank - double(below)) *
                                                 (w[std::min(below + 1, w.size() - 1)] - w[below]);
            QCOMPARE(weights.series[3].y[i], median);
        }
        // The histogram of the snapshot: every value in a bin, the CSV naming the bins' ends.
        const Chart& histogram = chartWithId(charts, "histogram_preactivations");
        double counted = 0.0;
        for (double c : histogram.series.at(0).y)
            counted += c;
        QCOMPARE(counted, double(data.trainX.n_rows * 5));
        const QByteArray csv = chartCsv(histogram);
        QVERIFY2(csv.startsWith("pre-activations x low,pre-activations x high,pre-activations y"),
                 csv.left(120).constData());
    }

    void saturationCountsTheDeadUnits() {
        const RunRecord& r = run(0); // every hidden ReLU dead from the start
        const Dataset data = generateDataset(r.settings.dataset);
        const Chart chart = chartWithId(panelCharts(Panel::DeadUnits, r, data), "saturation");
        QCOMPARE(chart.series.size(), std::size_t(3));
        for (const Series& layer : chart.series) {
            QVERIFY(layer.name.ends_with(" dead"));
            QVERIFY(std::ranges::all_of(layer.y, [](double v) { return v == 100.0; }));
        }
        const Chart partly = chartWithId(panelCharts(Panel::DeadUnits, run(1), data), "saturation");
        const SnapshotSeries& s = run(1).result.snapshots;
        for (std::size_t l = 0; l < 3; ++l)
            QCOMPARE(partly.series[l].y.back(), 100.0 * double(s.deadUnits(l, s.count - 1)) / 5.0);
    }

    // run --out's charts: each layer's maps and distributions once, named after the layer and
    // equal to the panel's at that layer; the whole net's charts once; no id twice.
    void everyLayerChartsNameTheirLayer() {
        const RunRecord& r = run(1);
        const Dataset data = generateDataset(r.settings.dataset);
        const std::vector<Chart> charts = runChartsOfEveryLayer(r, data);
        std::vector<std::string> ids;
        for (const Chart& chart : charts)
            ids.push_back(chart.id);
        std::sort(ids.begin(), ids.end());
        QVERIFY(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
        const std::size_t layers = r.settings.architecture.layers.size();
        QVERIFY(layers >= 3);
        for (std::size_t layer = 0; layer < layers; ++layer) {
            ChartOptions options;
            options.inspectedLayer = layer;
            const std::vector<Chart> panel = panelCharts(Panel::Gradients, r, data, options);
            const std::string name =
                layer + 1 == layers ? "output" : "hidden_" + std::to_string(layer + 1);
            const Chart& map = chartWithId(charts, "gradient_map_" + name);
            QCOMPARE(map.heatmaps.at(0).values,
                     chartWithId(panel, "gradient_map").heatmaps[0].values);
            QVERIFY(std::count(ids.begin(), ids.end(), "histogram_weights_" + name) == 1);
        }
        QCOMPARE(std::count(ids.begin(), ids.end(), "depth_profile"), 1L);
        QCOMPARE(std::count(ids.begin(), ids.end(), "errors"), 1L);
    }
};

QTEST_MAIN(TestLayerCharts)
#include "tst_layercharts.moc"
