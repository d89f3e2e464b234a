#include "plots/chartoverlay.h"

#include "plots/chartpalette.h"

#include <QAbstractSeries>
#include <QChart>
#include <QFontMetricsF>
#include <QPainter>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace relulab {

namespace {

// Just above the plot area's background and below the grid; lines just under the series.
constexpr qreal fieldsZ = 0.5;
constexpr qreal linesZ = 3.5;
constexpr qreal tileGap = 3.0;

QColor mix(QColor from, QColor to, double t) {
    t = std::clamp(t, 0.0, 1.0);
    return QColor::fromRgbF(float(from.redF() + t * (to.redF() - from.redF())),
                            float(from.greenF() + t * (to.greenF() - from.greenF())),
                            float(from.blueF() + t * (to.blueF() - from.blueF())));
}

// Full palette colours would hide the points drawn over them.
constexpr double fullShade = 0.7;

} // namespace

QColor heatmapColour(const Heatmap& h, std::size_t cell) {
    const double v = h.values[cell];
    // (A map of magnitudes has none for 0: NaN, in the grey of zeros.)
    if (h.zeroApart && (v == 0.0 || std::isnan(v)))
        return QColor(0x9e9e9e);
    if (!std::isfinite(v))
        return QColor(Qt::lightGray);
    if (!h.classes.empty()) {
        const double span = h.high - h.low;
        return mix(Qt::white, paletteColour(h.classes[cell]),
                   fullShade * (span > 0 ? (v - h.low) / span : 1.0));
    }
    if (v <= h.middle) {
        const double span = h.middle - h.low;
        return mix(Qt::white, paletteColour(h.lowColour),
                   fullShade * (span > 0 ? (h.middle - v) / span : 0.0));
    }
    const double span = h.high - h.middle;
    return mix(Qt::white, paletteColour(h.highColour),
               fullShade * (span > 0 ? (v - h.middle) / span : 0.0));
}

ChartOverlay::ChartOverlay(QChart& chart, const Chart& data, Layer layer, QValueAxis* xAxis,
                           QValueAxis* yAxis)
    : QGraphicsObject(&chart)
    , m_chart(chart)
    , m_layer(layer)
    , m_xAxis(xAxis)
    , m_yAxis(yAxis)
    , m_grid(data.grid)
    , m_xMarker(data.xMarker) {
    setZValue(layer == Layer::Fields ? fieldsZ : linesZ);
    if (layer == Layer::Marker) {
    } else if (layer == Layer::Fields) {
        for (const Heatmap& h : data.heatmaps) {
            if (h.values.size() != m_grid.cells() || m_grid.cells() == 0)
                continue;
            QImage image(int(m_grid.columns), int(m_grid.rows), QImage::Format_RGB32);
            for (std::size_t r = 0; r < m_grid.rows; ++r)
                for (std::size_t c = 0; c < m_grid.columns; ++c)
                    image.setPixelColor(int(c), int(m_grid.rows - 1 - r),
                                        heatmapColour(h, r * m_grid.columns + c));
            const bool allZero = std::ranges::all_of(h.values, [](double v) { return v == 0.0; });
            m_fields.push_back({std::move(image), h.group, h.values, h.showValues, allZero});
        }
    } else {
        int next = 0;
        const QList<QAbstractSeries*> drawn = chart.series(); // in the order of data.series
        for (std::size_t index = 0; index < data.series.size(); ++index) {
            const Series& s = data.series[index];
            // Segments take their palette place as the other series do (drawChart counts alike).
            const QColor colour = seriesColour(s, next);
            if (s.style != SeriesStyle::Segments)
                continue;
            Lines lines{{}, colour, s.faint ? 0.8 : 1.6, nullptr};
            // Its legend entry's series: hiding it (a legend click) hides the lines.
            if (qsizetype(index) < drawn.size()) {
                lines.entry = drawn[qsizetype(index)];
                connect(lines.entry, &QAbstractSeries::visibleChanged, this, [this] { update(); });
            }
            if (s.faint)
                lines.colour.setAlphaF(0.6f);
            for (std::size_t i = 0; i + 1 < s.x.size() && i + 1 < s.y.size(); i += 2)
                lines.segments.emplace_back(s.x[i], s.y[i], s.x[i + 1], s.y[i + 1]);
            m_lines.push_back(std::move(lines));
        }
    }
    m_bounds = chart.plotArea();
    connect(&chart, &QChart::plotAreaChanged, this, [this](const QRectF& area) {
        prepareGeometryChange(); // while boundingRect() is still the old one
        m_bounds = area;
        update();
    });
    for (QValueAxis* axis : {xAxis, yAxis}) // zoom and pan
        if (axis)
            connect(axis, &QValueAxis::rangeChanged, this, [this] { update(); });
}

std::vector<ChartOverlay*> ChartOverlay::on(QChart& chart) {
    std::vector<ChartOverlay*> found;
    for (QGraphicsItem* item : chart.childItems())
        if (auto* overlay = dynamic_cast<ChartOverlay*>(item))
            found.push_back(overlay);
    return found;
}

QRectF ChartOverlay::boundingRect() const {
    return m_bounds;
}

QPointF ChartOverlay::toPixels(QPointF value) const {
    const QRectF area = m_chart.plotArea();
    const double xSpan = m_xAxis->max() - m_xAxis->min();
    const double ySpan = m_yAxis->max() - m_yAxis->min();
    const double up = (value.y() - m_yAxis->min()) / ySpan * area.height();
    return {area.left() + (value.x() - m_xAxis->min()) / xSpan * area.width(),
            m_yAxis->isReverse() ? area.top() + up : area.bottom() - up};
}

