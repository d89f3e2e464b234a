// A chart on screen as a user touches it (ui/chartview): hovering reads the nearest point or a
// heatmap's cell, a dragged rectangle and Ctrl+wheel zoom, Esc resets, a legend click hides and
// shows a series, the zoom survives a redraw of the same chart, and export writes the chart as
// computed unless asked for it as shown. Positions come from Qt Charts' own mapping.
#include "plots/chartfiles.h"
#include "ui/chartview.h"

#include <QAbstractSeries>
#include <QApplication>
#include <QCategoryAxis>
#include <QLegend>
#include <QLegendMarker>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QTest>
#include <QValueAxis>
#include <QWheelEvent>

using namespace relulab;

namespace {

Chart twoSeries() {
    Chart chart{"pair", "Two series", "x", "y", false, {}};
    chart.series.push_back({"rising", SeriesStyle::Points, {0, 1, 2, 3, 4}, {0, 1, 4, 9, 16}});
    chart.series.push_back({"falling", SeriesStyle::Line, {0, 4}, {16, 0}});
    return chart;
}

// Where the value (x, y) of series `series` is drawn, in the view's viewport pixels.
QPoint pixelOf(ChartView& view, QPointF value, int series = 0) {
    QChart* chart = view.chart();
    const QPointF inChart = chart->mapToPosition(value, chart->series().at(series));
    return view.mapFromScene(chart->mapToScene(inChart));
}

QPointF valueAt(ChartView& view, QPoint pixel) {
    QChart* chart = view.chart();
    return chart->mapToValue(chart->mapFromScene(view.mapToScene(pixel)), chart->series().at(0));
}

QValueAxis* axis(ChartView& view, Qt::Orientation orientation) {
    return qobject_cast<QValueAxis*>(view.chart()->axes(orientation).front());
}

std::pair<double, double> xRange(ChartView& view) {
    const auto* axis = qobject_cast<QValueAxis*>(view.chart()->axes(Qt::Horizontal).front());
    return {axis->min(), axis->max()};
}

void showAt(ChartView& view, const Chart& chart) {
    view.setChartData(chart);
    view.resize(700, 480);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTRY_VERIFY(view.chart()->plotArea().width() > 300);
}

} // namespace

