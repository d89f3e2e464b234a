#include "plots/chartdrawing.h"

#include "plots/axisticks.h"
#include "plots/chartoverlay.h"
#include "plots/chartpalette.h"
#include "plots/fittedtext.h"

#include <QAreaSeries>
#include <QBuffer>
#include <QCategoryAxis>
#include <QChart>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPainter>
#include <QScatterSeries>
#include <QSvgGenerator>
#include <QValueAxis>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace relulab {

namespace {

struct Range {
    double low = std::numeric_limits<double>::infinity();
    double high = -std::numeric_limits<double>::infinity();
    void add(double v) {
        low = std::min(low, v);
        high = std::max(high, v);
    }
    bool empty() const { return !(low <= high); }
};

bool plottable(double value, bool log) {
    return std::isfinite(value) && (!log || value > 0.0);
}

QList<QPointF> points(const Series& s, bool logY) {
    QList<QPointF> out;
    out.reserve(qsizetype(s.x.size()));
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i)
        if (std::isfinite(s.x[i]) && plottable(s.y[i], logY))
            out.append(QPointF(s.x[i], s.y[i]));
    return out;
}

// Bars as an area under a step outline, so that they share the value axes with lines.
QAreaSeries* bars(const Series& s, bool logY, double base) {
    auto* upper = new QLineSeries;
    auto* lower = new QLineSeries;
    const double half = (s.barWidth > 0.0 ? s.barWidth : 0.7) / 2.0;
    for (const QPointF& p : points(s, logY)) {
        const double left = p.x() + s.barOffset - half, right = p.x() + s.barOffset + half;
        upper->append({{left, base}, {left, p.y()}, {right, p.y()}, {right, base}});
        lower->append({{left, base}, {right, base}});
    }
    auto* area = new QAreaSeries(upper, lower);
    // An area series draws its outlines but does not own them (ASan's leak check found them).
    upper->setParent(area);
    lower->setParent(area);
    return area;
}

// The area between y and yUpper, pale, its edges faint.
QAreaSeries* band(const Series& s, QColor colour, bool logY) {
    auto* upper = new QLineSeries;
    auto* lower = new QLineSeries;
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size() && i < s.yUpper.size(); ++i)
        if (std::isfinite(s.x[i]) && plottable(s.y[i], logY) && plottable(s.yUpper[i], logY)) {
            lower->append(s.x[i], s.y[i]);
            upper->append(s.x[i], s.yUpper[i]);
        }
    auto* area = new QAreaSeries(upper, lower);
    upper->setParent(area);
    lower->setParent(area);
    QColor fill = colour;
    fill.setAlphaF(float(s.faint ? 0.18 : 0.3));
    area->setColor(fill);
    area->setBorderColor(fill);
    return area;
}

QAbstractSeries* makeSeries(const Series& s, QColor colour, bool logY, double barBase) {
    switch (s.style) {
    case SeriesStyle::Band:
        return band(s, colour, logY);
    case SeriesStyle::Rings: {
        auto* rings = new QScatterSeries;
        rings->setMarkerShape(QScatterSeries::MarkerShapeCircle);
        rings->setMarkerSize(s.markerSize > 0 ? s.markerSize : 12.0);
        rings->setColor(Qt::transparent);
        rings->setBorderColor(Qt::black);
        rings->setPen(QPen(Qt::black, 1.2));
        rings->replace(points(s, logY));
        return rings;
    }
    case SeriesStyle::Segments: { // drawn by the overlay; this empty line is its legend entry
        auto* legendEntry = new QLineSeries;
        legendEntry->setPen(QPen(colour, 1.6));
        return legendEntry;
    }
    case SeriesStyle::Points:
    case SeriesStyle::Markers: {
        auto* scatter = new QScatterSeries;
        const bool markers = s.style == SeriesStyle::Markers;
        scatter->setMarkerShape(markers ? QScatterSeries::MarkerShapeRectangle
                                        : QScatterSeries::MarkerShapeCircle);
        scatter->setMarkerSize(s.markerSize > 0 ? s.markerSize : markers ? 10.0 : 6.0);
        scatter->setColor(colour);
        scatter->setBorderColor(markers ? Qt::black : colour);
        if (s.onLogFloor && logY) {
            QList<QPointF> floor;
            for (const double x : s.x)
                if (std::isfinite(x))
                    floor.append(QPointF(x, barBase));
            scatter->replace(floor);
        } else {
            scatter->replace(points(s, logY));
        }
        return scatter;
    }
    case SeriesStyle::Bars: {
        QAreaSeries* area = bars(s, logY, barBase);
        area->setColor(colour);
        area->setBorderColor(colour.darker());
        return area;
    }
    case SeriesStyle::Line:
    case SeriesStyle::Dashed:
    case SeriesStyle::Dotted:
        break;
    }
    const QList<QPointF> drawn = points(s, logY);
    if (drawn.size() == 1) { // a line of one point (a run of 0 steps) draws nothing
        auto* dot = new QScatterSeries;
        dot->setMarkerShape(QScatterSeries::MarkerShapeCircle);
        dot->setMarkerSize(8.0);
        dot->setColor(colour);
        dot->setBorderColor(colour);
        dot->replace(drawn);
        return dot;
    }
    auto* line = new QLineSeries;
    QPen pen(colour, s.faint ? 1.0 : s.style == SeriesStyle::Line ? 2.0 : 1.5);
    pen.setStyle(s.style == SeriesStyle::Dashed   ? Qt::DashLine
                 : s.style == SeriesStyle::Dotted ? Qt::DotLine
                                                  : Qt::SolidLine);
    line->setPen(pen);
    line->replace(drawn);
    return line;
}

