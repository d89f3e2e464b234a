// The charts of what a net computes over a plane of its inputs, and of a classifier's accuracy,
// checked against computations of their own: contours against closed-form curves, the fields
// against a forward pass written out here, the wrong points and the confusion counts against
// labels counted one by one; and the heatmaps as they come out in the PNG and the CSV.
#include "core/classification.h"
#include "core/linearregions.h"
#include "document/runsession.h"
#include "document/templates.h"
#include "plots/chartdrawing.h"
#include "plots/chartfiles.h"
#include "plots/classifiercharts.h"
#include "plots/contour.h"
#include "plots/regioncharts.h"
#include "plots/runcharts.h"
#include "plots/runtables.h"
#include "plots/surfacecharts.h"

#include <QApplication>
#include <QTest>
#include <QThread>

#include <cmath>
#include <random>

using namespace relulab;

namespace {

const Chart& chartWithId(const std::vector<Chart>& charts, const std::string& id) {
    for (const Chart& chart : charts)
        if (chart.id == id)
            return chart;
    throw std::runtime_error("no chart " + id);
}

const Series* seriesNamed(const Chart& chart, const std::string& prefix) {
    for (const Series& s : chart.series)
        if (s.name.starts_with(prefix))
            return &s;
    return nullptr;
}

Network<double> randomNet(Architecture a, unsigned seed) {
    Network<double> net(std::move(a));
    std::mt19937 random(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    for (double& p : net.parameters())
        p = normal(random);
    return net;
}

// The hidden activations and the outputs of one input, by loops over the weights.
std::vector<std::vector<double>> byHand(const Network<double>& net, std::vector<double> x) {
    std::vector<std::vector<double>> layers;
    for (std::size_t l = 0; l < net.layerCount(); ++l) {
        const arma::mat w = net.weightTransposed(l); // inputs x units
        const arma::vec b = net.bias(l);
        const bool relu = net.architecture().layers[l].activation.kind == ActivationKind::Relu;
        std::vector<double> next(b.n_elem);
        for (arma::uword u = 0; u < b.n_elem; ++u) {
            double z = b[u];
            for (std::size_t i = 0; i < x.size(); ++i)
                z += w(i, u) * x[i];
            next[u] = relu ? std::max(z, 0.0) : z;
        }
        layers.push_back(next);
        x = next;
    }
    return layers;
}

} // namespace

class TestSurfaceCharts : public QObject {
    Q_OBJECT

private:
    Notebook m_xor = makeTemplate("xor");

    const RunRecord& xorRun(const std::string& name) const {
        for (const Experiment& e : m_xor.experiments)
            if (e.name.find(name) != std::string::npos)
                return e.runs.at(0);
        throw std::runtime_error("no experiment " + name);
    }

private Q_SLOTS:
    void initTestCase() {
        std::vector<std::size_t> all;
        for (std::size_t e = 0; e < m_xor.experiments.size(); ++e)
            all.push_back(e);
        RunSession session(m_xor, all, 2, {});
        while (session.poll())
            QThread::msleep(5);
    }

    // Linear interpolation is exact for a linear field: every end lies on the line, and the
    // ends reach across the cells' box.
    void contourOfALineLiesOnIt() {
        const Grid grid{40, 30, -1.0, 1.0, -1.0, 1.0};
        std::vector<double> field(grid.cells());
        for (std::size_t r = 0; r < grid.rows; ++r)
            for (std::size_t c = 0; c < grid.columns; ++c)
                field[r * grid.columns + c] = 2.0 * grid.x(c) - grid.y(r) + 0.3;
        std::vector<double> x, y;
        contourSegments(grid, field, 0.0, x, y);
        QVERIFY(x.size() >= 2 && x.size() % 2 == 0);
        double low = 1e9, high = -1e9;
        for (std::size_t i = 0; i < x.size(); ++i) {
            QVERIFY(std::abs(2.0 * x[i] - y[i] + 0.3) < 1e-12);
            low = std::min(low, y[i]);
            high = std::max(high, y[i]);
        }
        // y runs over the cell centres' span: from the lowest to the highest row.
        QVERIFY(std::abs(low - grid.y(0)) < 1e-12);
        QVERIFY(std::abs(high - grid.y(grid.rows - 1)) < 1e-12);
    }

