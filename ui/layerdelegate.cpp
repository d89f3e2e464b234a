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

QStringList activationChoices() {
    QStringList names;
    for (ActivationKind kind :
         {ActivationKind::Relu, ActivationKind::Identity, ActivationKind::LeakyRelu,
          ActivationKind::Elu, ActivationKind::Selu, ActivationKind::Softplus,
          ActivationKind::Sigmoid, ActivationKind::Tanh})
        names << QString::fromLatin1(activationName(kind).data(),
                                     qsizetype(activationName(kind).size()));
    return names;
}

QStringList initializerChoices() {
    QStringList names;
    for (InitializerKind kind :
         {InitializerKind::PyTorchDefault, InitializerKind::XavierUniform,
          InitializerKind::XavierNormal, InitializerKind::HeNormal, InitializerKind::Zeros,
          InitializerKind::Constant, InitializerKind::Negative, InitializerKind::Elbows,
          InitializerKind::Values})
        names << QString::fromLatin1(initializerName(kind).data(),
                                     qsizetype(initializerName(kind).size()));
    return names;
}

} // namespace

QWidget* LayerDelegate::createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                                     const QModelIndex& index) const {
    switch (index.column()) {
    case LayerTableModel::UnitsColumn: {
        auto* spin = new QSpinBox(parent);
        spin->setRange(1, Architecture::maxUnits);
        return spin;
    }
    case LayerTableModel::ParameterColumn: {
        auto* spin = new QDoubleSpinBox(parent); // slopes like 0.001 need the digits
        spin->setDecimals(6);
        spin->setRange(-1e6, 1e6);
        return spin;
    }
    case LayerTableModel::ActivationColumn:
    case LayerTableModel::InitializerColumn: {
        auto* combo = new QComboBox(parent);
        combo->addItems(index.column() == LayerTableModel::ActivationColumn ? activationChoices()
                                                                            : initializerChoices());
        return combo;
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