// Round limits at a round step around the data, with a little air for the y axis; a flat
// range gets some height. (The ticks inside are FittedText's, fitted to the axis's length.)
void setContinuousRange(QValueAxis& axis, Range r, bool air) {
    if (r.high - r.low < 1e-12 * std::max(1.0, std::abs(r.high))) {
        r.low -= 0.5;
        r.high += 0.5;
    }
    if (air) {
        const double pad = 0.04 * (r.high - r.low);
        r.low -= pad;
        r.high += pad;
    }
    const double step = roundStep((r.high - r.low) / 10.0); // a tenth: little empty room
    axis.setRange(std::floor(r.low / step + 1e-9) * step, std::ceil(r.high / step - 1e-9) * step);
}

// Counts and indices; the limits need not be ticks.
void setWholeNumberRange(QValueAxis& axis, Range r, AxisScale scale) {
    const double air = scale == AxisScale::Index ? 0.5 : 0.04 * std::max(r.high - r.low, 1.0);
    axis.setRange(r.low - air, r.high + air);
}

void setValueRange(QValueAxis& axis, Range r, AxisScale scale, bool air) {
    if (r.empty())
        r = {0.0, 1.0};
    if (scale == AxisScale::Continuous)
        setContinuousRange(axis, r, air);
    else
        setWholeNumberRange(axis, r, scale);
}

// The colours of the line under the title: one heatmap's from its low to its high value, or
// the units' scale.
std::vector<QColor> scaleColours(const Chart& chart) {
    constexpr int blocks = 12;
    std::vector<QColor> colours;
    const bool field = chart.heatmaps.size() == 1 && chart.heatmaps.front().classes.empty();
    for (int b = 0; b < blocks; ++b) {
        const double t = double(b) / (blocks - 1);
        if (!field) {
            colours.push_back(scaleColour(t));
            continue;
        }
        Heatmap h = chart.heatmaps.front();
        h.values = {h.low + t * (h.high - h.low)};
        h.zeroApart = false;
        colours.push_back(heatmapColour(h, 0));
    }
    return colours;
}

// Whether a chart asked for a log y axis needs one: a log axis over less than a decade labels one
// power of ten or none and squeezes the data into a sliver (a classifier's loss from 1.6 to
// 1.5). It keeps one where a value is 0 or below: the chart's note says those are off it.
bool needsLogAxis(const Chart& chart) {
    double low = std::numeric_limits<double>::infinity(), high = 0.0;
    auto add = [&](double y) {
        if (!std::isfinite(y))
            return true;
        if (y <= 0.0)
            return false;
        low = std::min(low, y);
        high = std::max(high, y);
        return true;
    };
    for (const Series& s : chart.series) {
        if (!s.setsRange)
            continue;
        for (double y : s.y)
            if (!add(y))
                return true;
        for (double y : s.yUpper)
            if (!add(y))
                return true;
    }
    for (double y : chart.yCovers)
        if (!add(y))
            return true;
    return !(low <= high) || high >= 10.0 * low;
}

} // namespace

