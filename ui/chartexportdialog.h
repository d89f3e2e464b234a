#pragma once

#include "plots/chart.h"

#include <QSize>
#include <QStringList>

#include <utility>

class QWidget;

namespace relulab {

// Asks for a file (and for PNG a resolution) and writes the chart there; reports failures in a
// message box. Shared by the chart's menu and File > Export charts.
void exportChartWithDialog(QWidget* parent, const Chart& chart, const QString& format);

// The PNG sizes offered, as "1000 x 640"; the chosen one as a size and a scale.
QStringList pngResolutions();
std::pair<QSize, qreal> pngResolution(const QString& choice);

} // namespace relulab
