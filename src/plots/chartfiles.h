#pragma once

#include "plots/chart.h"
#include "plots/runtables.h"

#include <QSize>
#include <QString>

namespace relulab {

// The plotted series as CSV: for each series an x and a y column ("prediction x",
// "prediction y"), shorter series padded with empty cells; a value on an index axis with names
// reads by its name ("hidden 2", "bias"), as the chart does.
QByteArray chartCsv(const Chart& chart);

enum class ChartFormat { Png, Svg, Csv };

// Writes the chart to `path` atomically: a PNG of `size` times `scale` pixels, an SVG of
// `size`, or the CSV. Needs a QApplication for the images. Throws std::runtime_error naming the
// file that failed.
void writeChartFile(const Chart& chart, const QString& path, ChartFormat format,
                    QSize size = {1000, 640}, qreal scale = 1.0);

// The table's CSV at `path`, atomically; throws as writeChartFile.
void writeTableFile(const Table& table, const QString& path);

// stem.csv, stem.png and stem.svg.
void writeChartFiles(const Chart& chart, const QString& stem);

} // namespace relulab