void drawChart(const Chart& chart, QChart& into) {
    const bool logY = chart.logY && (chart.logEvenIfNarrow || needsLogAxis(chart));
    delete FittedText::of(into); // first: it refits on the old axes' removal
    for (ChartOverlay* overlay : ChartOverlay::on(into))
        delete overlay;
    into.removeAllSeries(); // deletes them
    for (QAbstractAxis* axis : into.axes()) {
        into.removeAxis(axis); // gives up its ownership: each redraw leaked the old axes
        delete axis;
    }
    auto* text =
        new FittedText(into, QString::fromStdString(chart.title),
                       QString::fromStdString(chart.note), QString::fromStdString(chart.scaleLow),
                       QString::fromStdString(chart.scaleHigh), scaleColours(chart));

    Range xRange, yRange;
    for (const Series& s : chart.series) {
        if (!s.setsRange)
            continue;
        // A value a log axis cannot show keeps its place on x (a layer with no gradient stays
        // an empty slot beside the others).
        for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i)
            if (std::isfinite(s.x[i])) {
                xRange.add(s.x[i]);
                if (plottable(s.y[i], logY))
                    yRange.add(s.y[i]);
                if (i < s.yUpper.size() && plottable(s.yUpper[i], logY))
                    yRange.add(s.yUpper[i]);
            }
    }
    for (double y : chart.yCovers)
        if (plottable(y, logY))
            yRange.add(y);
    bool hasBars = false;
    for (const Series& s : chart.series)
        if (s.style == SeriesStyle::Bars && !s.x.empty()) {
            hasBars = true;
            if (chart.xScale != AxisScale::Index) { // an index axis has the room already
                const double half = s.barWidth > 0.0 ? s.barWidth / 2.0 : 0.5;
                xRange.add(*std::ranges::min_element(s.x) + s.barOffset - half);
                xRange.add(*std::ranges::max_element(s.x) + s.barOffset + half);
            }
        }
    // Bars rise from the bottom of the y axis: 0 on a linear one, and on a log one a decade
    // below the smallest bar, so that the smallest still shows.
    if (hasBars && !yRange.empty())
        yRange.add(logY ? yRange.low / 10.0 : 0.0);
    double barBase = 0.0;
    const bool field = chart.heatmaps.size() == 1 && chart.grid.cells() > 0 && !logY;
    const bool boxed = field && chart.xScale == AxisScale::Continuous;
    if (field) { // an index axis covers the first and last cells
        xRange.add(chart.grid.x(0));
        xRange.add(chart.grid.x(chart.grid.columns - 1));
        yRange.add(chart.grid.y(0));
        yRange.add(chart.grid.y(chart.grid.rows - 1));
    }

    auto* xAxis = new QCategoryAxis;
    xAxis->setTitleText(QString::fromStdString(chart.xLabel));
    if (std::isfinite(chart.xLow) && std::isfinite(chart.xHigh))
        xAxis->setRange(chart.xLow, chart.xHigh);
    else if (boxed)
        xAxis->setRange(chart.grid.xLow, chart.grid.xHigh);
    else
        setValueRange(*xAxis, xRange, chart.xScale, false);
    into.addAxis(xAxis, Qt::AlignBottom);
    text->addAxis(xAxis, Qt::Horizontal, chart.xScale != AxisScale::Continuous, chart.xNames);
    QAbstractAxis* yAxis = nullptr;
    if (logY) {
        auto* log = new QLogValueAxis;
        log->setBase(10.0);
        log->setLabelFormat(QStringLiteral("%.0e"));
        if (std::isfinite(chart.yLow) && std::isfinite(chart.yHigh) && chart.yLow > 0.0) {
            log->setRange(chart.yLow, chart.yHigh);
            barBase = chart.yLow;
        } else if (!yRange.empty()) {
            // A little air (a point on a decade's line would sit on the frame).
            const double low = std::pow(10.0, std::floor(std::log10(yRange.low / 1.3)));
            double high = std::pow(10.0, std::ceil(std::log10(yRange.high * 1.3)));
            if (high <= low)
                high = low * 10.0;
            log->setRange(low, high);
            log->setMinorTickCount(-1);
            barBase = low;
        }
        yAxis = log;
        text->addLogAxis(log);
    } else {
        auto* linear = new QCategoryAxis;
        if (std::isfinite(chart.yLow) && std::isfinite(chart.yHigh))
            linear->setRange(chart.yLow, chart.yHigh);
        else if (boxed && chart.yScale == AxisScale::Continuous)
            linear->setRange(chart.grid.yLow, chart.grid.yHigh);
        else
            setValueRange(*linear, yRange, chart.yScale, true);
        yAxis = linear;
        text->addAxis(linear, Qt::Vertical, chart.yScale != AxisScale::Continuous, chart.yNames);
    }
    yAxis->setTitleText(QString::fromStdString(chart.yLabel));
    yAxis->setReverse(chart.yReversed);
    into.addAxis(yAxis, Qt::AlignLeft);

    int next = 0;
    for (const Series& s : chart.series) {
        QColor colour = seriesColour(s, next);
        if (s.faint)
            colour.setAlphaF(0.45);
        QAbstractSeries* series = makeSeries(s, colour, logY, barBase);
        series->setName(QString::fromStdString(s.name));
        into.addSeries(series);
        series->attachAxis(xAxis);
        series->attachAxis(yAxis);
        if (!s.inLegend)
            for (QLegendMarker* marker : into.legend()->markers(series))
                marker->setVisible(false);
    }
    auto* xValues = static_cast<QValueAxis*>(xAxis);
    auto* yValues = logY ? nullptr : static_cast<QValueAxis*>(yAxis);
    if (yValues && !chart.heatmaps.empty())
        new ChartOverlay(into, chart, ChartOverlay::Layer::Fields, xValues, yValues);
    if (yValues && std::ranges::any_of(chart.series, [](const Series& s) {
            return s.style == SeriesStyle::Segments;
        }))
        new ChartOverlay(into, chart, ChartOverlay::Layer::Lines, xValues, yValues);
    if (std::isfinite(chart.xMarker)) // the y axis may be a log one: the line needs only x
        new ChartOverlay(into, chart, ChartOverlay::Layer::Marker, xValues, nullptr);
    // Lines through the numbers, or through the middle of a matrix's cells.
    if (std::ranges::any_of(chart.heatmaps, [](const Heatmap& h) { return h.showValues; }) ||
        (field && chart.xScale == AxisScale::Index)) {
        xAxis->setGridLineVisible(false);
        yAxis->setGridLineVisible(false);
    }
    if (chart.tiled()) { // small multiples: the tiles are the plot
        xAxis->setVisible(false);
        yAxis->setVisible(false);
    }
    into.legend()->setVisible(
        std::ranges::any_of(chart.series, [](const Series& s) { return s.inLegend; }));
    // A row of many entries under a small chart elides them to "featur..." or to nothing: a
    // smaller font keeps a few short names whole, and a column beside the plot holds many.
    const auto shown =
        std::ranges::count_if(chart.series, [](const Series& s) { return s.inLegend; });
    // (A heatmap's plot keeps the width: its legends are short names under it.)
    into.legend()->setAlignment(shown > 5 && chart.heatmaps.empty() ? Qt::AlignRight
                                                                    : Qt::AlignBottom);
    if (chart.heatmaps.empty() && shown <= 5)
        text->letLegendMove();
    // New axes have no ticks until fitted: fit them to the plot area the chart has now (a
    // redraw at the same size never hears plotAreaChanged), and again once the new text is laid
    // out.
    text->refit();
    QMetaObject::invokeMethod(
        text, [text] { text->refit(); }, Qt::QueuedConnection);
    QFont legendFont = into.font();
    if (shown > 3)
        legendFont.setPointSizeF(legendFont.pointSizeF() * 0.85);
    into.legend()->setFont(legendFont);
}

