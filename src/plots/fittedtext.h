#pragma once

#include <QColor>
#include <QObject>
#include <QString>

#include <string>
#include <vector>

class QChart;
class QCategoryAxis;
class QLogValueAxis;

namespace relulab {

// Keeps a drawn chart's text readable at whatever size it is shown: each value axis gets round
// ticks whose labels fit its length without touching (refitted when the plot area resizes or
// the axis is zoomed), and the title wraps to the chart's width instead of eliding. Qt Charts'
// own ticks print 5.5511e-17 for 0 and overlap or elide at small sizes. A child of the chart.
class FittedText : public QObject {
public:
    // The axes are category axes so that each tick's label is ours; `wholeNumbers` for counts
    // and indices.
    // `scaleLow` .. `scaleHigh`: the ends of the chart's colour scale, drawn as a line of
    // colours under the title; empty when it has none.
    FittedText(QChart& chart, QString title, QString note, QString scaleLow = {},
               QString scaleHigh = {}, const std::vector<QColor>& scaleColours = {});
    void addAxis(QCategoryAxis* axis, Qt::Orientation orientation, bool wholeNumbers,
                 std::vector<std::string> names = {});

    // A log axis keeps Qt's labels at powers of its base: the base grows (10, 100, 1000, ...)
    // until the labels fit its length.
    void addLogAxis(QLogValueAxis* axis);

    // The legend goes under the plot while its entries fit one row of the chart's width, beside
    // it otherwise (Qt elides a row too long to "ground truth (…").
    void letLegendMove() { m_legendMoves = true; }

    // Fits the text to the chart's present geometry (the window does this on its resizes; an
    // export calls it between layouts).
    void refit();
    // The FittedText drawChart put on `chart`, or null.
    static FittedText* of(QChart& chart);

    // The title and note as HTML, wrapped into lines of at most `width` pixels.
    QString wrappedTitle(double width) const;

private:
    struct Axis {
        QCategoryAxis* axis = nullptr;
        Qt::Orientation orientation = Qt::Horizontal;
        bool wholeNumbers = false;
        std::vector<std::string> names;
    };
    void fitAxis(const Axis& axis);
    void fitLogAxis(QLogValueAxis* axis);

    QChart& m_chart;
    QString m_title;
    QString m_note;
    QString m_scale; // HTML
    std::vector<Axis> m_axes;
    std::vector<QLogValueAxis*> m_logAxes;
    bool m_fitting = false;
    bool m_legendMoves = false;
};

// Lays out a chart shown outside a window (an export): the layout, fitted text, the layout
// again with the fitted labels' room.
void settleChartLayout(QChart& chart);

} // namespace relulab
