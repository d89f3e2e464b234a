#include "chartgrid.h"

#include "chartview.h"

#include <QGridLayout>
#include <QResizeEvent>

#include <algorithm>

namespace relulab {

namespace {

constexpr double squareShare = 0.8; // a plane's chart: height over width (title and legend)

} // namespace

ChartGrid::ChartGrid(int minChartWidth, int minChartHeight, int maxColumns, QWidget* parent)
    : QWidget(parent)
    , m_layout(new QGridLayout(this))
    , m_minWidth(minChartWidth)
    , m_minHeight(minChartHeight)
    , m_maxColumns(maxColumns) {
    m_layout->setContentsMargins(0, 0, 0, 0);
}

ChartView* ChartGrid::addView(ChartView* view) {
    view->setMinimumSize(m_minWidth / 2, m_minHeight); // the width is the grid's to keep
    m_views.push_back(view);
    m_layout->addWidget(view, 0, 0);
    view->hide();
    return view;
}

void ChartGrid::showCount(std::size_t count) {
    m_shown = std::min(count, m_views.size());
    for (std::size_t i = 0; i < m_views.size(); ++i)
        m_views[i]->setVisible(i < m_shown);
    m_columns = 0; // placed again
    reflow();
    fitHeights(width());
}

// A map of the plane (a decision surface) is as tall as it is wide, near enough: squeezed to a
// strip its circles and spirals cannot be told.
void ChartGrid::fitHeights(int width) {
    const int columns = std::max(1, m_columns);
    const int columnWidth = (width - m_layout->horizontalSpacing() * (columns - 1)) / columns;
    for (ChartView* view : m_views)
        view->setMinimumHeight(view->showsAPlane()
                                   ? std::max(m_minHeight, int(squareShare * columnWidth))
                                   : m_minHeight);
}

int ChartGrid::columnsFor(int width) const {
    const int fit = std::max(1, (width + m_layout->horizontalSpacing()) /
                                    (m_minWidth + std::max(0, m_layout->horizontalSpacing())));
    return std::clamp(std::min(fit, int(std::max<std::size_t>(m_shown, 1))), 1, m_maxColumns);
}

void ChartGrid::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    if (columnsFor(event->size().width()) != m_columns)
        reflow();
    if (event->size().width() != event->oldSize().width())
        fitHeights(event->size().width());
}

void ChartGrid::reflow() {
    const int columns = columnsFor(width());
    if (columns == m_columns)
        return;
    m_columns = columns;
    for (ChartView* view : m_views)
        m_layout->removeWidget(view);
    for (int c = 0; c < m_maxColumns; ++c)
        m_layout->setColumnStretch(c, c < columns ? 1 : 0);
    for (std::size_t i = 0; i < m_views.size(); ++i)
        m_layout->addWidget(m_views[i], int(i) / columns, int(i) % columns);
}

} // namespace relulab
