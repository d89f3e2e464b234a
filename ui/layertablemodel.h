#pragma once

#include "document/experiment.h"

#include <QAbstractTableModel>

#include <map>

namespace relulab {

// An experiment's layers as a table: units, activation and its parameter, initializer and its
// value, and whether the layer trains. Edits produce new settings (settingsEdited), which the
// editor turns into an undoable command; the model shows whatever settings it is given.
class LayerTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        UnitsColumn,
        ActivationColumn,
        ParameterColumn,
        InitializerColumn,
        InitValueColumn,
        TrainsColumn,
        ColumnCount
    };

    explicit LayerTableModel(QObject* parent = nullptr);

    void setSettings(const ExperimentSettings& settings);
    const ExperimentSettings& settings() const { return m_settings; }
    // Marks a cell invalid with a reason (shown as its tooltip); clearErrors() unmarks all.
    void setError(int row, int column, const QString& why);
    void clearErrors();

    // A hidden layer like the last one, before the output layer; the last hidden layer out.
    ExperimentSettings withLayerAdded() const;
    ExperimentSettings withLayerRemoved(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    // A layer's hand-set weights (PyTorch's order) and biases: its `values` initializer, as
    // one edit (settingsEdited).
    void setHandSetValues(int row, std::vector<double> weights, std::vector<double> biases);
    // The names of a layer's inputs for its table of values: "x1", ... or "unit 0", ...
    std::vector<QString> inputNames(int row) const;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

Q_SIGNALS:
    void settingsEdited(const ExperimentSettings& settings, const QString& what);

public:
    InitializerSpec initializer(int row) const; // the layer's (PyTorch's default if none)

private:
    QString whyNotEditable(const QModelIndex& index) const; // empty where the cell is editable
    bool trains(int row) const;

    ExperimentSettings m_settings;
    std::map<std::pair<int, int>, QString> m_errors;
};

} // namespace relulab
