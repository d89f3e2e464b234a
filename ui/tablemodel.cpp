#include "tablemodel.h"

#include <QBrush>

#include <algorithm>

namespace relulab {

void TableModel::setTable(Table table) {
    const bool sameShape =
        table.columns == m_table.columns && table.rows.size() == m_table.rows.size();
    if (sameShape) { // a new snapshot of the same run: the view keeps its sort and scroll
        m_table = std::move(table);
        if (!m_table.rows.empty())
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
        return;
    }
    beginResetModel();
    m_table = std::move(table);
    const auto right = std::ranges::find(m_table.columns, std::string("right"));
    m_rightColumn = right == m_table.columns.end() ? -1 : int(right - m_table.columns.begin());
    endResetModel();
}

int TableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_table.rows.size());
}

int TableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_table.columns.size());
}

QVariant TableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid())
        return {};
    const auto row = std::size_t(index.row()), column = std::size_t(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return QString::fromStdString(tableText(m_table, row, column));
    case sortRole:
        return m_table.rows[row][column];
    case Qt::TextAlignmentRole: {
        const ColumnKind kind = m_table.kinds[column];
        const bool number = kind == ColumnKind::Number || kind == ColumnKind::Whole;
        return int((number ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    }
    case Qt::ForegroundRole:
        if (m_rightColumn >= 0 && m_table.rows[row][std::size_t(m_rightColumn)] == 0.0)
            return QBrush(Qt::red);
        return {};
    default:
        return {};
    }
}

QVariant TableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    return QString::fromStdString(m_table.columns[std::size_t(section)]);
}

} // namespace relulab
