#pragma once

#include "plots/runtables.h"

#include <QAbstractTableModel>

namespace relulab {

// A Table (predictions, parameters) for a QTableView: cells as tableText writes them, sorted by
// their numbers (sortRole), wrong predictions in red.
class TableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    static constexpr int sortRole = Qt::UserRole;

    using QAbstractTableModel::QAbstractTableModel;
    void setTable(Table table);
    const Table& table() const { return m_table; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    Table m_table;
    int m_rightColumn = -1; // the classifier's "right" column, if any
};

} // namespace relulab
