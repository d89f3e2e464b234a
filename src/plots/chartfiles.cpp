#include "plots/chartfiles.h"

#include <QFile>
#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>
#include <QSaveFile>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace relulab {

namespace {

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

QByteArray csvField(const std::string& text) {
    QByteArray field = QByteArray::fromStdString(text);
    if (field.contains(',') || field.contains('"') || field.contains('\n'))
        field = '"' + field.replace("\"", "\"\"") + '"';
    return field;
}

constexpr std::array<QRgb, 10> palette{0x1f77b4, 0xd62728, 0x2ca02c, 0xff7f0e, 0x9467bd,
                                       0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf};

// Round tick positions covering [low, high].
std::vector<double> ticks(double low, double high) {
    const double span = high - low;
    const double raw = span / 5.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude;
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (raw <= m * magnitude) {
            step = m * magnitude;
            break;
        }
    std::vector<double> out;
    for (double t = std::ceil(low / step) * step; t <= high + 1e-9 * span; t += step)
        out.push_back(std::abs(t) < 1e-12 * span ? 0.0 : t);
    return out;
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

QImage renderChart(const Chart& chart, int width, int height) {
    QImage image(width, height, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    QFont font = painter.font();
    font.setPixelSize(std::max(10, height / 48));
    painter.setFont(font);
    const QFontMetrics metrics(font);

    // Data range; log axes keep positive values only.
    auto yOf = [&](double y) { return chart.logY ? std::log10(y) : y; };
    double xMin = std::numeric_limits<double>::infinity(), xMax = -xMin;
    double yMin = xMin, yMax = -xMin;
    for (const Series& s : chart.series)
        for (std::size_t i = 0; i < (s.setsRange ? s.x.size() : 0); ++i) {
            if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i]) || (chart.logY && s.y[i] <= 0))
                continue;
            xMin = std::min(xMin, s.x[i]);
            xMax = std::max(xMax, s.x[i]);
            yMin = std::min(yMin, yOf(s.y[i]));
            yMax = std::max(yMax, yOf(s.y[i]));
        }
    if (!std::isfinite(xMin)) {
        xMin = 0, xMax = 1, yMin = 0, yMax = 1;
    }
    if (xMax <= xMin)
        xMax = xMin + 1;
    if (yMax <= yMin) {
        yMin -= 0.5;
        yMax += 0.5;
    }
    const double pad = 0.05 * (yMax - yMin);
    yMin -= pad;
    yMax += pad;

    const int left = metrics.horizontalAdvance(QStringLiteral("-0.000e-00")) + 24;
    const int top = metrics.height() * 2 + 8;
    const int right = 24;
    const int bottom = metrics.height() * 3 + 8;
    const QRectF plot(left, top, width - left - right, height - top - bottom);
    auto px = [&](double x) { return plot.left() + (x - xMin) / (xMax - xMin) * plot.width(); };
    auto py = [&](double y) {
        return plot.bottom() - (yOf(y) - yMin) / (yMax - yMin) * plot.height();
    };

    painter.drawText(QRectF(0, 4, width, metrics.height() * 1.5), Qt::AlignCenter, qs(chart.title));
    painter.setPen(QPen(Qt::black, 1));
    painter.drawRect(plot);
    for (double t : ticks(xMin, xMax)) {
        const double x = px(t);
        painter.setPen(QPen(QColor(230, 230, 230), 1));
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        painter.setPen(Qt::black);
        painter.drawText(QRectF(x - 60, plot.bottom() + 4, 120, metrics.height()), Qt::AlignCenter,
                         QString::number(t, 'g', 4));
    }
    for (double t : ticks(yMin, yMax)) {
        if (chart.logY && t != std::floor(t))
            continue; // decades only
        const double y = plot.bottom() - (t - yMin) / (yMax - yMin) * plot.height();
        painter.setPen(QPen(QColor(230, 230, 230), 1));
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        painter.setPen(Qt::black);
        const QString label =
            chart.logY ? QStringLiteral("1e%1").arg(int(t)) : QString::number(t, 'g', 4);
        painter.drawText(QRectF(0, y - metrics.height() / 2.0, left - 6, metrics.height()),
                         Qt::AlignRight | Qt::AlignVCenter, label);
    }
    painter.drawText(
        QRectF(plot.left(), height - metrics.height() * 1.5, plot.width(), metrics.height() * 1.5),
        Qt::AlignCenter, qs(chart.xLabel));
    painter.save();
    painter.translate(12, plot.center().y());
    painter.rotate(-90);
    painter.drawText(
        QRectF(-plot.height() / 2, -metrics.height(), plot.height(), metrics.height() * 1.5),
        Qt::AlignCenter, qs(chart.yLabel) + (chart.logY ? QStringLiteral(" (log)") : QString()));
    painter.restore();