    // A circle of radius 0.6: ends within the interpolation's error of it, and the segments add
    // up to its circumference.
    void contourOfACircleGoesAround() {
        const Grid grid{100, 100, -1.0, 1.0, -1.0, 1.0};
        std::vector<double> field(grid.cells());
        for (std::size_t r = 0; r < grid.rows; ++r)
            for (std::size_t c = 0; c < grid.columns; ++c)
                field[r * grid.columns + c] = grid.x(c) * grid.x(c) + grid.y(r) * grid.y(r) - 0.36;
        std::vector<double> x, y;
        contourSegments(grid, field, 0.0, x, y);
        double length = 0.0;
        for (std::size_t i = 0; i < x.size(); i += 2) {
            for (std::size_t j : {i, i + 1})
                QVERIFY(std::abs(std::hypot(x[j], y[j]) - 0.6) < 1e-3);
            length += std::hypot(x[i + 1] - x[i], y[i + 1] - y[i]);
        }
        QVERIFY2(std::abs(length - 2.0 * M_PI * 0.6) < 5e-3, qPrintable(QString::number(length)));
    }

    // One square with its diagonals on opposite sides: two segments, each cutting off a corner
    // of the side the centre is not on.
    void saddleCutsOffTwoCorners() {
        const Grid grid{2, 2, 0.0, 2.0, 0.0, 2.0}; // centres at 0.5 and 1.5
        std::vector<double> x, y;
        contourSegments(grid, {1.0, -1.0, -1.0, 3.0}, 0.0, x, y); // mean 0.5 > 0: with 0 and 2
        QCOMPARE(x.size(), std::size_t(4));
        // The cut corners are the negative ones, (1.5, 0.5) and (0.5, 1.5).
        for (std::size_t i = 0; i < 4; i += 2) {
            const double mx = 0.5 * (x[i] + x[i + 1]), my = 0.5 * (y[i] + y[i + 1]);
            QVERIFY((mx > 1.0 && my < 1.0) || (mx < 1.0 && my > 1.0));
        }
    }

    // Every heatmap against the forward pass written out above, for the three losses.
    void fieldsMatchAForwardPassByHand() {
        const Architecture a{
            2, {{3, Activation::relu()}, {4, Activation::relu()}, {3, Activation::identity()}}};
        const Network<double> net = randomNet(a, 7);
        const InputPlane plane{0, 1, arma::rowvec{0.0, 0.0}, -2.0, 2.0, -1.0, 3.0, {}};
        const Grid grid = planeGrid(plane, 9);
        const arma::mat inputs = planeInputs(plane, grid);
        for (LossKind loss : {LossKind::Mse, LossKind::BceLogits, LossKind::CrossEntropy}) {
            const PlaneFields fields = planeFields(net, loss, inputs);
            QCOMPARE(fields.units.size(), std::size_t(7));
            QCOMPARE(fields.units[3].group, std::string("hidden 2"));
            for (std::size_t cell = 0; cell < grid.cells(); ++cell) {
                const double x = grid.x(cell % grid.columns), y = grid.y(cell / grid.columns);
                QCOMPARE(inputs(cell, 0), x);
                const auto layers = byHand(net, {x, y});
                for (std::size_t u = 0; u < 7; ++u)
                    QVERIFY(std::abs(fields.units[u].values[cell] -
                                     (u < 3 ? layers[0][u] : layers[1][u - 3])) < 1e-12);
                const std::vector<double>& out = layers[2];
                if (loss == LossKind::Mse) {
                    QVERIFY(std::abs(fields.surface.values[cell] - out[0]) < 1e-12);
                } else if (loss == LossKind::BceLogits) {
                    QVERIFY(std::abs(fields.surface.values[cell] -
                                     1.0 / (1.0 + std::exp(-out[0]))) < 1e-12);
                } else {
                    const auto winner = std::max_element(out.begin(), out.end()) - out.begin();
                    double sum = 0.0;
                    for (double o : out)
                        sum += std::exp(o);
                    const double p = std::exp(out[std::size_t(winner)]) / sum;
                    QCOMPARE(fields.surface.classes[cell], int(winner));
                    QVERIFY(std::abs(fields.surface.values[cell] - (p - 1.0 / 3) / (2.0 / 3)) <
                            1e-12);
                }
            }
        }
    }

