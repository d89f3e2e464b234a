#pragma once

#include <QAbstractItemModel>

namespace relulab {

class NotebookDocument;

// The notebook as a tree: experiments, each with its runs (stored and training), with a status
// icon and the final train and test errors. Experiment names are editable in place.
class NotebookModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { NameColumn, StatusColumn, TrainErrorColumn, TestErrorColumn, ColumnCount };

    explicit NotebookModel(NotebookDocument& document, QObject* parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

    // -1 where the index is not an experiment row (or a run of one).
    static int experimentOf(const QModelIndex& index);
    static int runOf(const QModelIndex& index); // -1 for experiment rows

private:
    NotebookDocument& m_document;
};

} // namespace relulab
