// What the chart panels plot and how they are drawn, on real runs of the dead-relu template: a
// layer with no gradient is named (a log axis cannot show 0), and bars on a log axis rise from
// the axis's bottom.
#include "core/jacobian.h"
#include "core/network.h"
#include "document/runsession.h"
#include "document/templates.h"
#include "plots/chartdrawing.h"
#include "plots/chartfiles.h"
#include "plots/chartoverlay.h"
#include "plots/fittedtext.h"
#include "plots/runcharts.h"
#include "plots/shownchart.h"

#include <QApplication>
#include <QAreaSeries>
#include <QCategoryAxis>
#include <QChart>
#include <QGraphicsScene>
#include <QGraphicsView>
#include <QLegend>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QTest>
#include <QTextDocumentFragment>
#include <QThread>
#include <QValueAxis>

using namespace relulab;

namespace {

const Chart& chartWithId(const std::vector<Chart>& charts, const std::string& id) {
    for (const Chart& chart : charts)
        if (chart.id == id)
            return chart;
    throw std::runtime_error("no chart " + id);
}

} // namespace

class TestCharts : public QObject {
    Q_OBJECT

private:
    Notebook m_notebook = makeTemplate("dead-relu");

    std::vector<Chart> gradientCharts(std::size_t experiment) const {
        const RunRecord& run = m_notebook.experiments[experiment].runs.at(0);
        return panelCharts(Panel::Gradients, run, generateDataset(run.settings.dataset));
    }

private Q_SLOTS:
    void initTestCase() {
        RunSession session(m_notebook, {0, 1}, 2, {});
        while (session.poll())
            QThread::msleep(5);
    }

    void layersWithoutGradientAreNamed() {
        const std::vector<Chart> dead = gradientCharts(0); // every hidden layer dead
        const Chart& lines = chartWithId(dead, "gradients");
        QCOMPARE(lines.title, std::string("Gradient norm per layer"));
        QCOMPARE(lines.note,
                 std::string(
                     "of each step's batch; hidden 1, hidden 2, hidden 3: gradient 0 throughout"));
        const Chart& bars = chartWithId(dead, "gradient_bars");
        QCOMPARE(bars.note,
                 std::string("of the step's batch; hidden 1, hidden 2, hidden 3: gradient 0"));
        // The CSV keeps one pair of columns per layer, named as users see them.
        const QByteArray csv = chartCsv(lines);
        QVERIFY(csv.startsWith("hidden 1 x,hidden 1 y,hidden 2 x,hidden 2 y,hidden 3 x,hidden 3 y,"
                               "output x,output y\n"));
        // Bars at a layer read by its name, as the axis does, not as the bar's ends.
        const QList<QByteArray> barRows = chartCsv(bars).split('\n');
        QVERIFY2(!barRows.at(0).contains("x low"), barRows.at(0).constData());
        QVERIFY(barRows.at(1).startsWith("hidden 1,"));
        QVERIFY(barRows.at(4).startsWith("output,"));

        const std::vector<Chart> secondDead = gradientCharts(1); // layers 0 and 1 get none
        QCOMPARE(chartWithId(secondDead, "gradients").note,
                 std::string("of each step's batch; hidden 1, hidden 2: gradient 0 throughout"));
        QCOMPARE(chartWithId(secondDead, "gradient_bars").note,
                 std::string("of the step's batch; hidden 1, hidden 2: gradient 0"));
    }