    // The ReLU net solves XOR: its boundary is where the logit is 0 and nothing is wrong; the
    // single linear layer gets some wrong, each of which the labels confirm.
    void xorSurfacesShowWhatSolvedIt() {
        for (const std::string name : {"ReLU", "Single linear"}) {
            const RunRecord& run = xorRun(name);
            const Dataset data = generateDataset(run.settings.dataset);
            const auto charts = panelCharts(Panel::Surface, run, data);
            const Chart& surface = chartWithId(charts, "decision_surface");
            QCOMPARE(surface.heatmaps.size(), std::size_t(1));
            QCOMPARE(surface.grid.cells(), std::size_t(200 * 200));
            const SnapshotSeries& s = run.result.snapshots;
            const Network<double> net(
                run.settings.architecture,
                arma::conv_to<arma::vec>::from(s.parameters.col(s.count - 1)));
            const arma::umat predicted =
                predictedLabels(run.settings.loss, net.predict(data.trainX));
            const arma::umat truth = targetLabels(run.settings.loss, data.trainY);
            std::size_t wrong = arma::accu(predicted != truth);
            if (data.testX.n_rows > 0)
                wrong += arma::accu(predictedLabels(run.settings.loss, net.predict(data.testX)) !=
                                    targetLabels(run.settings.loss, data.testY));
            const Series* rings = seriesNamed(surface, "wrong");
            QCOMPARE(rings != nullptr, wrong > 0);
            QCOMPARE(rings ? rings->x.size() : 0, wrong);
            QVERIFY2(surface.note.find("rings: wrong, ") != std::string::npos,
                     surface.note.c_str());
            if (name == "ReLU") {
                QCOMPARE(wrong, std::size_t(0));
                const Series* boundary = seriesNamed(surface, "boundary");
                QVERIFY(boundary && boundary->style == SeriesStyle::Segments);
                const arma::mat ends =
                    arma::join_rows(arma::vec(boundary->x), arma::vec(boundary->y));
                const arma::mat logits = net.predict(ends);
                const double step = (surface.grid.xHigh - surface.grid.xLow) / 200.0;
                // Within the interpolation's error: the slope times a cell, at most.
                QVERIFY(arma::abs(logits).max() < 0.1 * step * 100.0);
                QVERIFY(chartWithId(charts, "unit_maps").tiled());
            } else {
                QVERIFY(wrong > 0);
            }
        }
    }

    // More than two inputs: a slice through the training mean, stated on the chart.
    void wideInputsAreSlicedThroughTheMean() {
        DatasetSpec spec = DatasetSpec::defaults(DatasetKind::GradientPrint);
        const Dataset data = generateDataset(spec);
        const InputPlane plane = inputPlane(data, 2, 5);
        const arma::rowvec mean = arma::mean(data.trainX, 0);
        QCOMPARE(plane.note, std::string("a slice: the other inputs at their training means"));
        const Grid grid = planeGrid(plane, 4);
        const arma::mat inputs = planeInputs(plane, grid);
        for (std::size_t cell = 0; cell < grid.cells(); ++cell)
            for (arma::uword i = 0; i < inputs.n_cols; ++i)
                if (i == 2)
                    QCOMPARE(inputs(cell, i), grid.x(cell % 4));
                else if (i == 5)
                    QCOMPARE(inputs(cell, i), grid.y(cell / 4));
                else
                    QCOMPARE(inputs(cell, i), mean[i]);
        QVERIFY(plane.xLow < data.trainX.col(2).min() && plane.xHigh > data.trainX.col(2).max());
    }

    // Counts by class pair, against a count sample by sample; the accuracy chart in percent.
    void confusionAndAccuracyAgreeWithTheLabels() {
        const RunRecord& run = xorRun("Single linear");
        const Dataset data = generateDataset(run.settings.dataset);
        const auto charts = panelCharts(Panel::Errors, run, data);
        const auto predictions = panelCharts(Panel::Predictions, run, data);
        const Chart& confusion = chartWithId(predictions, "confusion");
        const SnapshotSeries& s = run.result.snapshots;
        const Network<double> net(run.settings.architecture,
                                  arma::conv_to<arma::vec>::from(s.parameters.col(s.count - 1)));
        const arma::umat predicted = predictedLabels(run.settings.loss, net.predict(data.trainX));
        const arma::umat truth = targetLabels(run.settings.loss, data.trainY);
        QCOMPARE(confusion.grid.columns, std::size_t(2));
        for (std::size_t t = 0; t < 2; ++t)
            for (std::size_t p = 0; p < 2; ++p)
                QCOMPARE(confusion.heatmaps[0].values[t * 2 + p],
                         double(arma::accu((truth.col(0) == t) % (predicted.col(0) == p))));
        const Chart& accuracy = chartWithId(charts, "accuracy");
        const Series& train = accuracy.series.at(0);
        QCOMPARE(train.y.size(), s.count);
        for (std::size_t i = 0; i < s.count; ++i)
            QCOMPARE(train.y[i], 100.0 * s.trainAccuracy[i]);
        QVERIFY(chartWithId(panelCharts(Panel::Errors, xorRun("ReLU"), data), "accuracy")
                    .series.at(0)
                    .y.back() == 100.0);
    }

