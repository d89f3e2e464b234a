#pragma once

#include "plots/chart.h"

#include <QGraphicsObject>
#include <QImage>
#include <QLineF>

#include <vector>

class QAbstractSeries;
class QChart;
class QValueAxis;

namespace relulab {

// What Qt Charts has no series for, painted on the chart's plot area in the axes' coordinates:
// a chart's heatmaps (one under the series, or tiles of small multiples) and its Segments
// series (contours and region outlines, over the heatmap and under the points). A child of the
// chart, so the window, the PNG and the SVG all draw it; it follows the plot area's resizes.
class ChartOverlay : public QGraphicsObject {
public:
    // Marker: the chart's xMarker, a line across the plot (any y axis; yAxis may be null).
    enum class Layer { Fields, Lines, Marker };
    ChartOverlay(QChart& chart, const Chart& data, Layer layer, QValueAxis* xAxis,
                 QValueAxis* yAxis);

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

    // The overlays drawChart put on `chart` before, to remove on a redraw.
    static std::vector<ChartOverlay*> on(QChart& chart);

private:
    struct Field {
        QImage image; // a pixel per cell, the first row of cells at the bottom
        std::string group;
        std::vector<double> values;
        bool showValues = false;
        bool allZero = false; // a dead unit's map
    };
    struct Lines {
        std::vector<QLineF> segments; // in the axes' values
        QColor colour;
        qreal width = 1.0;
        const QAbstractSeries* entry = nullptr;
    };

    QPointF toPixels(QPointF value) const;
    void paintField(QPainter& painter, const Field& field) const;
    void paintTiles(QPainter& painter) const;

    QChart& m_chart;
    Layer m_layer;
    QValueAxis* m_xAxis;
    QValueAxis* m_yAxis;
    Grid m_grid;
    double m_xMarker = 0.0;
    // The plot area as the scene's index knows it: boundingRect() may change only after
    // prepareGeometryChange(), and the chart tells of a new plot area after it has one.
    QRectF m_bounds;
    std::vector<Field> m_fields;
    std::vector<Lines> m_lines;
};

// The colour of a heatmap's cell.
QColor heatmapColour(const Heatmap& heatmap, std::size_t cell);

} // namespace relulab
