#include "plots/chartfiles.h"

#include "plots/chartdrawing.h"

#include <QBuffer>
#include <QSaveFile>

#include <algorithm>
#include <stdexcept>

namespace relulab {

namespace {

QByteArray csvField(const std::string& text) {
    QByteArray field = QByteArray::fromStdString(text);
    if (field.contains(',') || field.contains('"') || field.contains('\n'))
        field = '"' + field.replace("\"", "\"\"") + '"';
    return field;
}

} // namespace

QByteArray chartCsv(const Chart& chart) {
    QByteArray csv;
    std::size_t rows = 0;
    for (std::size_t i = 0; i < chart.series.size(); ++i) {
        const Series& s = chart.series[i];
        csv += (i ? "," : "") + csvField(s.name + " x") + "," + csvField(s.name + " y");
        rows = std::max(rows, s.x.size());
    }
    csv += '\n';
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t i = 0; i < chart.series.size(); ++i) {
            const Series& s = chart.series[i];
            if (i)
                csv += ',';
            if (r < s.x.size())
                csv +=
                    QByteArray::number(s.x[r], 'g', 17) + ',' + QByteArray::number(s.y[r], 'g', 17);
            else
                csv += ',';
        }
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
        if (!renderChart(chart, size, scale).save(&buffer, "PNG"))
            throw std::runtime_error(path.toStdString() + ": cannot encode the image");
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        throw std::runtime_error(path.toStdString() +
                                 ": cannot write: " + file.errorString().toStdString());
}

void writeChartFiles(const Chart& chart, const QString& stem) {
    writeChartFile(chart, stem + QStringLiteral(".csv"), ChartFormat::Csv);
    writeChartFile(chart, stem + QStringLiteral(".png"), ChartFormat::Png);
    writeChartFile(chart, stem + QStringLiteral(".svg"), ChartFormat::Svg);
}

} // namespace relulab