    void barsOnALogAxisRiseFromItsBottom() {
        const std::vector<Chart> charts = gradientCharts(1);
        const Chart& bars = chartWithId(charts, "gradient_bars");
        QChart drawn;
        drawChart(bars, drawn);
        QCOMPARE(drawn.title(), QStringLiteral("Gradient norm per layer at iteration 500<br>"
                                               "<small>of the step's batch; hidden 1, hidden 2: "
                                               "gradient 0</small>"));
        const auto logAxes = drawn.axes(Qt::Vertical);
        QCOMPARE(logAxes.size(), 1);
        const auto* axis = qobject_cast<QLogValueAxis*>(logAxes.front());
        QVERIFY(axis);
        const auto seriesList = drawn.series();
        QCOMPARE(seriesList.size(), 2); // the first snapshot's bars beside the shown one's
        double smallest = std::numeric_limits<double>::infinity();
        for (const QAbstractSeries* series : seriesList) {
            const auto* area = qobject_cast<const QAreaSeries*>(series);
            QVERIFY(area);
            for (const QPointF& p : area->upperSeries()->points()) {
                if (p.y() > axis->min())
                    smallest = std::min(smallest, p.y());
            }
            for (const QPointF& p : area->lowerSeries()->points())
                QCOMPARE(p.y(), axis->min());
            QCOMPARE(area->upperSeries()->count(), 4 * 2); // two layers have a bar, four corners
        }
        const auto* layers = qobject_cast<QValueAxis*>(drawn.axes(Qt::Horizontal).front());
        QCOMPARE(layers->min(), -0.5); // layers 0 and 1 keep their (empty) places
        QCOMPARE(layers->max(), 3.5);
        QVERIFY2(smallest >= 10.0 * axis->min(), "the smallest bar spans a decade at least");
        QVERIFY(axis->max() >= smallest);
    }

    // Counts of dead units run from 0 to the layer's width; the map's units and layers are
    // whole numbers with every marker inside the plot.
    void countAndIndexAxesShowWholeNumbers() {
        const RunRecord& run = m_notebook.experiments[0].runs.at(0);
        const std::vector<Chart> charts =
            panelCharts(Panel::DeadUnits, run, generateDataset(run.settings.dataset));
        QGraphicsScene scene; // laid out at a size, as a panel or an export shows them
        auto* counts = new QChart;
        scene.addItem(counts);
        drawChart(chartWithId(charts, "dead_units"), *counts);
        counts->setGeometry(0, 0, 600, 400);
        settleChartLayout(*counts);
        auto* countAxis = qobject_cast<QCategoryAxis*>(counts->axes(Qt::Vertical).front());
        QVERIFY(countAxis);
        QVERIFY(countAxis->min() < 0.0 && countAxis->min() > -1.0);
        QVERIFY(countAxis->max() > 5.0 && countAxis->max() < 6.0); // 5 units, all dead
        QCOMPARE(countAxis->categoriesLabels(),
                 QStringLiteral("0 1 2 3 4 5").split(QLatin1Char(' '))); // room for every count
        for (const QString& label : countAxis->categoriesLabels())
            QCOMPARE(countAxis->endValue(label), label.toDouble());

        auto* map = new QChart;
        scene.addItem(map);
        drawChart(chartWithId(charts, "dead_unit_map"), *map);
        map->setGeometry(0, 0, 600, 400);
        settleChartLayout(*map);
        auto* units = qobject_cast<QCategoryAxis*>(map->axes(Qt::Horizontal).front());
        auto* layers = qobject_cast<QCategoryAxis*>(map->axes(Qt::Vertical).front());
        QVERIFY(units && layers);
        QCOMPARE(units->min(), -0.5);
        QCOMPARE(units->max(), 4.5);
        QCOMPARE(units->categoriesLabels(), QStringLiteral("0 1 2 3 4").split(QLatin1Char(' ')));
        QCOMPARE(layers->min(), -0.5);
        QCOMPARE(layers->max(), 2.5);
        // Layers read as users name them, at their rows.
        QCOMPARE(layers->categoriesLabels(),
                 QStringLiteral("hidden 1,hidden 2,hidden 3").split(QLatin1Char(',')));
        QCOMPARE(layers->endValue(QStringLiteral("hidden 2")), 1.0);
    }

    // A legend row too long for the chart's width moves beside the plot, and back under it
    // when the chart is wide again.
    void aLongLegendRowMovesBesideThePlot() {
        Chart chart{"many", "Five series", "x", "y", false, {}};
        for (int i = 0; i < 5; ++i)
            chart.series.push_back({"a rather long series name " + std::to_string(i),
                                    SeriesStyle::Line,
                                    {0, 1},
                                    {0, double(i)}});
        QGraphicsScene scene;
        auto* drawn = new QChart;
        scene.addItem(drawn);
        drawChart(chart, *drawn);
        drawn->setGeometry(0, 0, 500, 400);
        settleChartLayout(*drawn);
        QCOMPARE(drawn->legend()->alignment(), Qt::AlignRight);
        drawn->setGeometry(0, 0, 1800, 400);
        settleChartLayout(*drawn);
        QCOMPARE(drawn->legend()->alignment(), Qt::AlignBottom);
    }

