#include "chartview.h"

#include "chartexportdialog.h"

#include "plots/chartdrawing.h"

#include <QAbstractSeries>
#include <QContextMenuEvent>
#include <QLegendMarker>
#include <QLogValueAxis>
#include <QMenu>
#include <QPointer>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace relulab {

namespace {

constexpr double reachPixels = 24.0;   // hovering farther from every point reads nothing
constexpr double wheelStep = 0.85;     // the zoom of one wheel notch
constexpr double keyPanFraction = 0.1; // of the plot, per arrow key
constexpr double grabPixels = 10.0;    // a handle this near the pointer is grabbed
int dragsSoFar = 0;                    // the drags of every view, each numbered apart

QString number(double value) {
    return QString::number(value, 'g', 6);
}

struct AxisRange {
    double low = 0.0, high = 1.0;
    bool log = false;
};

AxisRange rangeOf(const QAbstractAxis* axis) {
    if (const auto* log = qobject_cast<const QLogValueAxis*>(axis))
        return {log->min(), log->max(), true};
    if (const auto* linear = qobject_cast<const QValueAxis*>(axis))
        return {linear->min(), linear->max(), false};
    return {};
}

void setRange(QAbstractAxis* axis, double low, double high) {
    if (auto* log = qobject_cast<QLogValueAxis*>(axis))
        log->setRange(low, high);
    else if (auto* linear = qobject_cast<QValueAxis*>(axis))
        linear->setRange(low, high);
}

// Where `value` falls along a range, 0 at its low end and 1 at its high end.
double fraction(const AxisRange& r, double value) {
    if (r.log)
        return (std::log10(value) - std::log10(r.low)) / (std::log10(r.high) - std::log10(r.low));
    return (value - r.low) / (r.high - r.low);
}

double valueAt(const AxisRange& r, double t) {
    if (r.log)
        return std::pow(10.0, std::log10(r.low) + t * (std::log10(r.high) - std::log10(r.low)));
    return r.low + t * (r.high - r.low);
}

// The chart's value axes against its plot area, read once for a readout over many points
// (asking Qt for the axes per point makes a list each time).
struct PlotMapping {
    QRectF plot;
    AxisRange x, y;
    bool reversed = false;

    explicit PlotMapping(const QChart& chart)
        : plot(chart.plotArea())
        , x(rangeOf(chart.axes(Qt::Horizontal).front()))
        , y(rangeOf(chart.axes(Qt::Vertical).front()))
        , reversed(chart.axes(Qt::Vertical).front()->isReverse()) {}

    QPointF toChart(double vx, double vy) const { // chart coordinates of a value
        const double up = fraction(y, vy) * plot.height();
        return {plot.left() + fraction(x, vx) * plot.width(),
                reversed ? plot.top() + up : plot.bottom() - up};
    }
    QPointF toValue(QPointF at) const {
        const double up = reversed ? at.y() - plot.top() : plot.bottom() - at.y();
        return {valueAt(x, (at.x() - plot.left()) / plot.width()), valueAt(y, up / plot.height())};
    }
};

} // namespace

ChartView::ChartView(QWidget* parent)
    : QChartView(parent) {
    setRenderHint(QPainter::Antialiasing);
    chart()->setAnimationOptions(QChart::NoAnimation);
    setMinimumSize(240, 180);
    setMouseTracking(true);
    viewport()->setMouseTracking(true); // hover readouts without a button down
    setFocusPolicy(Qt::ClickFocus);     // arrow keys and Esc once clicked
    setRubberBand(QChartView::RectangleRubberBand);
}

bool ChartView::interactive() const {
    return !m_data.tiled() && (!m_data.series.empty() || !m_data.heatmaps.empty());
}

void ChartView::setChartData(const Chart& chart) {
    const bool same = chart.id == m_data.id && chart.series.size() == m_data.series.size();
    m_data = chart;
    if (!same) {
        if (!m_dragged) // a drag keeps the axes it started on
            m_zoom.reset();
        m_hidden.assign(m_data.series.size(), false);
    }
    redraw();
}

void ChartView::clear(const QString& message) {
    m_data = Chart{};
    m_data.title = message.toStdString();
    m_zoom.reset();
    m_hidden.clear();
    redraw();
}

