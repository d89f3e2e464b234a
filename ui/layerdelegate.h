#pragma once

#include <QStyledItemDelegate>

namespace relulab {

// Editors for the layer table: lists of activations and initializers, a spin box for units.
class LayerDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    // Installed on every spin box and list it creates (the form's wheel rule), with the form's
    // focus policy: a wheel gives them no focus.
    void setEditorFilter(QObject* filter) { m_editorFilter = filter; }

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                          const QModelIndex& index) const override;
    void setEditorData(QWidget* editor, const QModelIndex& index) const override;
    void setModelData(QWidget* editor, QAbstractItemModel* model,
                      const QModelIndex& index) const override;
    // A double click on a `values` initializer's cell opens its table (ValuesDialog).
    bool editorEvent(QEvent* event, QAbstractItemModel* model, const QStyleOptionViewItem& option,
                     const QModelIndex& index) override;

private:
    QWidget* withFilter(QWidget* editor) const;

    QObject* m_editorFilter = nullptr;
};

} // namespace relulab
