#include "ui/valuesdialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace relulab {

namespace {

// A finite number in the C locale, as the notebook's JSON writes it.
bool parse(const QString& text, double& value) {
    bool ok = false;
    value = QLocale::c().toDouble(text.trimmed(), &ok);
    return ok && std::isfinite(value);
}

} // namespace

ValuesDialog::ValuesDialog(const QString& layerName, const std::vector<QString>& inputNames,
                           std::size_t units, const std::vector<double>& weights,
                           const std::vector<double>& biases, QWidget* parent)
    : QDialog(parent)
    , m_inputs(inputNames.size()) {
    setWindowTitle(QStringLiteral("Hand-set weights and biases of %1").arg(layerName));
    auto* layout = new QVBoxLayout(this);
    auto* about = new QLabel(QStringLiteral(
        "Unit i computes w<sub>i</sub> · input + b<sub>i</sub>: a row per unit, a column per "
        "input, then the bias. On one input a ReLU unit's elbow is at x = −b/w."));
    about->setWordWrap(true);
    layout->addWidget(about);
    m_table = new QTableWidget(int(units), int(m_inputs) + 1, this);
    m_table->setObjectName(QStringLiteral("values"));
    QStringList columns;
    for (const QString& name : inputNames)
        columns << QStringLiteral("w · %1").arg(name);
    columns << QStringLiteral("bias");
    m_table->setHorizontalHeaderLabels(columns);
    QStringList rows;
    for (std::size_t u = 0; u < units; ++u)
        rows << QStringLiteral("unit %1").arg(u);
    m_table->setVerticalHeaderLabels(rows);
    const bool given = weights.size() == units * m_inputs && biases.size() == units;
    for (std::size_t u = 0; u < units; ++u) {
        for (std::size_t i = 0; i <= m_inputs; ++i) {
            const double v = !given ? 0.0 : i < m_inputs ? weights[u * m_inputs + i] : biases[u];
            m_table->setItem(int(u), int(i), new QTableWidgetItem(QString::number(v, 'g', 10)));
        }
    }
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    layout->addWidget(m_table);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);
    connect(m_table, &QTableWidget::itemChanged, this, &ValuesDialog::check);
    check();
    resize(std::min(900, 160 + 110 * int(m_inputs + 1)), std::min(640, 200 + 30 * int(units)));
}

void ValuesDialog::check() {
    bool all = true;
    const QSignalBlocker block(m_table); // colouring a cell is no edit
    for (int r = 0; r < m_table->rowCount(); ++r)
        for (int c = 0; c < m_table->columnCount(); ++c) {
            QTableWidgetItem* item = m_table->item(r, c);
            double v = 0.0;
            const bool ok = item && parse(item->text(), v);
            all = all && ok;
            if (item) {
                item->setBackground(ok ? QBrush() : QBrush(QColor(255, 205, 205)));
                item->setToolTip(ok ? QString() : QStringLiteral("not a finite number"));
            }
        }
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(all);
}

double ValuesDialog::cell(int row, int column) const {
    double v = 0.0;
    const QTableWidgetItem* item = m_table->item(row, column);
    return item && parse(item->text(), v) ? v : 0.0;
}

std::vector<double> ValuesDialog::weights() const {
    std::vector<double> values;
    for (int r = 0; r < m_table->rowCount(); ++r)
        for (int c = 0; c < int(m_inputs); ++c)
            values.push_back(cell(r, c));
    return values;
}

std::vector<double> ValuesDialog::biases() const {
    std::vector<double> values;
    for (int r = 0; r < m_table->rowCount(); ++r)
        values.push_back(cell(r, int(m_inputs)));
    return values;
}

} // namespace relulab
