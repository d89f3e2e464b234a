#pragma once

#include <QWidget>

#include <vector>

class QGridLayout;

namespace relulab {

class ChartView;

// A page's charts in rows that fit its width: as many columns as leave each chart its readable
// width (up to `maxColumns`), one column when even two do not fit, so that a narrow window
// stacks the charts (the page scrolls) instead of shrinking them to thumbnails.
class ChartGrid : public QWidget {
    Q_OBJECT
public:
    ChartGrid(int minChartWidth, int minChartHeight, int maxColumns, QWidget* parent = nullptr);

    // Shows the first `count` views (added before), hides the rest.
    void showCount(std::size_t count);
    const std::vector<ChartView*>& views() const { return m_views; }
    ChartView* addView(ChartView* view);
    int columns() const { return m_columns; }

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void reflow();
    void fitHeights(int width);
    int columnsFor(int width) const;

    QGridLayout* m_layout = nullptr;
    std::vector<ChartView*> m_views;
    std::size_t m_shown = 0;
    int m_minWidth;
    int m_minHeight;
    int m_maxColumns;
    int m_columns = 0;
};

} // namespace relulab