void ChartView::redraw() {
    drawChart(m_data, *chart());
    if (m_compact)
        chart()->legend()->hide();
    m_drawnBox = axesBox();
    setRubberBand(interactive() ? QChartView::RectangleRubberBand : QChartView::NoRubberBand);
    if (m_zoom) {
        const QList<QAbstractAxis*> x = chart()->axes(Qt::Horizontal);
        const QList<QAbstractAxis*> y = chart()->axes(Qt::Vertical);
        if (!x.isEmpty() && !y.isEmpty()) {
            setRange(x.front(), m_zoom->xLow, m_zoom->xHigh);
            setRange(y.front(), m_zoom->yLow, m_zoom->yHigh);
        }
    }
    const QList<QAbstractSeries*> drawn = chart()->series();
    for (std::size_t i = 0; i < m_hidden.size() && qsizetype(i) < drawn.size(); ++i)
        if (m_hidden[i])
            drawn[qsizetype(i)]->setVisible(false);
    connectLegend();
}

void ChartView::connectLegend() {
    const QList<QAbstractSeries*> drawn = chart()->series();
    for (QLegendMarker* marker : chart()->legend()->markers()) {
        const qsizetype index = drawn.indexOf(marker->series());
        if (index < 0)
            continue;
        const std::size_t series = std::size_t(index);
        marker->setVisible(m_data.series[series].inLegend);
        if (isSeriesHidden(series)) {
            // The legend hides a hidden series' entry when it hears of it (queued): the entry
            // stays, to bring the series back.
            QMetaObject::invokeMethod(
                this,
                [marker = QPointer<QLegendMarker>(marker)] {
                    if (marker)
                        marker->setVisible(true);
                },
                Qt::QueuedConnection);
            marker->setLabelBrush(QBrush(Qt::gray));
            QBrush faded = marker->brush();
            QColor colour = faded.color();
            colour.setAlphaF(0.25f);
            faded.setColor(colour);
            marker->setBrush(faded);
        }
        connect(marker, &QLegendMarker::clicked, this,
                [this, series] { setSeriesHidden(series, !isSeriesHidden(series)); });
    }
}

bool ChartView::isSeriesHidden(std::size_t series) const {
    return series < m_hidden.size() && m_hidden[series];
}

void ChartView::setSeriesHidden(std::size_t series, bool hidden) {
    if (series >= m_hidden.size())
        return;
    for (std::size_t member : legendGroup(m_data, series))
        m_hidden[member] = hidden;
    redraw(); // the legend entry fades or comes back with its series
}

std::optional<ViewBox> ChartView::axesBox() const {
    const QList<QAbstractAxis*> x = chart()->axes(Qt::Horizontal);
    const QList<QAbstractAxis*> y = chart()->axes(Qt::Vertical);
    if (x.isEmpty() || y.isEmpty())
        return std::nullopt;
    const AxisRange xr = rangeOf(x.front()), yr = rangeOf(y.front());
    return ViewBox{xr.low, xr.high, yr.low, yr.high};
}

void ChartView::rememberZoom() {
    const std::optional<ViewBox> box = axesBox();
    const auto same = [](const ViewBox& a, const ViewBox& b) {
        return a.xLow == b.xLow && a.xHigh == b.xHigh && a.yLow == b.yLow && a.yHigh == b.yHigh;
    };
    if (box && m_drawnBox && !same(*box, *m_drawnBox))
        m_zoom = box;
}

void ChartView::zoomBy(double factor, QPoint around) {
    if (!interactive())
        return;
    const QPointF at = chart()->mapFromScene(mapToScene(around));
    const QRectF plot = chart()->plotArea();
    chart()->zoomIn(QRectF(at.x() - (at.x() - plot.left()) * factor,
                           at.y() - (at.y() - plot.top()) * factor, plot.width() * factor,
                           plot.height() * factor));
    rememberZoom();
}

void ChartView::pan(QPointF pixels) {
    if (!interactive())
        return;
    chart()->scroll(-pixels.x(), pixels.y()); // the content follows the pointer
    rememberZoom();
}

void ChartView::resetZoom() {
    m_zoom.reset();
    redraw();
}

