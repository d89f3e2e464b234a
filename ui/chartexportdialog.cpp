#include "chartexportdialog.h"

#include "plots/chartfiles.h"

#include <QFileDialog>
#include <QInputDialog>
#include <QMessageBox>

namespace relulab {

namespace {

constexpr QSize exportSize{1000, 640};

} // namespace

QStringList pngResolutions() {
    return {QStringLiteral("1000 x 640"), QStringLiteral("2000 x 1280"),
            QStringLiteral("3000 x 1920"), QStringLiteral("4000 x 2560")};
}

std::pair<QSize, qreal> pngResolution(const QString& choice) {
    const int width = choice.section(QLatin1Char(' '), 0, 0).toInt();
    return {exportSize, width > 0 ? qreal(width) / exportSize.width() : 1.0};
}

void exportChartWithDialog(QWidget* parent, const Chart& chart, const QString& format) {
    const QString suffix = format.toLower();
    const QString stem = QString::fromStdString(chart.id.empty() ? "chart" : chart.id);
    const QString path = QFileDialog::getSaveFileName(
        parent, QStringLiteral("Export chart as %1").arg(format), stem + QLatin1Char('.') + suffix,
        QStringLiteral("%1 files (*.%2)").arg(format, suffix));
    if (path.isEmpty())
        return;
    QSize size = exportSize;
    qreal scale = 1.0;
    if (format == QStringLiteral("PNG")) {
        bool ok = false;
        const QString choice =
            QInputDialog::getItem(parent, QStringLiteral("PNG resolution"),
                                  QStringLiteral("Pixels:"), pngResolutions(), 1, false, &ok);
        if (!ok)
            return;
        std::tie(size, scale) = pngResolution(choice);
    }
    const ChartFormat chartFormat = format == QStringLiteral("PNG")   ? ChartFormat::Png
                                    : format == QStringLiteral("SVG") ? ChartFormat::Svg
                                                                      : ChartFormat::Csv;
    try {
        writeChartFile(chart, path, chartFormat, size, scale);
    } catch (const std::exception& error) {
        QMessageBox::warning(parent, QStringLiteral("Export failed"),
                             QString::fromUtf8(error.what()));
    }
}

} // namespace relulab
