#include "ui/valuestable.h"

#include <QHeaderView>
#include <QLocale>

#include <charconv>
#include <cmath>

namespace relulab {

namespace {

bool parse(const QString& text, double& value) {
    bool ok = false;
    value = QLocale::c().toDouble(text.trimmed(), &ok);
    return ok && std::isfinite(value);
}

// The fewest digits that read back as `value`; a float32 value (a drawn parameter) as the float
// it is ("-0.03345544", not 17 digits), which reads back as that float when a run starts.
QString shortest(double value) {
    char text[32];
    const float single = float(value);
    const auto end = double(single) == value ? std::to_chars(text, text + sizeof text, single).ptr
                                             : std::to_chars(text, text + sizeof text, value).ptr;
    return QString::fromLatin1(text, end - text);
}

} // namespace

ValuesTable::ValuesTable(const std::vector<QString>& inputNames, std::size_t units,
                         const std::vector<double>& weights, const std::vector<double>& biases,
                         QWidget* parent)
    : QTableWidget(int(units), int(inputNames.size()) + 1, parent)
    , m_inputs(inputNames.size()) {
    setObjectName(QStringLiteral("values"));
    QStringList columns;
    for (const QString& name : inputNames)
        columns << QStringLiteral("w · %1").arg(name);
    columns << QStringLiteral("bias");
    setHorizontalHeaderLabels(columns);
    QStringList rows;
    for (std::size_t u = 0; u < units; ++u)
        rows << QStringLiteral("unit %1").arg(u);
    setVerticalHeaderLabels(rows);
    const bool given = weights.size() == units * m_inputs && biases.size() == units;
    for (std::size_t u = 0; u < units; ++u)
        for (std::size_t i = 0; i <= m_inputs; ++i) {
            const double v = !given ? 0.0 : i < m_inputs ? weights[u * m_inputs + i] : biases[u];
            setItem(int(u), int(i), new QTableWidgetItem(shortest(v)));
        }
    horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(this, &QTableWidget::itemChanged, this, &ValuesTable::check);
    check();
}

void ValuesTable::check() {
    bool all = true;
    {
        const QSignalBlocker block(this); // colouring a cell is no edit
        for (int r = 0; r < rowCount(); ++r)
            for (int c = 0; c < columnCount(); ++c) {
                QTableWidgetItem* it = item(r, c);
                double v = 0.0;
                const bool ok = it && parse(it->text(), v);
                all = all && ok;
                if (it) {
                    it->setBackground(ok ? QBrush() : QBrush(QColor(255, 205, 205)));
                    it->setToolTip(ok ? QString() : QStringLiteral("not a finite number"));
                }
            }
    }
    if (all != m_allNumbers) {
        m_allNumbers = all;
        Q_EMIT validityChanged(all);
    }
}

double ValuesTable::cell(int row, int column) const {
    double v = 0.0;
    const QTableWidgetItem* it = item(row, column);
    return it && parse(it->text(), v) ? v : 0.0;
}

std::vector<double> ValuesTable::weights() const {
    std::vector<double> values;
    for (int r = 0; r < rowCount(); ++r)
        for (int c = 0; c < int(m_inputs); ++c)
            values.push_back(cell(r, c));
    return values;
}

std::vector<double> ValuesTable::biases() const {
    std::vector<double> values;
    for (int r = 0; r < rowCount(); ++r)
        values.push_back(cell(r, int(m_inputs)));
    return values;
}

} // namespace relulab