void ChartOverlay::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
    painter->save();
    painter->setClipRect(m_chart.plotArea());
    if (m_layer == Layer::Marker) {
        const QRectF area = m_chart.plotArea();
        const double x = area.left() + (m_xMarker - m_xAxis->min()) /
                                           (m_xAxis->max() - m_xAxis->min()) * area.width();
        QPen pen(QColor(90, 90, 90), 1.2, Qt::DashLine);
        painter->setPen(pen);
        painter->drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()));
    } else if (m_layer == Layer::Fields) {
        if (m_fields.size() == 1)
            paintField(*painter, m_fields.front());
        else
            paintTiles(*painter);
    } else {
        painter->setRenderHint(QPainter::Antialiasing);
        std::vector<QLineF> pixels;
        for (const Lines& lines : m_lines) {
            if (lines.entry && !lines.entry->isVisible())
                continue;
            pixels.clear();
            for (const QLineF& l : lines.segments)
                pixels.emplace_back(toPixels(l.p1()), toPixels(l.p2()));
            painter->setPen(QPen(lines.colour, lines.width));
            painter->drawLines(pixels.data(), int(pixels.size()));
        }
    }
    painter->restore();
}

void ChartOverlay::paintField(QPainter& painter, const Field& field) const {
    const bool reversed = m_yAxis->isReverse(); // rows from the top
    const QRectF target(toPixels({m_grid.xLow, reversed ? m_grid.yLow : m_grid.yHigh}),
                        toPixels({m_grid.xHigh, reversed ? m_grid.yHigh : m_grid.yLow}));
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter.drawImage(target, reversed ? field.image.mirrored(false, true) : field.image);
    if (!field.showValues)
        return;
    QFont font = painter.font();
    font.setPointSizeF(font.pointSizeF() * 1.4);
    font.setBold(true);
    painter.setFont(font);
    const double cellWidth = target.width() / double(m_grid.columns);
    const double cellHeight = target.height() / double(m_grid.rows);
    for (std::size_t r = 0; r < m_grid.rows; ++r)
        for (std::size_t c = 0; c < m_grid.columns; ++c) {
            const double top = reversed ? target.top() + double(r) * cellHeight
                                        : target.bottom() - double(r + 1) * cellHeight;
            const QRectF cell(target.left() + double(c) * cellWidth, top, cellWidth, cellHeight);
            const QColor background = field.image.pixelColor(int(c), int(m_grid.rows - 1 - r));
            painter.setPen(background.lightnessF() < 0.5 ? Qt::white : Qt::black);
            painter.drawText(cell, Qt::AlignCenter,
                             QString::number(field.values[r * m_grid.columns + c], 'g', 6));
        }
}

// Rows of square tiles, each group starting a row under its name; as many columns as make the
// tiles largest.
void ChartOverlay::paintTiles(QPainter& painter) const {
    std::vector<std::pair<std::string, std::vector<const Field*>>> groups;
    for (const Field& f : m_fields) {
        if (groups.empty() || groups.back().first != f.group)
            groups.push_back({f.group, {}});
        groups.back().second.push_back(&f);
    }
    const QRectF area = m_chart.plotArea().adjusted(1, 0, -1, -1); // tile borders inside the clip
    const QFontMetricsF metrics(painter.font());
    const double label = metrics.height() + 2.0;
    std::size_t widest = 1;
    for (const auto& g : groups)
        widest = std::max(widest, g.second.size());
    double best = 0.0;
    std::size_t columns = 1;
    for (std::size_t c = 1; c <= widest; ++c) {
        std::size_t rows = 0;
        for (const auto& g : groups)
            rows += (g.second.size() + c - 1) / c;
        const double side =
            std::min((area.width() - tileGap * double(c - 1)) / double(c),
                     (area.height() - label * double(groups.size()) - tileGap * double(rows)) /
                         double(rows));
        if (side > best) {
            best = side;
            columns = c;
        }
    }
    if (best < 4.0)
        return;
    double top = area.top();
    painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
    for (const auto& [name, fields] : groups) {
        painter.setPen(Qt::black);
        painter.drawText(QRectF(area.left(), top, area.width(), label),
                         Qt::AlignLeft | Qt::AlignVCenter, QString::fromStdString(name));
        top += label;
        for (std::size_t i = 0; i < fields.size(); ++i) {
            const std::size_t row = i / columns, column = i % columns;
            const QRectF tile(area.left() + double(column) * (best + tileGap),
                              top + double(row) * (best + tileGap), best, best);
            painter.drawImage(tile, fields[i]->image);
            painter.setPen(QPen(Qt::gray, 0.5));
            painter.drawRect(tile);
            if (best >= 2.0 * label) { // the unit's index in its layer, where it fits
                painter.setPen(Qt::darkGray);
                painter.drawText(tile.adjusted(3, 1, 0, 0), Qt::AlignLeft | Qt::AlignTop,
                                 QString::number(i));
                if (fields[i]->allZero)
                    painter.drawText(tile, Qt::AlignCenter, QStringLiteral("dead"));
            }
        }
        top += double((fields.size() + columns - 1) / columns) * (best + tileGap);
    }
}

} // namespace relulab