    painter.setClipRect(plot);
    for (std::size_t i = 0; i < chart.series.size(); ++i) {
        const Series& s = chart.series[i];
        const QColor color(palette[i % palette.size()]);
        QPen pen(color, s.style == SeriesStyle::Line ? 2.0 : 1.5);
        if (s.style == SeriesStyle::Dashed)
            pen.setStyle(Qt::DashLine);
        if (s.style == SeriesStyle::Dotted)
            pen.setStyle(Qt::DotLine);
        painter.setPen(pen);
        if (s.style == SeriesStyle::Points || s.style == SeriesStyle::Markers) {
            painter.setBrush(s.style == SeriesStyle::Markers ? QBrush(color) : QBrush(Qt::NoBrush));
            const double r = s.style == SeriesStyle::Markers ? 4.5 : 2.5;
            for (std::size_t k = 0; k < s.x.size(); ++k)
                if (std::isfinite(s.y[k]) && (!chart.logY || s.y[k] > 0))
                    painter.drawEllipse(QPointF(px(s.x[k]), py(s.y[k])), r, r);
            painter.setBrush(Qt::NoBrush);
            continue;
        }
        QPainterPath path;
        bool penDown = false;
        for (std::size_t k = 0; k < s.x.size(); ++k) {
            if (!std::isfinite(s.y[k]) || (chart.logY && s.y[k] <= 0)) {
                penDown = false;
                continue;
            }
            const QPointF p(px(s.x[k]), py(s.y[k]));
            if (penDown)
                path.lineTo(p);
            else
                path.moveTo(p);
            penDown = true;
        }
        painter.drawPath(path);
    }
    painter.setClipping(false);

    // Legend: the first dozen series, top right.
    const std::size_t shown = std::min<std::size_t>(chart.series.size(), 12);
    int legendWidth = 0;
    for (std::size_t i = 0; i < shown; ++i)
        legendWidth = std::max(legendWidth, metrics.horizontalAdvance(qs(chart.series[i].name)));
    const QRectF box(plot.right() - legendWidth - 44, plot.top() + 6, legendWidth + 38,
                     metrics.height() * double(shown) + 8);
    if (shown > 0) {
        painter.setPen(QPen(QColor(180, 180, 180)));
        painter.setBrush(QColor(255, 255, 255, 220));
        painter.drawRect(box);
        for (std::size_t i = 0; i < shown; ++i) {
            const double y = box.top() + 4 + metrics.height() * (double(i) + 0.5);
            painter.setPen(QPen(QColor(palette[i % palette.size()]), 2));
            painter.drawLine(QPointF(box.left() + 6, y), QPointF(box.left() + 26, y));
            painter.setPen(Qt::black);
            painter.drawText(QPointF(box.left() + 32, y + metrics.ascent() / 2.0 - 1),
                             qs(chart.series[i].name));
        }
    }
    return image;
}

void writeChartFiles(const Chart& chart, const QString& stem) {
    QSaveFile csv(stem + QStringLiteral(".csv"));
    if (!csv.open(QIODevice::WriteOnly) || csv.write(chartCsv(chart)) < 0 || !csv.commit())
        throw std::runtime_error((stem + QStringLiteral(".csv")).toStdString() +
                                 ": cannot write: " + csv.errorString().toStdString());
    const QString png = stem + QStringLiteral(".png");
    if (!renderChart(chart).save(png, "PNG"))
        throw std::runtime_error(png.toStdString() + ": cannot write the image");
}

} // namespace relulab