    // The seed's XOR printout as a table: each row's logit is the net's output, its label the
    // logit's sign; the parameters in state_dict order, named by layer.
    void predictionAndParameterTables() {
        const RunRecord& run = xorRun("ReLU");
        const Dataset data = generateDataset(run.settings.dataset);
        const auto tables = panelTables(Panel::Predictions, run, data);
        QCOMPARE(tables.size(), std::size_t(2));
        const Table& predictions = tables[0];
        QCOMPARE(predictions.columns,
                 (std::vector<std::string>{"set", "sample", "x1", "x2", "target", "logit", "P(1)",
                                           "predicted", "true", "right"}));
        QCOMPARE(predictions.rows.size(), std::size_t(data.trainX.n_rows + data.testX.n_rows));
        const SnapshotSeries& s = run.result.snapshots;
        const Network<double> net(run.settings.architecture,
                                  arma::conv_to<arma::vec>::from(s.parameters.col(s.count - 1)));
        for (const auto& row : predictions.rows) {
            const double logit = net.predict(arma::rowvec{row[2], row[3]})(0, 0);
            QCOMPARE(row[5], logit);
            QVERIFY(std::abs(row[6] - 1.0 / (1.0 + std::exp(-logit))) < 1e-15);
            QCOMPARE(row[7], logit > 0 ? 1.0 : 0.0);
            QCOMPARE(row[8], row[4] >= 0.5 ? 1.0 : 0.0);
            QCOMPARE(row[9], 1.0); // the ReLU net gets every one right
        }
        QCOMPARE(tableText(predictions, 0, 0), std::string("train"));
        QCOMPARE(tableText(predictions, 0, 9), std::string("yes"));

        const Table& parameters = tables[1];
        const arma::fvec flat = s.parameters.col(s.count - 1);
        QCOMPARE(parameters.rows.size(), std::size_t(flat.n_elem));
        for (std::size_t i = 0; i < flat.n_elem; ++i)
            QCOMPARE(parameters.rows[i][4], double(flat[i]));
        // Linear(2, 8): weight[unit][input] row-major, then the 8 biases; then the output's.
        QCOMPARE(tableText(parameters, 0, 0), std::string("hidden 1"));
        QCOMPARE(parameters.rows[1][2], 0.0); // unit 0, input 1
        QCOMPARE(parameters.rows[1][3], 1.0);
        QCOMPARE(tableText(parameters, 16, 1), std::string("bias"));
        QCOMPARE(tableText(parameters, 16, 3), std::string());
        QCOMPARE(tableText(parameters, flat.n_elem - 1, 0), std::string("output"));
        QVERIFY(tableCsv(parameters)
                    .startsWith("layer,kind,unit,input,value,dL/dθ (training set),change since "
                                "initialization\nhidden 1,weight,0,0,"));
    }

    // The net on a plane of a wider input, as a 2-input net: the same outputs at every point;
    // its regions there tile the box and the chart outlines each.
    void regionsOnAPlaneOfAWiderNet() {
        const Architecture a{5,
                             {{6, Activation::relu()},
                              {4, Activation::leakyRelu(0.1)},
                              {1, Activation::identity()}}};
        const Network<double> net = randomNet(a, 11);
        InputPlane plane{3, 1, arma::rowvec{0.3, -0.2, 0.5, 0.0, 1.5}, -2.0, 1.0, -1.0, 2.0, {}};
        const Grid grid = planeGrid(plane, 23);
        const arma::mat inputs = planeInputs(plane, grid);
        const Network<double> reduced = planeNet(net, plane);
        QCOMPARE(reduced.architecture().inputs, 2);
        const arma::mat xy = arma::join_rows(inputs.col(3), inputs.col(1));
        QVERIFY(arma::abs(reduced.predict(xy) - net.predict(inputs)).max() < 1e-12);

        const Chart chart = linearRegionsChart(net, LossKind::Mse, plane, "at iteration 0");
        const auto regions = linearRegions(reduced, {-2.0, 1.0}, {-1.0, 2.0});
        QVERIFY(chart.title.starts_with(std::to_string(regions.size()) + " linear regions "));
        std::size_t edges = 0;
        double area = 0.0;
        for (const LinearRegion& r : regions) {
            edges += r.polygon.size();
            for (std::size_t v = 0; v < r.polygon.size(); ++v) {
                const auto& p = r.polygon[v];
                const auto& q = r.polygon[(v + 1) % r.polygon.size()];
                area += 0.5 * (p[0] * q[1] - q[0] * p[1]);
            }
        }
        QVERIFY(std::abs(area - 9.0) < 1e-9);
        QCOMPARE(seriesNamed(chart, "region outlines")->x.size(), 2 * edges);
        QVERIFY(!isPiecewiseLinear(Architecture{2, {{3, Activation::tanh()}, {1, {}}}}));
    }

