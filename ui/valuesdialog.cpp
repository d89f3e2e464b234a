#include "ui/valuesdialog.h"

#include "ui/valuestable.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace relulab {

namespace {

QLabel* aboutUnits(QWidget* parent) {
    auto* about = new QLabel(
        QStringLiteral("Unit i computes w<sub>i</sub> · input + b<sub>i</sub>: a row per "
                       "unit, a column per input, then the bias. On one input a ReLU "
                       "unit's elbow is at x = −b/w."),
        parent);
    about->setWordWrap(true);
    return about;
}

QDialogButtonBox* okCancel(QDialog* dialog) {
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    QObject::connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    return buttons;
}

// Room for the columns of the widest table and the rows of the longest, within a laptop screen.
QSize roomFor(std::size_t columns, std::size_t rows) {
    return {std::min(900, 160 + 110 * int(columns)), std::min(640, 200 + 30 * int(rows))};
}

} // namespace

ValuesDialog::ValuesDialog(const QString& layerName, const std::vector<QString>& inputNames,
                           std::size_t units, const std::vector<double>& weights,
                           const std::vector<double>& biases, QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(QStringLiteral("Hand-set weights and biases of %1").arg(layerName));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(aboutUnits(this));
    m_table = new ValuesTable(inputNames, units, weights, biases, this);
    layout->addWidget(m_table);
    m_buttons = okCancel(this);
    layout->addWidget(m_buttons);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_table->allNumbers());
    connect(m_table, &ValuesTable::validityChanged, m_buttons->button(QDialogButtonBox::Ok),
            &QPushButton::setEnabled);
    resize(roomFor(inputNames.size() + 1, units));
}

std::vector<double> ValuesDialog::weights() const {
    return m_table->weights();
}

std::vector<double> ValuesDialog::biases() const {
    return m_table->biases();
}

ParametersDialog::ParametersDialog(const QString& title, const std::vector<Layer>& layers,
                                   QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(title);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(aboutUnits(this));
    auto* tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("layers"));
    std::size_t columns = 0, rows = 0;
    for (const Layer& layer : layers) {
        auto* table =
            new ValuesTable(layer.inputNames, layer.units, layer.weights, layer.biases, tabs);
        tabs->addTab(table, layer.name);
        connect(table, &ValuesTable::validityChanged, this, &ParametersDialog::check);
        m_tables.push_back(table);
        columns = std::max(columns, layer.inputNames.size() + 1);
        rows = std::max(rows, layer.units);
    }
    layout->addWidget(tabs);
    m_buttons = okCancel(this);
    layout->addWidget(m_buttons);
    check();
    resize(roomFor(columns, rows) + QSize(0, 40));
}

void ParametersDialog::check() {
    m_buttons->button(QDialogButtonBox::Ok)
        ->setEnabled(std::ranges::all_of(m_tables, &ValuesTable::allNumbers));
}

std::vector<double> ParametersDialog::weights(std::size_t layer) const {
    return m_tables.at(layer)->weights();
}

std::vector<double> ParametersDialog::biases(std::size_t layer) const {
    return m_tables.at(layer)->biases();
}

} // namespace relulab
