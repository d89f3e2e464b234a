#include "layerdelegate.h"

#include "layertablemodel.h"
#include "valuesdialog.h"

#include "core/activation.h"
#include "core/architecture.h"
#include "core/initializer.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
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

bool LayerDelegate::editorEvent(QEvent* event, QAbstractItemModel* model,
                                const QStyleOptionViewItem& option, const QModelIndex& index) {
    auto* layers = qobject_cast<LayerTableModel*>(model);
    if (event->type() == QEvent::MouseButtonDblClick && layers &&
        index.column() == LayerTableModel::InitValueColumn &&
        layers->initializer(index.row()).kind == InitializerKind::Values) {
        const InitializerSpec spec = layers->initializer(index.row());
        const std::size_t units =
            std::size_t(layers->settings().architecture.layers.at(std::size_t(index.row())).units);
        ValuesDialog dialog(layers->headerData(index.row(), Qt::Vertical).toString(),
                            layers->inputNames(index.row()), units, spec.weights, spec.biases,
                            qobject_cast<QWidget*>(parent()));
        if (dialog.exec() == QDialog::Accepted)
            layers->setHandSetValues(index.row(), dialog.weights(), dialog.biases());
        return true;
    }
    return QStyledItemDelegate::editorEvent(event, model, option, index);
}

} // namespace relulab