namespace {

// Draws the chart on `painter` over `size`, through a scene of its own.
void paintChart(const Chart& chart, QPainter& painter, QSize size) {
    QGraphicsScene scene;
    auto* drawn = new QChart; // the scene owns it
    drawn->setAnimationOptions(QChart::NoAnimation);
    drawChart(chart, *drawn);
    scene.addItem(drawn);
    drawn->setGeometry(QRectF(QPointF(0, 0), QSizeF(size)));
    settleChartLayout(*drawn);
    const QRectF area(QPointF(0, 0), QSizeF(size));
    scene.setSceneRect(area);
    painter.setRenderHint(QPainter::Antialiasing);
    scene.render(&painter, area, area);
}

} // namespace

QImage renderChart(const Chart& chart, QSize size, qreal scale) {
    QImage image(size * scale, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scale);
    image.fill(Qt::white);
    QPainter painter(&image);
    paintChart(chart, painter, size);
    painter.end();
    return image;
}

QByteArray renderSvg(const Chart& chart, QSize size) {
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setSize(size);
    svg.setViewBox(QRect(QPoint(0, 0), size));
    svg.setTitle(QString::fromStdString(chart.title));
    QPainter painter(&svg);
    painter.fillRect(QRect(QPoint(0, 0), size), Qt::white);
    paintChart(chart, painter, size);
    painter.end();
    return buffer.data();
}

} // namespace relulab
