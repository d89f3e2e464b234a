#pragma once

#include "core/datasetkinds.h"
#include "core/error.h"
#include "document/experiment.h"

#include <QString>
#include <QWidget>

#include <functional>
#include <map>
#include <vector>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableView;

namespace relulab {

class DatasetCheck;
class LayerTableModel;
class NotebookDocument;

// Edits one experiment: data set, layers, loss, optimizer, training, sweep and notes. Every
// change becomes an undoable command on the document; the form shows the document's state.
// Impossible values are marked at their field with a tooltip saying why (validity()).
class ExperimentEditor : public QWidget {
    Q_OBJECT
public:
    explicit ExperimentEditor(NotebookDocument& document, QWidget* parent = nullptr);

    void setExperiment(int index); // -1: none
    int experiment() const { return m_index; }
    // Empty when the experiment can run; otherwise what is wrong and where.
    const QString& problem() const { return m_problem; }
    LayerTableModel* layerModel() { return m_layers; }
    QTableView* layerTable() { return m_layerTable; }

Q_SIGNALS:
    void validityChanged(bool valid);

private:
    void build();
    void refresh();
    void validate();
    // Disables the fields that change nothing for the shown settings (unusedSettings), the
    // reason as their tooltip; hides the data set rows no kind of its family has.
    void showWhatApplies();
    // The message line above the form: what stops the run, or that it can run.
    void showProblemLine();
    // A field's tooltip when unmarked: its own, or why it is disabled.
    QString restingToolTip(QWidget* field) const;
    SettingField settingOf(QWidget* field) const; // None for a widget that edits no setting
    // Marks the field the error names (error.field()) and says why above the form.
    void markInvalid(const InvalidInput& error);
    // The field's name as the form shows it ("Learning rate", "hidden 1, Units"); empty when
    // it has no label of its own.
    QString fieldLabel(const FieldRef& field) const;
    void clearMarks();
    // Applies an edit of the shown experiment as one undoable step.
    void commit(const Experiment& edited, const QString& text, const QString& mergeKey);
    void commitSettings(const ExperimentSettings& settings, const QString& text,
                        const QString& mergeKey = {});
    // What a change of the data set broke is fitted to it in the same step (fitToDataset),
    // said in the step's text and the status bar; false when nothing needed it.
    bool fitToNewDataset(const Experiment& before, Experiment& edited, QString& text);
    std::string datasetBaseDirectory() const; // where relative CSV paths start
    const Experiment& current() const;

    // Field builders: each edit writes its value into a copy of the experiment.
    // `key` is the widget's object name; `field` what errors about it name.
    QLineEdit* numberField(const QString& key, SettingField field, const QString& label,
                           std::function<double(const Experiment&)> get,
                           std::function<void(Experiment&, double)> set);
    QSpinBox* integerField(const QString& key, SettingField field, const QString& label,
                           long long low, long long high,
                           std::function<long long(const Experiment&)> get,
                           std::function<void(Experiment&, long long)> set);
    QLineEdit* textField(const QString& key, SettingField field, const QString& label,
                         std::function<QString(const Experiment&)> get,
                         std::function<void(Experiment&, const QString&)> set);
    QComboBox* choiceField(const QString& key, SettingField field, const QString& label,
                           const QStringList& choices,
                           std::function<QString(const Experiment&)> get,
                           std::function<void(Experiment&, const QString&)> set);

    NotebookDocument& m_document;
    int m_index = -1;
    bool m_refreshing = false;
    QString m_problem;
    QLabel* m_problemLabel = nullptr;
    LayerTableModel* m_layers = nullptr;
    QTableView* m_layerTable = nullptr;
    QPlainTextEdit* m_notes = nullptr;
    QPushButton* m_csvBrowse = nullptr;
    std::vector<std::function<void()>> m_refreshers; // field <- document
    // Fields by the setting they edit, to mark the one an error names.
    std::map<SettingField, std::vector<QWidget*>> m_fields;
    // The data set's rows: shown for the kinds that use them, spin boxes within their limits.
    std::map<DatasetField, std::vector<QWidget*>> m_datasetRows;
    DatasetCheck* m_datasets = nullptr;
    std::map<QWidget*, QString> m_tooltips;   // each field's own tooltip, put back when fixed
    std::map<SettingField, QString> m_unused; // the fields that do nothing now, and why
    QFormLayout* m_form = nullptr;            // where build() adds fields
};

} // namespace relulab
