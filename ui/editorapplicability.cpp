// What applies to the shown experiment: the fields that change nothing are disabled with the
// reason (document/settinguse.h), and a change of the data set fits the net and the training to
// it in the same undoable step (document/newexperiment.h).
#include "experimenteditor.h"

#include "datasetcheck.h"
#include "notebookdocument.h"

#include "document/newexperiment.h"
#include "document/settinguse.h"

#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QMainWindow>
#include <QPushButton>
#include <QStatusBar>

#include <algorithm>

namespace relulab {

namespace {

QLabel* rowLabel(QWidget* field) {
    auto* form = field->parentWidget() ? qobject_cast<QFormLayout*>(field->parentWidget()->layout())
                                       : nullptr;
    return form ? qobject_cast<QLabel*>(form->labelForField(field)) : nullptr;
}

void setRowVisible(QWidget* field, bool visible) {
    if (auto* form = qobject_cast<QFormLayout*>(field->parentWidget()->layout()))
        form->setRowVisible(field, visible);
}

// Whether the field's row is in view: the kind's own fields, and (disabled) those another kind
// of its family has, so the family's kinds share one form. A fixed table without fields (xor)
// shows none: its family's sample counts would be numbers it does not have.
bool rowShown(const DatasetKindDescriptor& shown, DatasetField field) {
    if (shown.uses(field))
        return true;
    return !shown.fields.empty() && std::any_of(datasetKinds.begin(), datasetKinds.end(),
                                                [&](const DatasetKindDescriptor& kind) {
                                                    return kind.family == shown.family &&
                                                           kind.uses(field);
                                                });
}

} // namespace

QString ExperimentEditor::restingToolTip(QWidget* field) const {
    for (const auto& [setting, widgets] : m_fields)
        if (std::find(widgets.begin(), widgets.end(), field) != widgets.end())
            if (const auto unused = m_unused.find(setting); unused != m_unused.end())
                return QStringLiteral("Not used: ") + unused->second;
    const auto own = m_tooltips.find(field);
    return own == m_tooltips.end() ? QString() : own->second;
}

void ExperimentEditor::showWhatApplies() {
    const ExperimentSettings& settings = current().settings;
    m_unused.clear();
    for (const auto& [setting, why] : unusedSettings(settings))
        m_unused[setting] = QString::fromStdString(why);
    const DatasetKindDescriptor& kind = datasetKinds[settings.dataset.kind];
    for (const auto& [field, widgets] : m_datasetRows)
        for (QWidget* widget : widgets)
            setRowVisible(widget, rowShown(kind, field));
    for (const auto& [setting, widgets] : m_fields) {
        const bool used = !m_unused.contains(setting);
        for (QWidget* widget : widgets) {
            widget->setEnabled(used);
            widget->setToolTip(restingToolTip(widget));
            if (QLabel* label = rowLabel(widget)) {
                label->setEnabled(used);
                label->setToolTip(used ? QString() : restingToolTip(widget));
            }
        }
    }
    if (m_csvBrowse)
        m_csvBrowse->setEnabled(!m_unused.contains(SettingField::DatasetCsv));
}

std::string ExperimentEditor::datasetBaseDirectory() const {
    return m_document.path().isEmpty() ? std::string()
                                       : QFileInfo(m_document.path()).absolutePath().toStdString();
}

bool ExperimentEditor::fitToNewDataset(const Experiment& before, Experiment& edited,
                                       QString& text) {
    if (edited.settings.dataset == before.settings.dataset)
        return false;
    // A file's columns are known once it is read: here at once where that is quick.
    const Dataset* data = nullptr;
    if (datasetKinds[edited.settings.dataset.kind].family == DatasetFamily::File)
        if (const DatasetCheck::Result* read =
                m_datasets->resultFor(edited.settings.dataset, datasetBaseDirectory());
            read && read->data)
            data = read->data.get();
    FittedSettings fitted = fitToDataset(before.settings, edited.settings, data);
    if (fitted.changes.empty())
        return false;
    QStringList changes;
    for (const std::string& change : fitted.changes)
        changes << QString::fromStdString(change);
    edited.settings = std::move(fitted.settings);
    text += QStringLiteral(" (") + changes.join(QStringLiteral(", ")) + QLatin1Char(')');
    // The main window's status bar, also where the editor's dock floats in a window of its own.
    for (QWidget* above = parentWidget(); above; above = above->parentWidget())
        if (auto* window = qobject_cast<QMainWindow*>(above)) {
            window->statusBar()->showMessage(QStringLiteral("Fitted to the new data set: ") +
                                                 changes.join(QStringLiteral(", ")),
                                             15000);
            break;
        }
    return true;
}

} // namespace relulab
