#pragma once

#include <QAbstractItemModel>

#include <string>
#include <unordered_map>
#include <vector>

namespace relulab {

class NotebookDocument;

// The notebook as a tree: experiments, each with its runs (stored and training), with a status
// icon and the final train and test errors. Experiment names are editable in place.
class NotebookModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        StatusColumn,
        TrainErrorColumn,    // the last snapshot's batch loss, before its step
        TrainSetErrorColumn, // the whole training set's, after it
        TestErrorColumn,
        TrainAccuracyColumn, // classifiers: the whole training set's
        TestAccuracyColumn,
        ColumnCount
    };

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
    int experimentOf(const QModelIndex& index) const;
    static int runOf(const QModelIndex& index); // -1 for experiment rows

private:
    // Run rows name their experiment by a key that stays with it while experiments move,
    // insert and go (a row number would leave selected runs under the wrong experiment).
    quintptr keyOf(int experiment) const;
    int experimentWithKey(quintptr key) const; // -1 once it is gone

    NotebookDocument& m_document;
    mutable std::unordered_map<std::string, quintptr> m_keyOfUid;
    mutable std::vector<std::string> m_uidOfKey; // key k names m_uidOfKey[k - 1]
};

} // namespace relulab
