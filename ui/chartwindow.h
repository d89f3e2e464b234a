#pragma once

#include "plots/chart.h"

#include <QWidget>

namespace relulab {

class ChartView;

// One chart in a window of its own (a double click on it in a panel): as large as the user
// makes it, the wheel zooming; the panel keeps it up to date while it shows the same chart.
class ChartWindow : public QWidget {
    Q_OBJECT
public:
    explicit ChartWindow(const Chart& chart, QWidget* parent = nullptr);

    const std::string& chartId() const { return m_id; }
    void setChartData(const Chart& chart);
    ChartView* view() { return m_view; }

private:
    std::string m_id;
    ChartView* m_view = nullptr;
};

} // namespace relulab