class TestChartInteraction : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void hoverReadsTheNearestPoint() {
        ChartView view;
        showAt(view, twoSeries());
        QTest::mouseMove(view.viewport(), pixelOf(view, {3, 9}) + QPoint(4, -3));
        QCOMPARE(view.readout(), QStringLiteral("rising\nx = 3\ny = 9"));
        QTest::mouseMove(view.viewport(), pixelOf(view, {4, 0}, 1) + QPoint(-2, 2));
        QCOMPARE(view.readout(), QStringLiteral("falling\nx = 4\ny = 0"));
        // Far from every point: nothing.
        QTest::mouseMove(view.viewport(), pixelOf(view, {1, 12}));
        QCOMPARE(view.readout(), QString());
    }

    void hoverReadsAHeatmapCell() {
        Chart field{"field", "A field", "x1", "x2", false, {}};
        field.grid = {2, 2, 0.0, 2.0, 0.0, 2.0};
        field.heatmaps.push_back({"P(class 1)", {}, {0.1, 0.2, 0.3, 0.4}}); // bottom row first
        ChartView view;
        showAt(view, field);
        QChart* chart = view.chart();
        const auto* x = qobject_cast<QValueAxis*>(chart->axes(Qt::Horizontal).front());
        const auto* y = qobject_cast<QValueAxis*>(chart->axes(Qt::Vertical).front());
        const QRectF plot = chart->plotArea();
        const auto at = [&](double vx, double vy) { // the axes' own linear map
            const QPointF p(plot.left() + (vx - x->min()) / (x->max() - x->min()) * plot.width(),
                            plot.bottom() -
                                (vy - y->min()) / (y->max() - y->min()) * plot.height());
            return view.mapFromScene(chart->mapToScene(p));
        };
        QTest::mouseMove(view.viewport(), at(1.5, 0.5));
        QVERIFY2(view.readout().startsWith(QStringLiteral("P(class 1) = 0.2\n")),
                 qPrintable(view.readout()));
        QTest::mouseMove(view.viewport(), at(0.5, 1.5));
        QVERIFY(view.readout().startsWith(QStringLiteral("P(class 1) = 0.3\n")));
    }

    void rubberBandZoomsAndEscResets() {
        ChartView view;
        showAt(view, twoSeries());
        const auto drawn = xRange(view);
        const QPoint from = pixelOf(view, {0.5, 12}), to = pixelOf(view, {2.5, 2});
        const double wantLow = valueAt(view, from).x(), wantHigh = valueAt(view, to).x();
        QTest::mousePress(view.viewport(), Qt::LeftButton, {}, from);
        QTest::mouseMove(view.viewport(), from + (to - from) / 2);
        QTest::mouseMove(view.viewport(), to);
        QTest::mouseRelease(view.viewport(), Qt::LeftButton, {}, to);
        QVERIFY(view.zoom());
        const auto zoomed = xRange(view);
        QVERIFY2(std::abs(zoomed.first - wantLow) < 0.02 &&
                     std::abs(zoomed.second - wantHigh) < 0.02,
                 qPrintable(QStringLiteral("%1..%2").arg(zoomed.first).arg(zoomed.second)));
        // A redraw of the same chart (a live run, the scrubber) keeps the zoom.
        view.setChartData(twoSeries());
        QCOMPARE(xRange(view), zoomed);
        // The export as computed is the whole chart; as shown, the points inside the zoom.
        QCOMPARE(chartCsv(view.chartData()), chartCsv(twoSeries()));
        const Chart shown = view.shownData();
        QCOMPARE(shown.xLow, zoomed.first);
        for (double value : shown.series[0].x)
            QVERIFY(value >= zoomed.first && value <= zoomed.second);
        QCOMPARE(shown.series[0].x, (std::vector<double>{2.0})); // (1, 1) is under the box
        QTest::keyClick(&view, Qt::Key_Escape);
        QVERIFY(!view.zoom());
        QCOMPARE(xRange(view), drawn);
    }

    void ctrlWheelZoomsAroundThePointer() {
        ChartView view;
        showAt(view, twoSeries());
        const auto drawn = xRange(view);
        const QPoint at = pixelOf(view, {2, 4});
        const auto wheel = [&](Qt::KeyboardModifiers modifiers) {
            QWheelEvent event(at, view.viewport()->mapToGlobal(at), {}, {0, 240}, Qt::NoButton,
                              modifiers, Qt::NoScrollPhase, false);
            QApplication::sendEvent(view.viewport(), &event);
            return event.isAccepted();
        };
        QVERIFY(!wheel(Qt::NoModifier)); // the page around it scrolls instead
        QCOMPARE(xRange(view), drawn);
        QVERIFY(wheel(Qt::ControlModifier));
        const auto zoomed = xRange(view);
        QVERIFY(zoomed.second - zoomed.first < 0.8 * (drawn.second - drawn.first));
        QVERIFY(std::abs(valueAt(view, at).x() - 2.0) < 0.05); // the point stays under it
        view.resetZoom();
        QCOMPARE(xRange(view), drawn);
        view.setWheelZooms(true); // a chart in a window of its own
        QVERIFY(wheel(Qt::NoModifier));
    }

    void legendClickHidesAndShowsASeries() {
        ChartView view;
        showAt(view, twoSeries());
        const auto markerOf = [&](int series) {
            return view.chart()->legend()->markers(view.chart()->series().at(series)).front();
        };
        Q_EMIT markerOf(1)->clicked(); // what Qt Charts sends for a click on the entry
        QVERIFY(view.isSeriesHidden(1));
        QVERIFY(!view.chart()->series().at(1)->isVisible());
        QTRY_VERIFY(markerOf(1)->isVisible()); // its entry stays, to bring it back
        QTest::mouseMove(view.viewport(), pixelOf(view, {4, 0}, 1));
        QVERIFY(!view.readout().startsWith(QStringLiteral("falling")));
        QVERIFY(!chartCsv(view.shownData()).contains("falling"));
        QVERIFY(chartCsv(view.chartData()).contains("falling"));
        Q_EMIT markerOf(1)->clicked();
        QVERIFY(!view.isSeriesHidden(1));
        QVERIFY(view.chart()->series().at(1)->isVisible());
    }

    // Another chart drawn at the same size (the scrubber, a live run): Qt sends no
    // plotAreaChanged, and the new axes must have their ticks all the same; a line of one point
    // (a run of 0 steps) still shows, as a dot.
    void aRedrawAtTheSameSizeKeepsItsTicks() {
        ChartView view;
        showAt(view, twoSeries());
        Chart other = twoSeries();
        other.id = "other";
        other.series[1].x = {2};
        other.series[1].y = {30};
        view.setChartData(other);
        for (Qt::Orientation orientation : {Qt::Horizontal, Qt::Vertical}) {
            auto* axis = qobject_cast<QCategoryAxis*>(view.chart()->axes(orientation).front());
            QVERIFY(axis);
            QVERIFY(axis->categoriesLabels().size() >= 3);
        }
        QVERIFY(axis(view, Qt::Vertical)->max() >= 30.0);
        auto* dot = qobject_cast<QScatterSeries*>(view.chart()->series().at(1));
        QVERIFY(dot);
        QCOMPARE(dot->count(), 1);
    }

    // A chart with handles (a net built by hand): a left drag from a handle reports where it
    // goes, along x for an elbow (within its bounds), and neither zooms nor lets the axes follow
    // a redraw until it ends; a drag away from every handle still zooms.
    void aHandleIsDraggedWhileTheAxesHoldStill() {
        Chart chart = twoSeries();
        chart.handles = {{DragHandle::Kind::Elbow, 3, 2.0, 4.0, 0.5, 3.5},
                         {DragHandle::Kind::Piece, 1, 1.0, 1.0, -INFINITY, INFINITY}};
        ChartView view;
        showAt(view, chart);
        QVERIFY(!view.handleAt(pixelOf(view, {3, 9})));
        QCOMPARE(view.handleAt(pixelOf(view, {2, 4}) + QPoint(3, -2)), chart.handles[0]);
        QSignalSpy dragged(&view, &ChartView::handleDragged);
        const auto drawn = xRange(view);
        QPoint from = pixelOf(view, {2, 4});
        QTest::mousePress(view.viewport(), Qt::LeftButton, {}, from);
        QVERIFY(view.isDragging());
        QTest::mouseMove(view.viewport(), pixelOf(view, {2.5, 10}));
        QCOMPARE(dragged.count(), 1);
        QCOMPARE(dragged.at(0).at(0).value<DragHandle>(), chart.handles[0]);
        QVERIFY(std::abs(dragged.at(0).at(1).toDouble() - 2.5) < 0.02);
        Chart wider = chart; // the edited net, drawn while the drag goes on
        wider.series[1].x = {-5, 9};
        view.setChartData(wider);
        QCOMPARE(xRange(view), drawn);
        QTest::mouseMove(view.viewport(), pixelOf(view, {3.9, 4}));
        QCOMPARE(dragged.at(1).at(1).toDouble(), 3.5); // its bound
        const int drag = dragged.at(0).at(2).toInt();
        QCOMPARE(dragged.at(1).at(2).toInt(), drag);
        QTest::mouseRelease(view.viewport(), Qt::LeftButton, {}, pixelOf(view, {3.9, 4}));
        QVERIFY(!view.isDragging());
        QVERIFY(!view.zoom());
        QVERIFY(xRange(view).first <= -5.0); // the axes fit the new data again
        // The piece's handle moves up and down, in a drag numbered apart.
        from = pixelOf(view, {1, 1});
        QTest::mousePress(view.viewport(), Qt::LeftButton, {}, from);
        QTest::mouseMove(view.viewport(), pixelOf(view, {1.4, 6}));
        QTest::mouseRelease(view.viewport(), Qt::LeftButton, {}, pixelOf(view, {1.4, 6}));
        QCOMPARE(dragged.count(), 3);
        QCOMPARE(dragged.at(2).at(0).value<DragHandle>().kind, DragHandle::Kind::Piece);
        QVERIFY(std::abs(dragged.at(2).at(1).toDouble() - 6.0) < 0.1);
        QVERIFY(dragged.at(2).at(2).toInt() != drag);
        // Away from the handles a drag zooms, as on any chart.
        QTest::mousePress(view.viewport(), Qt::LeftButton, {}, pixelOf(view, {3, 12}));
        QTest::mouseMove(view.viewport(), pixelOf(view, {4, 2}));
        QTest::mouseRelease(view.viewport(), Qt::LeftButton, {}, pixelOf(view, {4, 2}));
        QCOMPARE(dragged.count(), 3);
        QVERIFY(view.zoom());
    }

    void doubleClickAsksForTheChartAlone() {
        ChartView view;
        showAt(view, twoSeries());
        QSignalSpy opened(&view, &ChartView::openRequested);
        QTest::mouseDClick(view.viewport(), Qt::LeftButton, {}, pixelOf(view, {2, 4}));
        QCOMPARE(opened.count(), 1);
    }
};

QTEST_MAIN(TestChartInteraction)
#include "tst_chartinteraction.moc"
