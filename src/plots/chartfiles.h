#pragma once

#include "plots/chart.h"

#include <QImage>
#include <QString>

namespace relulab {

// The plotted series as CSV: for each series an x and a y column ("prediction x",
// "prediction y"), shorter series padded with empty cells.
QByteArray chartCsv(const Chart& chart);

// Draws the chart (axes, ticks, log scale, legend) at the given size. Needs a QGuiApplication.
QImage renderChart(const Chart& chart, int width = 1000, int height = 640);

// Writes stem.csv and stem.png; throws std::runtime_error naming the file that failed.
void writeChartFiles(const Chart& chart, const QString& stem);

} // namespace relulab
