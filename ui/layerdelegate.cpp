#include "layerdelegate.h"

#include "layertablemodel.h"

#include "core/activation.h"
#include "core/architecture.h"
#include "core/initializer.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QSpinBox>

namespace relulab {

namespace {

template <class Table> QStringList choices(const Table& table) {
    QStringList names;
    for (const auto& entry : table)
        names << QString::fromLatin1(entry.name.data(), qsizetype(entry.name.size()));
    return names;
}

} // namespace

QWidget* LayerDelegate::withFilter(QWidget* editor) const {
    editor->setFocusPolicy(Qt::StrongFocus);
    if (m_editorFilter)
        editor->installEventFilter(m_editorFilter);
    return editor;
}

QWidget* LayerDelegate::createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                                     const QModelIndex& index) const {
    switch (index.column()) {
    case LayerTableModel::UnitsColumn: {
        auto* spin = new QSpinBox(parent);
        spin->setRange(1, Architecture::maxUnits);
        return withFilter(spin);
    }
    case LayerTableModel::ParameterColumn: {
        auto* spin = new QDoubleSpinBox(parent); // slopes like 0.001 need the digits
        spin->setDecimals(6);
        spin->setRange(-1e6, 1e6);
        return withFilter(spin);
    }
    case LayerTableModel::ActivationColumn:
    case LayerTableModel::InitializerColumn: {
        auto* combo = new QComboBox(parent);
        combo->addItems(index.column() == LayerTableModel::ActivationColumn
                            ? choices(activationKinds)
                            : choices(initializerKinds));
        return withFilter(combo);
    }
    default:
        return QStyledItemDelegate::createEditor(parent, option, index);
    }
}

void LayerDelegate::setEditorData(QWidget* editor, const QModelIndex& index) const {
    if (auto* combo = qobject_cast<QComboBox*>(editor)) {
        combo->setCurrentText(index.data(Qt::EditRole).toString());
        return;
    }
    QStyledItemDelegate::setEditorData(editor, index);
}

void LayerDelegate::setModelData(QWidget* editor, QAbstractItemModel* model,
                                 const QModelIndex& index) const {
    if (auto* combo = qobject_cast<QComboBox*>(editor)) {
        model->setData(index, combo->currentText(), Qt::EditRole);
        return;
    }
    QStyledItemDelegate::setModelData(editor, model, index);
}

} // namespace relulab
