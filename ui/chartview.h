#pragma once

#include "plots/chart.h"
#include "plots/shownchart.h"

#include <QChartView>

#include <optional>
#include <vector>

namespace relulab {

// One chart on screen, drawn from its Chart data, to be read and touched: hovering shows the
// nearest point's series, x and y (or a heatmap's value); a drag zooms into a rectangle,
// Ctrl+wheel (the wheel alone in a window of its own) zooms around the pointer, a middle or
// Shift drag and the arrow keys pan, Esc resets; a legend click hides or shows a series; a
// double click asks for the chart on its own. Right-click exports it as PNG, SVG or CSV, as
// computed or as shown. Zoom and hidden series survive redraws of the same chart (live runs,
// the scrubber). A chart with handles (a net built by hand) lets a left drag move one instead:
// the view holds its axes still while the drag lasts and reports each move.
class ChartView : public QChartView {
    Q_OBJECT
public:
    explicit ChartView(QWidget* parent = nullptr);

    void setChartData(const Chart& chart);
    const Chart& chartData() const { return m_data; }
    void clear(const QString& message);
    // Small multiples: no legend, the space goes to the plot.
    void setCompact(bool compact) { m_compact = compact; }
    // In a window of its own there is no page to scroll: the wheel zooms.
    void setWheelZooms(bool zooms) { m_wheelZooms = zooms; }

    // A field over a box of the plane (a decision surface): best shown about square.
    bool showsAPlane() const {
        return m_data.heatmaps.size() == 1 && m_data.xScale == AxisScale::Continuous &&
               m_data.grid.cells() > 0;
    }
    // What hovering at `at` (view pixels) reads: the nearest point within reach, as "series",
    // "x = ..", "y = .." lines; empty away from every point.
    QString readoutAt(QPoint at) const;
    const QString& readout() const { return m_readout; } // the last one shown
    // The ranges shown when zoomed or panned.
    const std::optional<ViewBox>& zoom() const { return m_zoom; }
    void zoomBy(double factor, QPoint around); // < 1 zooms in
    void pan(QPointF pixels);
    void resetZoom();
    void setSeriesHidden(std::size_t series, bool hidden); // with its legend group
    bool isSeriesHidden(std::size_t series) const;
    // What "export as shown" writes.
    Chart shownData() const { return shownChart(m_data, m_hidden, m_zoom); }

    // The handle within reach of `at` (view pixels), the nearest; none away from all.
    std::optional<DragHandle> handleAt(QPoint at) const;
    bool isDragging() const { return m_dragged.has_value(); }

Q_SIGNALS:
    void openRequested(); // a double click: the chart on its own
    // `handle` dragged to `to`, its moved coordinate (an elbow's x, a piece point's y), within
    // its bounds; `drag` numbers the drags of every view, the same for all moves of one.
    void handleDragged(const DragHandle& handle, double to, int drag);

protected:
    void contextMenuEvent(QContextMenuEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    void redraw(); // from m_data, then the user's zoom and hidden series
    void connectLegend();
    void rememberZoom();
    std::optional<ViewBox> axesBox() const;
    bool interactive() const;

    Chart m_data;
    bool m_compact = false;
    bool m_wheelZooms = false;
    std::optional<ViewBox> m_zoom;
    std::optional<ViewBox> m_drawnBox; // the ranges as drawn, before any zoom
    std::vector<bool> m_hidden;
    QString m_readout;
    bool m_panning = false;
    QPointF m_panFrom;
    std::optional<DragHandle> m_dragged; // as it was when grabbed
    int m_drag = 0;
    std::optional<ViewBox> m_zoomBeforeDrag;
};

} // namespace relulab
