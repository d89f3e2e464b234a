// The experiment editor's checks: the engine's validation of the shown experiment (the data
// set through DatasetCheck), and each error marked at the field it names.
#include "experimenteditor.h"

#include "datasetcheck.h"
#include "layertablemodel.h"
#include "notebookdocument.h"

#include "document/runplan.h"

#include <QFormLayout>
#include <QLabel>
#include <QTableView>

#include <algorithm>
#include <optional>

namespace relulab {

namespace {

QString qs(std::string_view text) {
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

constexpr char invalidStyle[] = "background-color: #ffd0d0;";

// The layer table's column an error about a layer setting is marked in (nothing for others).
std::optional<int> layerColumn(SettingField field) {
    switch (field) {
    case SettingField::LayerUnits:
        return LayerTableModel::UnitsColumn;
    case SettingField::LayerActivation:
        return LayerTableModel::ActivationColumn;
    case SettingField::LayerParameter:
        return LayerTableModel::ParameterColumn;
    case SettingField::LayerInitializer:
        return LayerTableModel::InitValueColumn;
    case SettingField::LayerTrains:
    case SettingField::TrainableLayers:
        return LayerTableModel::TrainsColumn;
    default:
        return std::nullopt;
    }
}

// The field whose widget shows an error: the generated numbers themselves are the kind's to
// change.
SettingField shownField(SettingField field) {
    return field == SettingField::DatasetValues ? SettingField::DatasetKind : field;
}

} // namespace

void ExperimentEditor::clearMarks() {
    for (const auto& [widget, tooltip] : m_tooltips) {
        widget->setStyleSheet(QString());
        widget->setToolTip(restingToolTip(widget));
        widget->setEnabled(!m_unused.contains(settingOf(widget)));
    }
    m_layers->clearErrors();
}

SettingField ExperimentEditor::settingOf(QWidget* field) const {
    for (const auto& [setting, widgets] : m_fields)
        if (std::find(widgets.begin(), widgets.end(), field) != widgets.end())
            return setting;
    return SettingField::None;
}

void ExperimentEditor::showProblemLine() {
    const bool checking = m_problem.startsWith(QStringLiteral("checking"));
    QString text;
    if (m_index < 0)
        text.clear();
    else if (checking)
        text = m_problem;
    else if (!m_problem.isEmpty())
        text = QStringLiteral("Cannot run: ") + m_problem;
    else if (const std::size_t runs = current().sweep.runCount(); runs > 1)
        text = QStringLiteral("Ready to run (Run sweep: %1 runs)").arg(runs);
    else
        text = QStringLiteral("Ready to run");
    const bool bad = !m_problem.isEmpty() && !checking && m_index >= 0;
    m_problemLabel->setStyleSheet(
        bad ? QStringLiteral("color: #b00020; font-weight: bold;")
            : (checking ? QStringLiteral("color: #555555;") : QStringLiteral("color: #2e7d32;")));
    m_problemLabel->setText(text);
    m_problemLabel->setToolTip(text); // whole, where the line cuts a long one
}

QString ExperimentEditor::fieldLabel(const FieldRef& field) const {
    if (const auto column = layerColumn(field.field)) {
        // An initializer's error is marked at its value, and named by the initializer.
        const int named = field.field == SettingField::LayerInitializer
                              ? int(LayerTableModel::InitializerColumn)
                              : *column;
        const QString title = m_layers->headerData(named, Qt::Horizontal).toString();
        if (field.layer < 0 || field.layer >= m_layers->rowCount())
            return title;
        return m_layers->headerData(field.layer, Qt::Vertical).toString() + QStringLiteral(", ") +
               title;
    }
    const auto widgets = m_fields.find(shownField(field.field));
    if (widgets == m_fields.end() || widgets->second.empty())
        return {};
    QWidget* widget = widgets->second.front();
    auto* form = widget->parentWidget()
                     ? qobject_cast<QFormLayout*>(widget->parentWidget()->layout())
                     : nullptr;
    auto* label = form ? qobject_cast<QLabel*>(form->labelForField(widget)) : nullptr;
    if (!label)
        return {};
    return field.field == SettingField::DatasetValues ? QStringLiteral("Data set") : label->text();
}

void ExperimentEditor::markInvalid(const InvalidInput& error) {
    const FieldRef& field = error.field();
    // A layer's label names the layer already; elsewhere (a sweep's run) the path needs its name.
    const QString where =
        error.name().empty() || layerColumn(field.field)
            ? qs(error.where())
            : qs(error.where()) + QStringLiteral(" (") + qs(error.name()) + QLatin1Char(')');
    const QString why = qs(error.message());
    // Named as the form names it; the file's path for it in the tooltip.
    const QString label = fieldLabel(field);
    const QString name = label.isEmpty() ? where : label;
    m_problem = name.isEmpty() ? why : name + QStringLiteral(": ") + why;
    showProblemLine();
    const QString tip = label.isEmpty() || where.isEmpty()
                            ? m_problem
                            : m_problem + QStringLiteral(" (") + where + QLatin1Char(')');
    const auto widgets = m_fields.find(shownField(field.field));
    if (widgets == m_fields.end())
        return;
    for (QWidget* widget : widgets->second) {
        widget->setStyleSheet(QString::fromLatin1(invalidStyle));
        widget->setToolTip(tip);
        widget->setEnabled(true); // a value that does nothing but is wrong must be mendable
    }
    // A layer's own cell in the table, or the column of every layer.
    const auto column = layerColumn(field.field);
    if (!column)
        return;
    for (int row = 0; row < m_layers->rowCount(); ++row)
        if (field.layer == row || field.layer < 0)
            m_layers->setError(row, *column, tip);
}

namespace {

// The sweep list to mark when the settings can run but a run of their sweep cannot (or all of
// its runs together need too much memory): the first list set.
SettingField sweepFieldOf(const SweepSpec& sweep) {
    if (!sweep.widths.empty())
        return SettingField::SweepWidths;
    if (!sweep.hiddenLayers.empty())
        return SettingField::SweepHiddenLayers;
    if (!sweep.learningRates.empty())
        return SettingField::SweepLearningRates;
    return SettingField::SweepInitSeeds;
}

} // namespace

void ExperimentEditor::validate() {
    clearMarks();
    m_problem.clear();
    const Experiment& experiment = current();
    const std::string base = datasetBaseDirectory();
    try {
        experiment.settings.architecture.validate();
        const DatasetCheck::Result* data = m_datasets->resultFor(experiment.settings.dataset, base);
        if (!data) { // a worker generates it; ready() validates again
            m_problem = QStringLiteral("checking the data set…");
            showProblemLine();
            Q_EMIT validityChanged(false);
            return;
        }
        if (data->error)
            throw *data->error;
        makeRunSpec({}, experiment.settings, data->data);
        try { // the settings can run: what is left is the sweep's runs and their memory
            validateExperiment(experiment, [data](const DatasetSpec&) { return data->data; });
        } catch (const InvalidInput& error) {
            throw InvalidInput(error.where(), error.message(), {sweepFieldOf(experiment.sweep)},
                               error.name());
        }
    } catch (const InvalidInput& error) {
        markInvalid(error);
    } catch (const std::exception& error) {
        markInvalid(InvalidInput({}, error.what()));
    }
    if (m_problem.isEmpty())
        showProblemLine();
    Q_EMIT validityChanged(m_problem.isEmpty());
}

} // namespace relulab