QString ChartView::readoutAt(QPoint at) const {
    if (!interactive() || chart()->axes(Qt::Horizontal).isEmpty() ||
        chart()->axes(Qt::Vertical).isEmpty())
        return {};
    const QPointF pointer = chart()->mapFromScene(mapToScene(at));
    const PlotMapping mapping(*chart());
    const QRectF& plot = mapping.plot;
    if (!plot.adjusted(-reachPixels, -reachPixels, reachPixels, reachPixels).contains(pointer))
        return {};
    double best = reachPixels;
    const Series* nearest = nullptr;
    double nearX = 0.0, nearY = 0.0;
    for (std::size_t i = 0; i < m_data.series.size(); ++i) {
        const Series& s = m_data.series[i];
        if (isSeriesHidden(i))
            continue;
        for (std::size_t k = 0; k < s.x.size() && k < s.y.size(); ++k) {
            if (!std::isfinite(s.x[k]) || !std::isfinite(s.y[k]) || (m_data.logY && s.y[k] <= 0))
                continue;
            const QPointF p = mapping.toChart(s.x[k], s.y[k]);
            const double distance = std::hypot(p.x() - pointer.x(), p.y() - pointer.y());
            if (distance < best && plot.contains(p)) {
                best = distance;
                nearest = &s;
                nearX = s.x[k];
                nearY = s.y[k];
            }
        }
    }
    if (nearest)
        return QStringLiteral("%1\nx = %2\ny = %3")
            .arg(QString::fromStdString(nearest->name), number(nearX), number(nearY));
    // Over a field: its value in the cell under the pointer.
    if (m_data.heatmaps.size() != 1 || !plot.contains(pointer) || m_data.grid.cells() == 0)
        return {};
    const QPointF value = mapping.toValue(pointer);
    const double x = value.x(), y = value.y();
    const Grid& g = m_data.grid;
    const double column = std::floor((x - g.xLow) / (g.xHigh - g.xLow) * double(g.columns));
    const double row = std::floor((y - g.yLow) / (g.yHigh - g.yLow) * double(g.rows));
    if (column < 0 || row < 0 || column >= double(g.columns) || row >= double(g.rows))
        return {};
    const Heatmap& field = m_data.heatmaps.front();
    const std::size_t cell = std::size_t(row) * g.columns + std::size_t(column);
    return QStringLiteral("%1 = %2\nx = %3\ny = %4")
        .arg(QString::fromStdString(field.name), number(field.values[cell]), number(x), number(y));
}

std::optional<DragHandle> ChartView::handleAt(QPoint at) const {
    if (m_data.handles.empty() || !interactive() || chart()->axes(Qt::Horizontal).isEmpty() ||
        chart()->axes(Qt::Vertical).isEmpty())
        return std::nullopt;
    const QPointF pointer = chart()->mapFromScene(mapToScene(at));
    const PlotMapping mapping(*chart());
    double best = grabPixels;
    std::optional<DragHandle> nearest;
    for (const DragHandle& handle : m_data.handles) {
        const QPointF p = mapping.toChart(handle.x, handle.y);
        const double distance = std::hypot(p.x() - pointer.x(), p.y() - pointer.y());
        if (distance <= best && mapping.plot.contains(p)) {
            best = distance;
            nearest = handle;
        }
    }
    return nearest;
}

void ChartView::mouseMoveEvent(QMouseEvent* event) {
    if (m_panning) {
        pan(event->position() - m_panFrom);
        m_panFrom = event->position();
        event->accept();
        return;
    }
    if (m_dragged) {
        const PlotMapping mapping(*chart());
        const QPointF value =
            mapping.toValue(chart()->mapFromScene(mapToScene(event->position().toPoint())));
        const bool alongX = m_dragged->kind == DragHandle::Kind::Elbow;
        const double to =
            std::clamp(alongX ? value.x() : value.y(), m_dragged->low, m_dragged->high);
        Q_EMIT handleDragged(*m_dragged, to, m_drag);
        event->accept();
        return;
    }
    if (const std::optional<DragHandle> handle = handleAt(event->position().toPoint()))
        viewport()->setCursor(handle->kind == DragHandle::Kind::Elbow ? Qt::SizeHorCursor
                                                                      : Qt::SizeVerCursor);
    else
        viewport()->unsetCursor();
    QChartView::mouseMoveEvent(event);
    m_readout = readoutAt(event->position().toPoint());
    if (m_readout.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), m_readout, this);
}