    // Time series mark the scrubber's snapshot; other charts do not.
    void timeSeriesMarkTheShownSnapshot() {
        const RunRecord& run = m_notebook.experiments[0].runs.at(0);
        ChartOptions options;
        options.snapshot = 3;
        const double step = double(run.result.snapshots.steps[3]);
        const Dataset data = generateDataset(run.settings.dataset);
        std::size_t marked = 0;
        for (Panel panel : allPanels)
            for (const Chart& chart : panelCharts(panel, run, data, options)) {
                const bool timeSeries = chart.xLabel == "iteration";
                QCOMPARE(std::isfinite(chart.xMarker), timeSeries);
                if (!timeSeries)
                    continue;
                QCOMPARE(chart.xMarker, step);
                QChart drawn;
                drawChart(chart, drawn);
                QVERIFY(!ChartOverlay::on(drawn).empty()); // the line is painted
                ++marked;
            }
        QVERIFY(marked >= 3); // errors, gradients, dead units
    }

    // The singular values chart splits the values at 1e-9 of the largest: as many filled as
    // the Jacobian's rank by LAPACK (arma::rank on the explicit Jacobian), the rest hollow under
    // the tolerance line. The all-dead net's output is its bias alone: rank 1.
    void numericalRankReadsOffTheSingularValues() {
        for (const bool allDead : {true, false}) {
            RunRecord run;
            run.settings = makeTemplate("linearized-features").experiments.at(0).settings;
            run.settings.architecture = {1, {{8, Activation::relu()}, {1, Activation::identity()}}};
            arma::arma_rng::set_seed(3);
            arma::vec parameters(run.settings.architecture.parameterCount(), arma::fill::randn);
            if (allDead) // weights 1, biases -10 on x in [0, 1]: no unit ever on
                for (arma::uword u = 0; u < 8; ++u) {
                    parameters[u] = 1.0;
                    parameters[8 + u] = -10.0;
                }
            run.result.snapshots.count = 1;
            run.result.snapshots.steps = {0};
            run.result.snapshots.parameters = arma::conv_to<arma::fmat>::from(parameters);
            const Dataset data = generateDataset(run.settings.dataset);
            const std::vector<Chart> charts = panelCharts(Panel::PrincipalFeatures, run, data);
            const Chart& values = chartWithId(charts, "singular_values");
            const Network<double> net(
                run.settings.architecture,
                arma::conv_to<arma::vec>::from(run.result.snapshots.parameters.col(0)));
            const arma::uword rank = arma::rank(outputJacobian(net, data.trainX));
            if (allDead)
                QCOMPARE(rank, arma::uword(1));
            const auto named = [&](const std::string& name) -> const Series* {
                for (const Series& series : values.series)
                    if (series.name == name)
                        return &series;
                return nullptr;
            };
            QVERIFY(named("singular values"));
            QCOMPARE(named("singular values")->x.size(), std::size_t(rank));
            QVERIFY2(values.note.starts_with("numerical rank " + std::to_string(rank) + " of "),
                     values.note.c_str());
            const Series* zeros = named("zero to rounding");
            QVERIFY(zeros);
            QCOMPARE(zeros->style, SeriesStyle::Rings);
            const Series* line = named("rank tolerance (1e-9 of the largest)");
            QVERIFY(line);
            const double largest = *std::max_element(named("singular values")->y.begin(),
                                                     named("singular values")->y.end());
            for (double zero : zeros->y)
                QVERIFY(zero <= line->y[0] && line->y[0] == 1e-9 * largest);
        }
    }

