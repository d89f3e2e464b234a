#pragma once

#include "plots/chart.h"

#include <QChartView>

namespace relulab {

// One chart on screen, drawn from its Chart data; right-click exports it as PNG (at a chosen
// resolution), SVG or the CSV of its series.
class ChartView : public QChartView {
    Q_OBJECT
public:
    explicit ChartView(QWidget* parent = nullptr);

    void setChartData(const Chart& chart);
    const Chart& chartData() const { return m_data; }
    void clear(const QString& message);
    // Small multiples: no legend, the space goes to the plot.
    void setCompact(bool compact) { m_compact = compact; }

protected:
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    Chart m_data;
    bool m_compact = false;
};

// Asks for a file (and for PNG a resolution) and writes the chart there; reports failures in a
// message box. Shared by the chart's menu and File > Export charts.
void exportChartWithDialog(QWidget* parent, const Chart& chart, const QString& format);

// The PNG sizes offered, as "1000 x 640"; the chosen one as a size and a scale.
QStringList pngResolutions();
std::pair<QSize, qreal> pngResolution(const QString& choice);

} // namespace relulab