void ChartView::mousePressEvent(QMouseEvent* event) {
    const bool panButton =
        event->button() == Qt::MiddleButton ||
        (event->button() == Qt::LeftButton && event->modifiers().testFlag(Qt::ShiftModifier));
    if (panButton && interactive()) {
        m_panning = true;
        m_panFrom = event->position();
        event->accept();
        return;
    }
    if (event->button() == Qt::LeftButton && event->modifiers() == Qt::NoModifier)
        if (const std::optional<DragHandle> handle = handleAt(event->position().toPoint())) {
            m_dragged = handle;
            m_drag = ++dragsSoFar;
            m_zoomBeforeDrag = m_zoom;
            m_zoom = axesBox(); // the axes hold still under the pointer
            event->accept();
            return;
        }
    QChartView::mousePressEvent(event);
}

void ChartView::mouseReleaseEvent(QMouseEvent* event) {
    if (m_panning) {
        m_panning = false;
        event->accept();
        return;
    }
    if (m_dragged) {
        m_dragged.reset();
        m_zoom = m_zoomBeforeDrag; // the axes fit the edited net again
        redraw();
        event->accept();
        return;
    }
    if (event->button() == Qt::RightButton) { // Qt Charts would zoom out; the menu comes instead
        event->accept();
        return;
    }
    QChartView::mouseReleaseEvent(event); // a rubber band zooms here
    rememberZoom();
}

void ChartView::mouseDoubleClickEvent(QMouseEvent* event) {
    event->accept();
    Q_EMIT openRequested();
}

void ChartView::wheelEvent(QWheelEvent* event) {
    if (!interactive() || !(m_wheelZooms || event->modifiers().testFlag(Qt::ControlModifier))) {
        event->ignore(); // the page scrolls
        return;
    }
    const double notches = event->angleDelta().y() / 120.0;
    zoomBy(std::pow(wheelStep, notches), event->position().toPoint());
    event->accept();
}

void ChartView::keyPressEvent(QKeyEvent* event) {
    const QRectF plot = chart()->plotArea();
    const double dx = keyPanFraction * plot.width(), dy = keyPanFraction * plot.height();
    switch (event->key()) {
    case Qt::Key_Left:
        pan({dx, 0});
        break;
    case Qt::Key_Right:
        pan({-dx, 0});
        break;
    case Qt::Key_Up:
        pan({0, dy});
        break;
    case Qt::Key_Down:
        pan({0, -dy});
        break;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomBy(wheelStep, plot.center().toPoint());
        break;
    case Qt::Key_Minus:
        zoomBy(1.0 / wheelStep, plot.center().toPoint());
        break;
    case Qt::Key_Escape:
    case Qt::Key_0:
        if (!m_zoom) {
            QChartView::keyPressEvent(event);
            return;
        }
        resetZoom();
        break;
    default:
        QChartView::keyPressEvent(event);
        return;
    }
    event->accept();
}

void ChartView::contextMenuEvent(QContextMenuEvent* event) {
    if (m_data.series.empty() && m_data.heatmaps.empty())
        return;
    QMenu menu(this);
    const auto formats = {QStringLiteral("PNG"), QStringLiteral("SVG"), QStringLiteral("CSV")};
    for (const QString& format : formats)
        menu.addAction(QStringLiteral("Export %1…").arg(format), this,
                       [this, format] { exportChartWithDialog(this, m_data, format); });
    const bool changed = m_zoom || std::ranges::find(m_hidden, true) != m_hidden.end();
    if (changed) {
        QMenu* shown = menu.addMenu(QStringLiteral("Export as shown"));
        for (const QString& format : formats)
            shown->addAction(QStringLiteral("%1…").arg(format), this,
                             [this, format] { exportChartWithDialog(this, shownData(), format); });
    }
    menu.addSeparator();
    if (m_zoom)
        menu.addAction(QStringLiteral("Reset zoom (Esc)"), this, &ChartView::resetZoom);
    if (std::ranges::find(m_hidden, true) != m_hidden.end())
        menu.addAction(QStringLiteral("Show every series"), this, [this] {
            m_hidden.assign(m_data.series.size(), false);
            redraw();
        });
    menu.addAction(QStringLiteral("Open on its own (double click)"), this,
                   &ChartView::openRequested);
    menu.exec(event->globalPos());
}

} // namespace relulab