    // Every chart of a run laid out small, middling and large: neighbouring tick labels never
    // touch (measured on the plot area with the axis's font), ticks are round numbers inside
    // the axis, and every line of the wrapped title fits the chart's width.
    void drawnTicksNeverTouchAndTitlesWrap() {
        const RunRecord& run = m_notebook.experiments[0].runs.at(0);
        const std::vector<Chart> charts = runCharts(run, generateDataset(run.settings.dataset));
        QVERIFY(charts.size() >= 6);
        for (const QSize size : {QSize(260, 200), QSize(420, 300), QSize(1000, 640)})
            for (Chart chart : charts) {
                chart.title =
                    "A long title that cannot fit a small chart on one line: " + chart.title;
                QGraphicsScene scene;
                auto* drawn = new QChart;
                scene.addItem(drawn);
                drawChart(chart, *drawn);
                drawn->setGeometry(QRectF(QPointF(0, 0), QSizeF(size)));
                settleChartLayout(*drawn);
                const QRectF plot = drawn->plotArea();
                for (QAbstractAxis* axis : drawn->axes()) {
                    auto* ticks = qobject_cast<QCategoryAxis*>(axis);
                    if (!ticks)
                        continue;
                    const bool horizontal = axis->orientation() == Qt::Horizontal;
                    const QFontMetricsF metrics(ticks->labelsFont());
                    double previousEnd = -1e9;
                    // Qt elides each label of a horizontal category axis to the axis's width
                    // over (labels + 1) less its padding: "hidden 3" read "hidde..." in Compare.
                    const double share =
                        plot.width() / double(ticks->categoriesLabels().size() + 1) - 8.0;
                    for (const QString& label : ticks->categoriesLabels()) {
                        if (horizontal && ticks->categoriesLabels().size() > 1)
                            QVERIFY2(metrics.horizontalAdvance(label) <= share,
                                     qPrintable(QStringLiteral("%1 at %2x%3: '%4' is elided")
                                                    .arg(QString::fromStdString(chart.id))
                                                    .arg(size.width())
                                                    .arg(size.height())
                                                    .arg(label)));
                        const double value = ticks->endValue(label);
                        QVERIFY(value >= ticks->min() - 1e-9 && value <= ticks->max() + 1e-9);
                        const double t = (value - ticks->min()) / (ticks->max() - ticks->min());
                        const double centre = horizontal ? plot.left() + t * plot.width()
                                                         : plot.bottom() - t * plot.height();
                        const double half = horizontal ? metrics.horizontalAdvance(label) / 2
                                                       : metrics.height() / 2;
                        const double start = horizontal ? centre - half : -centre - half;
                        QVERIFY2(start > previousEnd,
                                 qPrintable(QStringLiteral("%1 at %2x%3: '%4' touches")
                                                .arg(QString::fromStdString(chart.id))
                                                .arg(size.width())
                                                .arg(size.height())
                                                .arg(label)));
                        previousEnd = start + 2 * half;
                    }
                }
                const QFontMetricsF titleMetrics(drawn->titleFont());
                const QStringList lines = drawn->title().split(QStringLiteral("<br>"));
                if (titleMetrics.horizontalAdvance(QString::fromStdString(chart.title)) >
                    size.width() - 40)
                    QVERIFY2(lines.size() >= 2, qPrintable(drawn->title())); // it wrapped
                QFont smallFont = drawn->titleFont();                        // HTML's <small>
                smallFont.setPointSizeF(smallFont.pointSizeF() * 0.83);
                bool small = false;
                for (const QString& line : lines) {
                    small = small || line.contains(QStringLiteral("<small>"));
                    const QFontMetricsF metrics = small ? QFontMetricsF(smallFont) : titleMetrics;
                    QVERIFY2(metrics.horizontalAdvance(
                                 QTextDocumentFragment::fromHtml(line).toPlainText()) <=
                                 size.width(),
                             qPrintable(line));
                    small = small && !line.contains(QStringLiteral("</small>"));
                }
            }
    }