    // A 1-input piecewise linear net's fit marks its kinks, of every layer, on the prediction.
    void fitMarksEveryKink() {
        Notebook notebook = makeTemplate("linearized-features");
        RunRecord run;
        run.settings = notebook.experiments.at(0).settings;
        run.settings.architecture = Architecture{
            1, {{5, Activation::relu()}, {4, Activation::relu()}, {1, Activation::identity()}}};
        Network<double> net = randomNet(run.settings.architecture, 5);
        for (arma::uword u = 0; u < 5; ++u) { // first-layer elbows at 0.1, 0.3, ..., 0.9
            net.parameters()[u] = 1.0;
            net.parameters()[5 + u] = -0.1 - 0.2 * double(u);
        }
        run.result.snapshots.count = 2; // a history: the Fit panel counts its pieces over it
        run.result.snapshots.steps = {0, 10};
        run.result.snapshots.parameters =
            arma::repmat(arma::conv_to<arma::fmat>::from(net.parameters()), 1, 2);
        const Network<double> stored(
            run.settings.architecture,
            arma::conv_to<arma::vec>::from(run.result.snapshots.parameters.col(0)));
        const Dataset data = generateDataset(run.settings.dataset);
        const auto charts = panelCharts(Panel::Fit, run, data);
        const Chart& fit = chartWithId(charts, "fit");
        const double low = data.trainX.min(), high = data.trainX.max();
        const std::vector<double> kinks = networkBreakpoints(stored, low, high);
        QVERIFY(fit.title.ends_with(": " + std::to_string(kinks.size() + 1) + " linear pieces"));
        QVERIFY(kinks.size() >= 2); // this seed's net bends inside the data
        {
            const Series* elbows = seriesNamed(fit, "elbows");
            QVERIFY(elbows);
            QCOMPARE(elbows->x, kinks);
            for (std::size_t i = 0; i < kinks.size(); ++i)
                QVERIFY(std::abs(elbows->y[i] - stored.predict(arma::mat{kinks[i]})(0, 0)) < 1e-12);
        }
        const Chart& counts = chartWithId(charts, "region_counts");
        QCOMPARE(counts.series.at(0).y.back(), double(kinks.size() + 1));
    }

    // The heatmap under the plot: a field of 1 everywhere draws the high colour over the plot
    // area in the PNG; the CSV has a row per cell.
    void heatmapsReachThePngAndTheCsv() {
        Chart chart{"field", "A field", "x", "y", false, {}};
        chart.grid = {3, 2, 0.0, 3.0, 0.0, 2.0};
        chart.heatmaps.push_back({"value", {}, std::vector<double>(6, 1.0)});
        const QImage image = renderChart(chart, {500, 400});
        const QColor centre = image.pixelColor(250, 200);
        QVERIFY2(centre.red() > centre.green() + 60 && centre.red() > centre.blue() + 60,
                 qPrintable(centre.name()));
        const QList<QByteArray> lines = chartCsv(chart).split('\n');
        QCOMPARE(lines.at(0), QByteArray("x,y,value"));
        QCOMPARE(lines.at(1), QByteArray("0.5,0.5,1"));
        QCOMPARE(lines.at(6), QByteArray("2.5,1.5,1"));
        // Tiles: every one drawn, none with axes.
        chart.heatmaps.push_back({"other", {}, std::vector<double>(6, 0.0)});
        chart.heatmaps[1].low = -1.0, chart.heatmaps[1].middle = -1.0, chart.heatmaps[1].high = 0.0;
        const QImage tiles = renderChart(chart, {500, 400});
        int coloured = 0;
        for (int x = 0; x < 500; x += 5) {
            const QColor c = tiles.pixelColor(x, 200);
            coloured += c.red() > c.green() + 60 || c.blue() > c.red() + 60;
        }
        QVERIFY(coloured > 20);
        QCOMPARE(chartCsv(chart).split('\n').at(0), QByteArray("x,y,value,other"));
    }
};

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    TestSurfaceCharts test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_surfacecharts.moc"
