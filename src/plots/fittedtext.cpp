#include "plots/fittedtext.h"

#include "plots/axisticks.h"
#include "plots/chartpalette.h"

#include <QCategoryAxis>
#include <QChart>
#include <QFontMetricsF>
#include <QGraphicsLayout>
#include <QLegend>
#include <QLegendMarker>
#include <QLogValueAxis>

#include <cmath>

namespace relulab {

namespace {

constexpr char fittedTextName[] = "relulabFittedText"; // found by name: no moc in plots
constexpr double horizontalGap = 14.0;                 // pixels between neighbouring x labels
constexpr double labelSharePadding = 10.0; // Qt's label padding either side, and rounding
constexpr double verticalSpacing = 1.8;    // y labels' line heights from one to the next
constexpr double titleSideRoom = 64.0;     // the chart's margins either side of its title and the
                                           // rich text's own (Qt elided lines of width - 40)
constexpr double smallFontRatio = 0.83;    // HTML <small> in the title's font
constexpr int scaleBlocks = 12;            // colours shown of a colour scale
constexpr double legendEntryRoom = 34.0;   // a legend entry's marker and spacing, beside its name

// Greedy word wrap: lines of at most `width` pixels (a single word wider stays whole).
QStringList wrapped(const QString& text, const QFontMetricsF& metrics, double width) {
    QStringList lines;
    QString line;
    for (const QString& word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QString longer = line.isEmpty() ? word : line + QLatin1Char(' ') + word;
        if (!line.isEmpty() && metrics.horizontalAdvance(longer) > width) {
            lines << line;
            line = word;
        } else {
            line = longer;
        }
    }
    if (!line.isEmpty())
        lines << line;
    return lines;
}

QString escapedLines(const QStringList& lines) {
    QStringList escaped;
    for (const QString& line : lines)
        escaped << line.toHtmlEscaped();
    return escaped.join(QStringLiteral("<br>"));
}

} // namespace

FittedText::FittedText(QChart& chart, QString title, QString note, QString scaleLow,
                       QString scaleHigh, const std::vector<QColor>& scaleColours)
    : QObject(&chart)
    , m_chart(chart)
    , m_title(std::move(title))
    , m_note(std::move(note)) {
    if (!scaleLow.isEmpty()) {
        m_scale = scaleLow.toHtmlEscaped() + QLatin1Char(' ');
        for (int block = 0; block < scaleBlocks; ++block)
            m_scale += QStringLiteral("<font color=\"%1\">&#x2588;</font>")
                           .arg(scaleColours.size() == std::size_t(scaleBlocks)
                                    ? scaleColours[std::size_t(block)].name()
                                    : scaleColour(double(block) / (scaleBlocks - 1)).name());
        m_scale += QLatin1Char(' ') + scaleHigh.toHtmlEscaped();
    }
    setObjectName(QLatin1String(fittedTextName));
    connect(&chart, &QChart::plotAreaChanged, this, &FittedText::refit);
    // A chart moved to a narrower place can hear of its new plot area before its own size has
    // changed (a grid going from one column to two): its title, wrapped for the old width, was
    // elided. Refitting once the geometry has settled wraps it for the new one.
    connect(&chart, &QGraphicsWidget::geometryChanged, this, &FittedText::refit,
            Qt::QueuedConnection);
    chart.setTitle(wrappedTitle(chart.size().width()));
}

void FittedText::addAxis(QCategoryAxis* axis, Qt::Orientation orientation, bool wholeNumbers,
                         std::vector<std::string> names) {
    axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_axes.push_back({axis, orientation, wholeNumbers, std::move(names)});
    connect(axis, &QValueAxis::rangeChanged, this, &FittedText::refit);
}

void FittedText::addLogAxis(QLogValueAxis* axis) {
    m_logAxes.push_back(axis);
    connect(axis, &QLogValueAxis::rangeChanged, this, &FittedText::refit);
}

void FittedText::fitLogAxis(QLogValueAxis* axis) {
    const QRectF plot = m_chart.plotArea();
    const QFontMetricsF metrics(axis->labelsFont());
    const bool vertical = axis->orientation() == Qt::Vertical;
    const double room = vertical ? plot.height() : plot.width();
    const double label = vertical
                             ? verticalSpacing * metrics.height()
                             : metrics.horizontalAdvance(QStringLiteral("1e-10")) + horizontalGap;
    if (!(room > 0.0) || !(axis->min() > 0.0) || !(axis->max() > axis->min()))
        return;
    const double decades = std::log10(axis->max() / axis->min());
    const int fit = std::max(1, int(room / label) - 1); // labels with room between them
    const double base = std::pow(10.0, std::max(1.0, std::ceil(decades / fit)));
    if (axis->base() == base)
        return;
    // Minor ticks of -1 are base - 1 per step: 9 for base 10, a million for base 1e6.
    axis->setMinorTickCount(base == 10.0 ? -1 : 0);
    axis->setBase(base);
}

FittedText* FittedText::of(QChart& chart) {
    QObject* found =
        chart.findChild<QObject*>(QLatin1String(fittedTextName), Qt::FindDirectChildrenOnly);
    return static_cast<FittedText*>(found);
}

QString FittedText::wrappedTitle(double width) const {
    QFont titleFont = m_chart.titleFont();
    const double room = std::max(80.0, width - titleSideRoom);
    // An unlaid chart (width 0) keeps its lines whole until it has a size.
    const bool sized = width > 0.0;
    const QString title = sized ? escapedLines(wrapped(m_title, QFontMetricsF(titleFont), room))
                                : m_title.toHtmlEscaped();
    const QString scale =
        m_scale.isEmpty() ? QString()
                          : QStringLiteral("<br><small>") + m_scale + QStringLiteral("</small>");
    if (m_note.isEmpty())
        return title + scale;
    titleFont.setPointSizeF(titleFont.pointSizeF() * smallFontRatio);
    const QString note = sized ? escapedLines(wrapped(m_note, QFontMetricsF(titleFont), room))
                               : m_note.toHtmlEscaped();
    return title + QStringLiteral("<br><small>") + note + QStringLiteral("</small>") + scale;
}

void FittedText::refit() {
    if (m_fitting) // our own label changes move the plot area again
        return;
    m_fitting = true;
    const QString title = wrappedTitle(m_chart.size().width());
    if (title != m_chart.title())
        m_chart.setTitle(title);
    for (const Axis& axis : m_axes)
        fitAxis(axis);
    for (QLogValueAxis* axis : m_logAxes)
        fitLogAxis(axis);
    if (m_legendMoves && m_chart.legend()->isVisible() && m_chart.size().width() > 0) {
        const QFontMetricsF metrics(m_chart.legend()->font());
        double row = 0.0;
        for (const QLegendMarker* marker : m_chart.legend()->markers())
            if (marker->isVisible())
                row += metrics.horizontalAdvance(marker->label()) + legendEntryRoom;
        const Qt::Alignment wanted =
            row > m_chart.size().width() - titleSideRoom ? Qt::AlignRight : Qt::AlignBottom;
        if (m_chart.legend()->alignment() != wanted)
            m_chart.legend()->setAlignment(wanted);
    }
    m_fitting = false;
}

void FittedText::fitAxis(const Axis& a) {
    const QRectF plot = m_chart.plotArea();
    const QFontMetricsF metrics(a.axis->labelsFont());
    TickRoom room;
    room.wholeNumbers = a.wholeNumbers;
    room.names = a.names;
    // Before its first layout a chart has no plot area: ticks for a middling one meanwhile,
    // so that an axis never stands without labels.
    const QSizeF area = plot.isEmpty() ? QSizeF(400.0, 250.0) : plot.size();
    if (a.orientation == Qt::Horizontal) {
        room.pixels = area.width();
        room.gap = horizontalGap;
        room.sharePadding = labelSharePadding;
        room.labelExtent = [&metrics](const std::string& label) {
            return metrics.horizontalAdvance(QString::fromStdString(label));
        };
    } else {
        room.pixels = area.height();
        room.gap = (verticalSpacing - 1.0) * metrics.height();
        room.labelExtent = [&metrics](const std::string&) { return metrics.height(); };
    }
    const double low = a.axis->min(), high = a.axis->max();
    const std::vector<Tick> ticks = niceTicks(low, high, room);
    QStringList labels;
    for (const Tick& tick : ticks)
        labels << QString::fromStdString(tick.label);
    if (labels == a.axis->categoriesLabels() && a.axis->startValue() == low)
        return;
    for (const QString& label : a.axis->categoriesLabels())
        a.axis->remove(label);
    // Categories run from the axis's low end to each tick: the label and grid line sit there.
    a.axis->setStartValue(low);
    for (const Tick& tick : ticks)
        a.axis->append(QString::fromStdString(tick.label), tick.value);
}

void settleChartLayout(QChart& chart) {
    for (int pass = 0; pass < 3; ++pass) {
        chart.layout()->invalidate();
        chart.layout()->activate();
        if (FittedText* text = FittedText::of(chart))
            text->refit();
    }
    chart.layout()->activate();
}

} // namespace relulab