    // A log axis over less than a decade would label one power of ten or none: such a chart is
    // drawn on a linear axis, unless a value of 0 or below is off the log axis (the note says so).
    // A map's overlay tells the scene before its bounds change (the chart says a plot area
    // changed after it has): a stale entry in the scene's index outlived the overlay a redraw
    // deleted, and a view painting the next chart crashed (the dead-relu notebook's window at
    // 1920 x 1080). Resized and redrawn in a painting view, the overlays' bounds stay the plot
    // area and nothing touches a deleted item (the sanitized build would say).
    void overlaysKeepTheSceneIndexTrue() {
        const RunRecord& run = m_notebook.experiments[1].runs.at(0);
        const std::vector<Chart> charts =
            panelCharts(Panel::Gradients, run, generateDataset(run.settings.dataset));
        const Chart& map = chartWithId(charts, "gradient_map");
        QGraphicsScene scene;
        QGraphicsView view(&scene);
        view.resize(900, 700);
        view.show();
        auto* drawn = new QChart;
        scene.addItem(drawn);
        for (const QSizeF size : {QSizeF(800, 600), QSizeF(300, 200), QSizeF(640, 480),
                                  QSizeF(200, 700), QSizeF(900, 300)}) {
            drawChart(map, *drawn);
            for (int step = 1; step <= 4; ++step) {
                drawn->setGeometry(QRectF(QPointF(step * 7, step * 5), size * (0.7 + 0.1 * step)));
                QCoreApplication::processEvents();
                (void)view.grab();
            }
            settleChartLayout(*drawn);
            QCoreApplication::processEvents();
            const std::vector<ChartOverlay*> overlays = ChartOverlay::on(*drawn);
            QVERIFY(!overlays.empty());
            for (const ChartOverlay* overlay : overlays)
                QCOMPARE(overlay->boundingRect(), drawn->plotArea());
            QVERIFY(!view.grab().isNull());
        }
    }

    void logAxesOnlyWhereTheDataSpanDecades() {
        auto yAxisOf = [](std::vector<double> y) {
            Chart chart{"loss", "Loss", "iteration", "loss", true, {}};
            chart.series.push_back({"train", SeriesStyle::Line, {0, 1, 2}, std::move(y)});
            auto* drawn = new QChart;
            QGraphicsScene scene;
            scene.addItem(drawn);
            drawChart(chart, *drawn);
            return QString::fromLatin1(
                drawn->axes(Qt::Vertical).front()->metaObject()->className());
        };
        QCOMPARE(yAxisOf({1.6, 1.55, 1.53}), QStringLiteral("QCategoryAxis"));
        QCOMPARE(yAxisOf({1.0, 0.1, 0.09}), QStringLiteral("QLogValueAxis"));
        QCOMPARE(yAxisOf({1.6, 1.55, 0.0}), QStringLiteral("QLogValueAxis"));
    }

    // The curve the others add up to (the ridge fit over its units) is drawn in ink, never in
    // the colour of one of them.
    void inkStandsApartFromThePalette() {
        Chart chart{"sum", "Sum of parts", "x", "y", false, {}};
        for (int part = 0; part < 12; ++part)
            chart.series.push_back(
                {"part " + std::to_string(part), SeriesStyle::Dotted, {0, 1}, {0, double(part)}});
        chart.series.push_back({"sum", SeriesStyle::Line, {0, 1}, {0, 66}, true, true, inkColour});
        QChart drawn;
        drawChart(chart, drawn);
        const auto series = drawn.series();
        QCOMPARE(series.size(), 13);
        const QColor ink = qobject_cast<QLineSeries*>(series.back())->pen().color();
        QCOMPARE(ink, QColor(Qt::black));
        for (int part = 0; part < 12; ++part)
            QVERIFY(qobject_cast<QLineSeries*>(series[part])->pen().color() != ink);
        QCOMPARE(qobject_cast<QLineSeries*>(series[0])->pen().color(),
                 qobject_cast<QLineSeries*>(series[10])->pen().color()); // the palette repeats
    }

