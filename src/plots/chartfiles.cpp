#include "plots/chartfiles.h"

#include "plots/chartdrawing.h"

#include <QBuffer>
#include <QSaveFile>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace relulab {

namespace {

constexpr int pngQuality = 80;

QByteArray csvField(const std::string& text) {
    QByteArray field = QByteArray::fromStdString(text);
    if (field.contains(',') || field.contains('"') || field.contains('\n'))
        field = '"' + field.replace("\"", "\"\"") + '"';
    return field;
}

// An index axis's value by its name ("hidden 2", "bias"), as the chart reads it.
QByteArray axisValue(double value, const std::vector<std::string>& names) {
    const double index = std::round(value);
    if (index == value && index >= 0.0 && index < double(names.size()))
        return csvField(names[std::size_t(index)]);
    return QByteArray::number(value, 'g', 17);
}

void writeFileAtomically(const QByteArray& bytes, const QString& path) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        throw std::runtime_error(path.toStdString() +
                                 ": cannot write: " + file.errorString().toStdString());
}

} // namespace

QByteArray chartCsv(const Chart& chart) {
    // The heatmaps first, a row per cell of their grid: x, y, then each one's values (and class).
    const std::size_t cells = chart.heatmaps.empty() ? 0 : chart.grid.cells();
    QByteArray csv;
    std::size_t rows = cells;
    bool first = true;
    auto header = [&](const std::string& name) {
        csv += (first ? "" : ",") + csvField(name);
        first = false;
    };
    if (cells > 0) {
        header("x");
        header("y");
        for (const Heatmap& h : chart.heatmaps) {
            header(h.name);
            if (!h.classesColumn.empty())
                header(h.classesColumn);
        }
    }
    // Bars of a set width are intervals (a histogram's bins): their ends, not their middles.
    // Bars beside each other at a named tick (a layer's) are that tick's, not intervals.
    const auto intervals = [&chart](const Series& s) {
        return s.style == SeriesStyle::Bars && s.barWidth > 0.0 && chart.xNames.empty();
    };
    for (const Series& s : chart.series) {
        if (intervals(s)) {
            header(s.name + " x low");
            header(s.name + " x high");
        } else {
            header(s.name + " x");
        }
        header(s.name + (s.style == SeriesStyle::Band ? " y low" : " y"));
        if (s.style == SeriesStyle::Band)
            header(s.name + " y high");
        rows = std::max(rows, s.x.size());
    }
    csv += '\n';
    auto number = [](double v) { return QByteArray::number(v, 'g', 17); };
    for (std::size_t r = 0; r < rows; ++r) {
        std::vector<QByteArray> fields;
        if (cells > 0) {
            const bool inside = r < cells;
            fields.push_back(inside ? axisValue(chart.grid.x(r % chart.grid.columns), chart.xNames)
                                    : "");
            fields.push_back(inside ? axisValue(chart.grid.y(r / chart.grid.columns), chart.yNames)
                                    : "");
            for (const Heatmap& h : chart.heatmaps) {
                fields.push_back(inside && r < h.values.size() ? number(h.values[r]) : "");
                if (!h.classesColumn.empty())
                    fields.push_back(inside && r < h.classes.size()
                                         ? QByteArray::number(h.classes[r])
                                         : QByteArray());
            }
        }
        for (const Series& s : chart.series) {
            const bool inside = r < s.x.size() && r < s.y.size();
            const double x = inside ? s.x[r] + s.barOffset : 0.0;
            if (intervals(s)) {
                fields.push_back(inside ? number(x - s.barWidth / 2.0) : "");
                fields.push_back(inside ? number(x + s.barWidth / 2.0) : "");
            } else {
                fields.push_back(inside ? axisValue(s.x[r], chart.xNames) : "");
            }
            fields.push_back(inside ? number(s.y[r]) : "");
            if (s.style == SeriesStyle::Band)
                fields.push_back(inside && r < s.yUpper.size() ? number(s.yUpper[r]) : "");
        }
        for (std::size_t f = 0; f < fields.size(); ++f)
            csv += (f ? "," : "") + fields[f];
        csv += '\n';
    }
    return csv;
}

void writeChartFile(const Chart& chart, const QString& path, ChartFormat format, QSize size,
                    qreal scale) {
    QByteArray bytes;
    if (format == ChartFormat::Csv) {
        bytes = chartCsv(chart);
    } else if (format == ChartFormat::Svg) {
        bytes = renderSvg(chart, size);
    } else {
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        // Quality 80 is zlib's fastest level: run --out spent half its time compressing PNGs
        // at the default, for files 10-20% smaller.
        if (!renderChart(chart, size, scale).save(&buffer, "PNG", pngQuality))
            throw std::runtime_error(path.toStdString() + ": cannot encode the image");
    }
    writeFileAtomically(bytes, path);
}

void writeTableFile(const Table& table, const QString& path) {
    writeFileAtomically(tableCsv(table), path);
}

void writeChartFiles(const Chart& chart, const QString& stem) {
    writeChartFile(chart, stem + QStringLiteral(".csv"), ChartFormat::Csv);
    writeChartFile(chart, stem + QStringLiteral(".png"), ChartFormat::Png);
    writeChartFile(chart, stem + QStringLiteral(".svg"), ChartFormat::Svg);
}

} // namespace relulab
