#pragma once

#include "plots/chart.h"

#include <QImage>
#include <QSize>

class QChart;

namespace relulab {

// Puts a chart's series and axes into a Qt Charts QChart (emptied first): the app's panels and
// the exported files draw charts this one way. Log axes leave out values <= 0.
void drawChart(const Chart& chart, QChart& into);

// The chart drawn offscreen at `size` (logical pixels) times `scale`. Needs a QApplication.
QImage renderChart(const Chart& chart, QSize size = {1000, 640}, qreal scale = 1.0);

// The chart as an SVG document of `size`.
QByteArray renderSvg(const Chart& chart, QSize size = {1000, 640});

} // namespace relulab