    // An overlay of a few runs names each; of a sweep's many, it draws them faint and unnamed
    // with the selected one on top in ink, and the CSV still names every run.
    void errorsOverlayOfManyRuns() {
        std::vector<RunRecord> records(8);
        for (std::size_t r = 0; r < records.size(); ++r) {
            records[r].label = "seed " + std::to_string(r + 1);
            SnapshotSeries& s = records[r].result.snapshots;
            s.steps = {1, 100};
            s.trainError = {1.0, 0.5 / double(r + 1)};
            s.testError = {1.1, 0.6 / double(r + 1)};
            if (r > 0) // the first as an older notebook's run: the batch loss alone
                s.trainSetError = {0.9, 0.4 / double(r + 1)};
            s.count = 2;
        }
        std::vector<const RunRecord*> few{&records[0], &records[1], &records[2]};
        const Chart small = errorsOverlay(few, "few", 1);
        QCOMPARE(small.series.size(), std::size_t{6});
        // Each run's test error is its legend entry (a swatch of its colour), its train error
        // (dashed) after it, out of the legend: one entry per run, toggling both.
        QCOMPARE(small.series[0].name, std::string("seed 1 test"));
        QCOMPARE(small.series[1].name, std::string("seed 1 train (batch)"));
        QCOMPARE(small.series[1].y, records[0].result.snapshots.trainError);
        QCOMPARE(small.series[3].name, std::string("seed 2 train"));
        QCOMPARE(small.series[3].y, records[1].result.snapshots.trainSetError);
        QVERIFY(small.note.empty());
        for (std::size_t i = 0; i < small.series.size(); ++i) {
            const Series& series = small.series[i];
            QCOMPARE(series.inLegend, i % 2 == 0);
            QCOMPARE(series.colour, int(i / 2)); // the run's
            QVERIFY(!series.faint);
            QCOMPARE(legendGroup(small, i - i % 2),
                     (std::vector<std::size_t>{i - i % 2, i - i % 2 + 1}));
        }

        std::vector<const RunRecord*> all;
        for (const RunRecord& record : records)
            all.push_back(&record);
        const Chart sweep = errorsOverlay(all, "many", 5);
        QCOMPARE(sweep.series.size(), std::size_t{16});
        QCOMPARE(sweep.note, std::string("8 runs, the selected one in black (the CSV names each)"));
        for (std::size_t i = 0; i < 14; ++i)
            QVERIFY(!sweep.series[i].inLegend && sweep.series[i].faint);
        QCOMPARE(sweep.series[14].name, std::string("seed 6 test"));
        QCOMPARE(sweep.series[15].name, std::string("seed 6 train"));
        QVERIFY(sweep.series[14].inLegend && sweep.series[14].colour == inkColour);
        const QByteArray header = chartCsv(sweep).split('\n').front();
        QCOMPARE(header.count(','), qsizetype(2 * 16 - 1));
        QVERIFY(header.contains("seed 1 train (batch) x") && header.contains("seed 2 train x") &&
                header.contains("seed 8 test y"));
        QCOMPARE(errorsOverlay(all, "many", -1).note,
                 std::string("8 runs, too many to name here (the CSV names each)"));

        // One run's chart shows both train errors, labelled, and the test error.
        auto errors = [](RunRecord run) { // as a 1-1 identity net, at zero
            run.settings.architecture = {1, {{1, Activation::identity()}}};
            run.result.snapshots.parameters.zeros(2, 2);
            return panelCharts(Panel::Errors, run, Dataset{}).at(0);
        };
        const Chart one = errors(records[1]);
        QCOMPARE(one.series.size(), std::size_t{3});
        // One run: a colour for each error, so the legend's swatches tell them apart.
        QCOMPARE(one.series[0].name, std::string("train (batch)"));
        QVERIFY(one.series[0].colour != one.series[1].colour &&
                one.series[1].colour != one.series[2].colour &&
                one.series[0].colour != one.series[2].colour);
        QCOMPARE(one.series[1].name, std::string("train (whole set)"));
        QCOMPARE(one.series[1].y, records[1].result.snapshots.trainSetError);
        QCOMPARE(one.series[2].name, std::string("test"));
        QCOMPARE(errors(records[0]).series.size(), std::size_t{2});
    }
};

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    TestCharts test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_charts.moc"
